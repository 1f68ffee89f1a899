"""What every API request schema shares: text without NUL characters.

PostgreSQL cannot store a NUL (``\\x00``) in a text or JSON column, nor take one as a
query parameter, and SQLite would keep it where no form could have put it (Django's
forms refuse it). So the API refuses it at the edge, as a 422 validation error naming
the field, before any service runs: :class:`InputSchema` for request bodies and
``Query[...]`` schemas, :data:`NulFree` for a plain ``str`` query or path parameter.

Customer text arriving by the ingestion endpoints is not refused: the import
pipeline removes NUL and other control characters (``imports.fields.clean``), so
their schemas stay plain ninja ``Schema``.
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, field_validator
from pydantic_core import PydanticCustomError

NUL = "\x00"
NUL_REFUSED = "must not contain a NUL character"


def nul_refused(name: str) -> str:
    """The message naming a parameter read outside ninja (a page's or the inbox's filters)."""
    return f"{name}: {NUL_REFUSED}"


def _refuse(where: str = "") -> PydanticCustomError:
    """The validation error; ``where`` places the NUL inside a list or dictionary."""
    message = NUL_REFUSED + " (\\u0000)"
    if where:
        return PydanticCustomError("nul_character", message + " at {where}", {"where": where})
    return PydanticCustomError("nul_character", message)


def refuse_nul(value: str) -> str:
    if NUL in value:
        raise _refuse()
    return value


NulFree = Annotated[str, AfterValidator(refuse_nul)]
"""A ``str`` query or path parameter that refuses a NUL character."""


def _nul_at(value: Any, where: str = "") -> str | None:
    """Where in ``value`` a string holds a NUL ("" for the value itself, "[2]" for a
    list item, "['key']" for a dictionary's entry or its key), or None. Nested schemas
    are already checked: they are input schemas too."""
    if isinstance(value, str):
        return where if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and NUL in key:
                return f"{where}[{key!r}]"  # repr shows the NUL as \x00
            found = _nul_at(item, f"{where}[{key!r}]")
            if found is not None:
                return found
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = _nul_at(item, f"{where}[{index}]")
            if found is not None:
                return found
    return None


class InputSchema(Schema):
    """The base of every request schema outside ingestion: any string in it, in lists
    and dictionaries too (keys included), must not hold a NUL character."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        where = _nul_at(value)
        if where is not None:
            raise _refuse(where)
        return value
