"""Bulk inserts without the ORM's per-row SQL building, for loaders (the importer).

The ORM's bulk_create spends more time building SQL than the database spends storing
the rows. These insert with plain parameterised SQL; values are prepared by the
model's own fields (defaults and ``auto_now`` included), so each database gets what
the ORM would send it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.db.models import Model
from django.utils import timezone

PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.ForeignKey)
# Rows per multi-row INSERT ... RETURNING (well under SQLite's 32,766 parameters).
RETURNING_ROWS = 500


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    """``items`` in consecutive slices of ``size``: one query (or insert) each."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _statement(model: type[Model], fields: list[Any] | None = None) -> tuple[list[Any], str, str]:
    """The model's insertable fields (or ``fields``), ``INSERT INTO table (columns)``
    and one row's placeholders."""
    if fields is None:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    # Table and column names come from the model and are quoted; values are parameters.
    columns = ", ".join(quote(f.column) for f in fields)
    head = f"INSERT INTO {quote(model._meta.db_table)} ({columns})"
    return fields, head, "(" + ", ".join(["%s"] * len(fields)) + ")"


def _params(fields: list[Any], objects: Sequence[Any]) -> list[list[Any]]:
    # Text, integers and foreign keys go to the driver as they are; the rest (times,
    # JSON, decimals) through the field.
    plain = [isinstance(f, PLAIN_FIELDS) for f in fields]
    prepare = [_preparer(f) for f in fields]
    if isinstance(objects[0], dict):
        now = timezone.now()
        spec = [(f.attname, _default(f, now)) for f in fields]
        # A field a row leaves out gets its default, prepared once (times: ``now``).
        converted = [(index, prep, spec[index][1], prep(spec[index][1]))
                     for index, (prep, is_plain) in enumerate(zip(prepare, plain, strict=True))
                     if not is_plain]  # fmt: skip
        params = []
        for row in objects:
            get = row.get
            values = [get(name, default) for name, default in spec]
            for index, prep, default, prepared_default in converted:
                value = values[index]
                values[index] = prepared_default if value is default else prep(value)
            params.append(values)
        return params
    return [
        [f.pre_save(obj, True) if is_plain else prep(f.pre_save(obj, True))
         for f, prep, is_plain in zip(fields, prepare, plain, strict=True)]
        for obj in objects
    ]  # fmt: skip


def insert_rows(model: type[Model], objects: list[Any]) -> None:
    """Insert ``objects`` (model instances, or dicts by attribute name) with one
    ``executemany`` per 2,000. Primary keys are not read back."""
    if not objects:
        return
    fields, head, row = _statement(model)
    _executemany(f"{head} VALUES {row}", _params(fields, objects))


def insert_values(model: type[Model], names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert ``rows``, each the values of the fields ``names`` (attribute names) in that
    order, with one ``executemany`` per 2,000; the other fields take their defaults.
    For a loader with many rows of one shape: cheaper than dicts, which :func:`insert_rows`
    must look every field up in. Primary keys are not read back."""
    if not rows:
        return
    insertable = {f.attname: f for f in model._meta.concrete_fields if not f.primary_key}
    given = [insertable[name] for name in names]
    named = set(names)
    rest = [f for name, f in insertable.items() if name not in named]
    now = timezone.now()
    constants = [_preparer(f)(_default(f, now)) for f in rest]
    converted = [(index, _preparer(f)) for index, f in enumerate(given) if not isinstance(f, PLAIN_FIELDS)]
    params = []
    for row in rows:
        values = list(row)
        for index, prep in converted:
            values[index] = prep(values[index])
        values += constants
        params.append(values)
    _fields, head, placeholders = _statement(model, given + rest)
    _executemany(f"{head} VALUES {placeholders}", params)


def _executemany(sql: str, params: list[list[Any]]) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(params), 2000):
            cursor.executemany(sql, params[start : start + 2000])


def _default(field: Any, now: datetime) -> Any:
    """What the ORM stores in ``field`` when a row does not give it."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()


def insert_returning(model: type[Model], objects: Sequence[Model]) -> None:
    """Insert model instances and set their primary keys, as ``bulk_create`` does (one
    multi-row ``INSERT ... RETURNING`` per 500, ids in row order, which both SQLite and
    PostgreSQL keep and bulk_create relies on too), without its per-value SQL building."""
    if not objects:
        return
    if not connection.features.can_return_rows_from_bulk_insert:
        model._default_manager.bulk_create(list(objects))
        return
    fields, head, row = _statement(model)
    params = _params(fields, objects)
    pk = model._meta.pk
    assert pk is not None
    returning = f" RETURNING {connection.ops.quote_name(pk.column)}"
    with connection.cursor() as cursor:
        for start in range(0, len(params), RETURNING_ROWS):
            part = params[start : start + RETURNING_ROWS]
            cursor.execute(
                f"{head} VALUES {', '.join([row] * len(part))}{returning}", [v for r in part for v in r]
            )
            ids = [r[0] for r in cursor.fetchall()]
            for obj, pk_value in zip(objects[start : start + RETURNING_ROWS], ids, strict=True):
                obj.pk = pk_value
                obj._state.adding = False
                obj._state.db = connection.alias


def _preparer(field: Any) -> Any:
    """``field.get_db_prep_save``, with shortcuts for what the writer sends: None, aware
    datetimes, plain JSON values (dicts and lists: never expressions)."""
    if isinstance(field, models.BooleanField):

        def prepare_bool(value: Any) -> Any:
            return (
                value
                if value is None or isinstance(value, bool)
                else field.get_db_prep_save(value, connection)
            )

        return prepare_bool
    if isinstance(field, models.DecimalField):
        adapt_decimal = connection.ops.adapt_decimalfield_value
        digits, places = field.max_digits, field.decimal_places

        def prepare_decimal(value: Any) -> Any:
            if value is None:
                return None
            if isinstance(value, Decimal) and value.is_finite():
                return adapt_decimal(value, digits, places)
            return field.get_db_prep_save(value, connection)

        return prepare_decimal
    if isinstance(field, models.JSONField):
        adapt_json, encoder = connection.ops.adapt_json_value, field.encoder
        # Most rows carry an empty context or attachment list: adapted once.
        empty = {dict: adapt_json({}, encoder), list: adapt_json([], encoder)}

        def prepare_json(value: Any) -> Any:
            if value is None:  # SQL NULL, as the field stores it
                return None
            if isinstance(value, dict | list):
                return (
                    adapt_json(value, encoder) if value else empty[dict if isinstance(value, dict) else list]
                )
            return field.get_db_prep_save(value, connection)

        return prepare_json
    if isinstance(field, models.DateTimeField):
        adapt: Callable[[datetime], Any] = connection.ops.adapt_datetimefield_value
        if connection.vendor == "sqlite" and settings.USE_TZ:
            # What the SQLite backend's adapt_datetimefield_value does with an aware
            # time (make it naive in the connection's zone, then str), minus its checks.
            zone = connection.timezone

            def adapt_sqlite(value: datetime) -> Any:
                if value.tzinfo is not zone:
                    value = value.astimezone(zone)
                elif zone is UTC:  # the same text, minus its "+00:00", without a copy
                    return value.isoformat(" ")[:-6]
                return str(value.replace(tzinfo=None))

            adapt = adapt_sqlite

        def prepare_time(value: Any) -> Any:
            if value is None:
                return None
            if isinstance(value, datetime) and value.tzinfo is not None:
                return adapt(value)
            return field.get_db_prep_save(value, connection)

        return prepare_time
    return lambda value: field.get_db_prep_save(value, connection)
