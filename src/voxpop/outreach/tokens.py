"""Signed unsubscribe tokens: who (contact and the address written to) and, for the
record, which feature's email carried the link. Salted, so no other signed value of
voxpop's can pass for one; they do not expire, as a link in an old email must work."""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

SALT = "voxpop.outreach.unsubscribe"


@dataclass(frozen=True)
class UnsubscribeClaim:
    contact_id: int
    email: str
    feature_id: int | None


def make_token(contact_id: int, email: str, feature_id: int | None) -> str:
    return signing.dumps({"c": contact_id, "e": email, "f": feature_id}, salt=SALT, compress=True)


def read_token(token: str) -> UnsubscribeClaim | None:
    """The claim in ``token``, or None when it was not signed by us (tampered, truncated)."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    try:
        return UnsubscribeClaim(int(data["c"]), str(data["e"]), data.get("f"))
    except (KeyError, TypeError, ValueError):
        return None
