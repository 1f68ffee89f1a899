"""Call transcripts: WebVTT (``<v Speaker>`` voices), SRT, and plain ``Speaker: text``.

One file is one conversation (keyed on its name, or a ``conversation_id`` given in a
header). Consecutive lines of one speaker make one message; speakers who are team
members become agent messages, everyone else customer messages.

Optional metadata: ``NOTE key: value`` blocks in WebVTT, ``# key: value`` lines at the
top of a plain transcript. Keys: conversation_id, started_at, subject, account,
account_domain, contact_email, contact_name.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from voxpop.conversations.models import AuthorRole, Channel
from voxpop.imports import fields as f
from voxpop.imports.readers import Entry
from voxpop.imports.records import (
    AccountData,
    ContactData,
    ConversationData,
    Item,
    MessageData,
    ParseOptions,
    RowError,
)

_TIMING = re.compile(
    r"^\s*(?:(\d{1,3}):)?(\d{1,2}):(\d{2})[.,](\d{1,3})\s*-->\s*(?:(\d{1,3}):)?(\d{1,2}):(\d{2})[.,](\d{1,3})"
)
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]{1,100})>")
_TAG = re.compile(r"</?[a-zA-Z][^>]{0,100}>|<\d{1,3}:\d{2}(?::\d{2})?\.\d{1,3}>")
_SPEAKER = re.compile(
    r"^\s*(?:\[(\d{1,2}:\d{2}(?::\d{2})?)\]\s*)?(?:-\s*)?([^:\uff1a\[\]<>]{1,60}?)\s*[:\uff1a]\s+(.*)$"
)
_META = re.compile(
    r"^\s*(conversation_id|started_at|subject|account|account_domain|contact_email|contact_name)\s*:\s*(.+?)\s*$",
    re.I,
)


@dataclass
class Line:
    number: int
    speaker: str
    text: str
    offset: timedelta | None


def _offset(groups: tuple[str | None, ...]) -> timedelta:
    hours, minutes, seconds, millis = groups[:4]
    return timedelta(
        hours=int(hours or 0),
        minutes=int(minutes or 0),
        seconds=int(seconds or 0),
        milliseconds=int(millis or 0),
    )


def _read_text(entry: Entry, options: ParseOptions) -> tuple[str | None, RowError | None]:
    limit = options.limits.max_document_bytes
    with entry.open() as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        return None, RowError(entry.name, f"larger than {limit:,} bytes (limit)")
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, RowError(entry.name, f"not valid UTF-8 (byte {exc.start + 1})")
    return f.clean(text.replace("\r\n", "\n").replace("\r", "\n")), None


def parse_transcript(entry: Entry, options: ParseOptions, notes: list[str]) -> Iterator[Item]:
    text, error = _read_text(entry, options)
    if error is not None or text is None:
        yield error or RowError(entry.name, "unreadable")
        return
    lower = entry.key.lower()
    meta: dict[str, str] = {}
    errors: list[RowError] = []
    if lower.endswith(".vtt"):
        lines = _cues(text, entry.name, meta, errors, vtt=True)
    elif lower.endswith(".srt"):
        lines = _cues(text, entry.name, meta, errors, vtt=False)
    else:
        lines = _plain(text, meta)
    yield from errors
    if not lines:
        yield RowError(entry.name, "no speech found (expected cues or 'Speaker: text' lines)")
        return
    try:
        yield _record(entry, options, meta, lines)
    except f.ValueProblem as exc:
        yield RowError(entry.name, str(exc))


def _cues(text: str, name: str, meta: dict[str, str], errors: list[RowError], *, vtt: bool) -> list[Line]:
    lines: list[Line] = []
    blocks = re.split(r"\n[ \t]*\n", text)
    line_number = 1
    for index, block in enumerate(blocks):
        start_line = line_number
        line_number += block.count("\n") + 2
        rows = [r for r in block.split("\n") if r.strip()]
        if not rows:
            continue
        if vtt and index == 0 and rows[0].startswith("WEBVTT"):
            continue
        if vtt and rows[0].startswith(("NOTE", "STYLE", "REGION")):
            for row in rows:
                match = _META.match(row.removeprefix("NOTE"))
                if match:
                    meta[match.group(1).lower()] = match.group(2)
            continue
        timing_at = next((i for i, r in enumerate(rows[:3]) if "-->" in r), None)
        if timing_at is None:
            errors.append(RowError(f"{name}: line {start_line}", "a cue without a timing line; skipped"))
            continue
        match = _TIMING.match(rows[timing_at])
        if not match:
            errors.append(
                RowError(
                    f"{name}: line {start_line + timing_at}",
                    f"cannot read the timing {rows[timing_at][:60]!r}",
                )
            )
            continue
        offset = _offset(match.groups())
        payload = rows[timing_at + 1 :]
        speaker = lines[-1].speaker if lines else ""
        spoken: list[str] = []
        for row in payload:
            voice = _VOICE.search(row)
            if voice:
                speaker = voice.group(1).strip()
            elif not vtt or not voice:
                said = _SPEAKER.match(html.unescape(_TAG.sub("", row)))
                if said and said.group(2) and not said.group(2).strip().isdigit():
                    speaker, row = said.group(2).strip(), said.group(3)
            cleaned = html.unescape(_TAG.sub("", row)).strip()
            if cleaned:
                spoken.append(cleaned)
        if spoken:
            lines.append(Line(start_line, speaker or "Unknown speaker", " ".join(spoken), offset))
    return lines


def _plain(text: str, meta: dict[str, str]) -> list[Line]:
    lines: list[Line] = []
    in_header = True
    for number, row in enumerate(text.split("\n"), 1):
        if not row.strip():
            continue
        if in_header and row.lstrip().startswith("#"):
            match = _META.match(row.lstrip()[1:])
            if match:
                meta[match.group(1).lower()] = match.group(2)
            continue
        in_header = False
        said = _SPEAKER.match(row)
        if said:
            offset = None
            if said.group(1):
                parts = [int(p) for p in said.group(1).split(":")]
                while len(parts) < 3:
                    parts.insert(0, 0)
                offset = timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2])
            lines.append(Line(number, said.group(2).strip(), said.group(3).strip(), offset))
        elif lines:
            lines[-1].text = f"{lines[-1].text}\n{row.strip()}"
    return [line for line in lines if line.text.strip()]


def _record(entry: Entry, options: ParseOptions, meta: dict[str, str], lines: list[Line]) -> ConversationData:
    zone = f.time_zone(options.time_zone)
    key = meta.get("conversation_id") or entry.key
    started = f.parse_datetime(meta.get("started_at"), zone)
    record = ConversationData(
        external_id=f.clean(key)[:255],
        where=entry.name,
        channel=options.channel or Channel.CALL,
        subject=f.clean(meta.get("subject", ""), 500) or None,
        fallback_subject=entry.key.rsplit("/", 1)[-1][:500],
        started_at=started,
    )
    if meta.get("contact_email"):
        record.contact = ContactData(
            email=f.parse_email(meta["contact_email"]), name=f.clean(meta.get("contact_name", ""), 200)
        )
    if meta.get("account") or meta.get("account_domain"):
        domain = f.parse_domain(meta.get("account_domain", "")) if meta.get("account_domain") else ""
        record.account = AccountData(name=f.clean(meta.get("account") or domain, 200), domain=domain)
    team = {t.lower() for t in options.team}
    turns: list[Line] = []
    for line in lines:
        if turns and turns[-1].speaker == line.speaker:
            turns[-1].text = f"{turns[-1].text} {line.text}"
        else:
            turns.append(Line(line.number, line.speaker, line.text, line.offset))
    for number, turn in enumerate(turns, 1):
        speaker = f.clean(turn.speaker, 200)
        sent_at = started + turn.offset if started and turn.offset is not None else started
        record.messages.append(
            MessageData(
                external_id=f"turn-{number}",
                author_role=AuthorRole.AGENT if speaker.lower() in team else AuthorRole.CUSTOMER,
                author=speaker,
                text=f.clean(turn.text, options.limits.max_text_chars),
                sent_at=sent_at,
                position=number,
            )
        )
    return record
