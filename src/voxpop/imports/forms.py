"""The upload form: every registered format, a source, an optional mapping, the options."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voxpop.conversations.models import Source
from voxpop.imports.formats import FORMATS
from voxpop.imports.mapping import Mapping, mapping_from_text, parse_options
from voxpop.imports.records import InputError
from voxpop.imports.uploads import MAX_MAPPING_BYTES, InMemory, StoredFile, Upload, UploadHandler

SOURCE_MAX = Source._meta.get_field("name").max_length or 100


class UploadForm(forms.Form):
    format = forms.ChoiceField(label=gettext_lazy("Format"))
    source = forms.CharField(
        label=gettext_lazy("Source"),
        required=False,
        max_length=SOURCE_MAX,
        help_text=gettext_lazy("Where these conversations come from; empty: named after the format."),
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        error_messages={
            "required": gettext_lazy("Choose a file to import."),
            "empty": gettext_lazy("The file is empty."),
        },
    )
    mapping = forms.FileField(
        label=gettext_lazy("Mapping file"),
        required=False,
        help_text=gettext_lazy("Optional: a YAML or JSON column mapping (see the import guide)."),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run: import, count, and roll everything back"), required=False
    )
    strict = forms.BooleanField(
        label=gettext_lazy("Strict: any rejected row aborts the whole file, nothing written"), required=False
    )
    create_tags = forms.BooleanField(
        label=gettext_lazy("Create unknown tags under “Unsorted”"), required=False
    )

    def __init__(self, *args: Any, handler: UploadHandler | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.handler = handler
        # Every registered format, so one added later appears here without a change.
        choice = self.fields["format"]
        assert isinstance(choice, forms.ChoiceField)
        choice.choices = [(name, f"{name} — {fmt.help}") for name, fmt in FORMATS.items()]
        self.parsed_mapping = Mapping()

    def _too_large(self, field: str) -> bool:
        return self.handler is not None and field in self.handler.too_large

    def clean_source(self) -> str:
        value = " ".join(str(self.cleaned_data.get("source") or "").split())
        if any(not ch.isprintable() for ch in value):
            raise forms.ValidationError(_("Use letters, digits and punctuation only."))
        return value

    def clean_file(self) -> StoredFile:
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, StoredFile):
            raise forms.ValidationError(_("Choose a file to import."))
        return upload

    def clean_mapping(self) -> InMemory | None:
        upload = self.cleaned_data.get("mapping")
        if not upload:
            return None
        if not isinstance(upload, InMemory):
            raise forms.ValidationError(_("Choose a mapping file."))
        try:
            text = upload.data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(
                _("“%(name)s” is not UTF-8 text (byte %(at)s).") % {"name": upload.name, "at": exc.start}
            ) from exc
        try:
            self.parsed_mapping = mapping_from_text(text, str(upload.name))
            parse_options(self.parsed_mapping)
        except InputError as exc:
            raise forms.ValidationError(str(exc).removeprefix("import: ")) from exc
        return upload

    def full_clean(self) -> None:
        super().full_clean()
        # Refused while receiving: say so, naming the limit, instead of "required".
        for name, limit in (
            ("file", self.handler.limit if self.handler else 0),
            ("mapping", MAX_MAPPING_BYTES),
        ):
            if self._too_large(name):
                self.errors.pop(name, None)
                if name in self.cleaned_data:
                    del self.cleaned_data[name]
                self.add_error(
                    name,
                    _("The file is larger than the %(limit)s limit; nothing was stored.")
                    % {"limit": filesizeformat(limit)},
                )

    def upload(self) -> Upload:
        data = self.cleaned_data
        mapping_file = data.get("mapping")
        return Upload(
            format=data["format"],
            file=data["file"],
            source=data.get("source") or "",
            mapping=self.parsed_mapping,
            mapping_name=mapping_file.name if mapping_file else "",
            dry_run=bool(data.get("dry_run")),
            strict=bool(data.get("strict")),
            create_tags=bool(data.get("create_tags")),
        )
