"""Feature evidence kept ready: :func:`evidence_cached` serves the stored result of
:func:`voxpop.roadmap.evidence.evidence` while the inputs it was computed from are
unchanged, and computes (and stores) it afresh otherwise. It is never stale: every read
compares a fingerprint of the current inputs with the stored one.

The fingerprint covers everything :func:`~voxpop.roadmap.evidence.evidence` reads:

- the feature's links: its tags, conversations and quotes (their ids and what they link);
- the taxonomy: number of tags and their latest ``updated_at`` (every merge, unmerge,
  split, move, rename and status change saves the tag), and the demand tag ids it
  resolves to (merged tags included);
- tag decisions on those tags (append-only: the largest decision id per tag, one index
  step each), which also covers the tagged quotes;
- conversations: :class:`~voxpop.roadmap.models.EvidenceClock` moves whenever an
  existing conversation's account, contact, channel, start, language, ARR at the time,
  amount or subject changes, or one is deleted (a signal on save and delete; the
  importer's bulk update ticks it itself). Reading the demand conversations instead
  would cost one row per demand conversation on every view;
- accounts (name, segment, plan, region, ARR now) and contacts (name, account): the
  latest ``updated_at`` and largest id of each table (indexed);
- :data:`SCHEMA`, so a change to the evidence's shape invalidates every snapshot.

Nothing depends on today's date (the trend ends at the latest demand week).

After a write that changes a feature's inputs, :func:`inputs_changed` enqueues one
background refresh per transaction (:mod:`voxpop.roadmap.tasks`) so the next view is
warm; ``voxpop roadmap refresh-evidence`` rebuilds every snapshot.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import logging
import pickle
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

from django.db import connection, transaction
from django.db.models import Count, F, Max
from django.utils.crypto import constant_time_compare, salted_hmac

from voxpop.accounts.models import Account, Contact
from voxpop.roadmap import evidence as live
from voxpop.roadmap.ledger import Request
from voxpop.roadmap.models import (
    EvidenceClock,
    EvidenceSnapshot,
    Feature,
    FeatureConversation,
    FeatureQuote,
    FeatureTag,
)
from voxpop.roadmap.queries import demand_tag_ids
from voxpop.tagging.models import TagDecision
from voxpop.taxonomy.models import Tag, TagStatus

logger = logging.getLogger(__name__)

# Snapshots are pickles: each is signed with the secret key (HMAC-SHA256) and never
# unpickled unless the signature matches, so a row written by anything but voxpop (a
# restored dump, a shared database) cannot run code here.
SIGNING_SALT = "voxpop.roadmap.snapshots"
MAC_BYTES = 32

# Bump when Evidence or its parts change shape: every stored snapshot is then recomputed.
SCHEMA = "evidence-3"


def fingerprint(feature: Feature, tag_ids: list[int] | None = None) -> str:
    """A digest of every input of ``feature``'s evidence (see the module docstring)."""
    if tag_ids is None:
        tag_ids = demand_tag_ids(feature)
    parts: list[Any] = [SCHEMA, feature.pk, tag_ids]
    # The links themselves (a few dozen rows): exact even where SQLite reuses an id.
    parts.append(list(FeatureTag.objects.filter(feature=feature).order_by("pk").values_list("pk", "tag_id")))
    parts.append(
        list(
            FeatureConversation.objects.filter(feature=feature)
            .order_by("pk")
            .values_list("pk", "conversation_id")
        )
    )
    parts.append(
        list(
            FeatureQuote.objects.filter(feature=feature)
            .order_by("pk")
            .values_list("pk", "conversation_id", "message_id", "start", "end")
        )
    )
    parts.append(tuple(Tag.objects.aggregate(n=Count("id"), at=Max("updated_at")).values()))
    with_merged = live._with_merged(tag_ids) if tag_ids else []
    parts.append(with_merged)
    parts.append(_latest_decisions(with_merged))
    parts.append(EvidenceClock.objects.filter(name=CONVERSATIONS).values_list("ticks", flat=True).first())
    parts.append(_latest_changes())
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _latest_changes() -> tuple[Any, ...]:
    """The largest id and latest ``updated_at`` of accounts and contacts, each its own
    subquery so every one is a single step down its index."""
    quote = connection.ops.quote_name
    columns = []
    for model in (Account, Contact):
        table = quote(model._meta.db_table)
        # Table names from the models, quoted; no values at all.
        columns += [f"(SELECT MAX({column}) FROM {table})" for column in ("id", "updated_at")]  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns))  # names from the models only
        return tuple(cursor.fetchone())


CONVERSATIONS = "conversations"
# What evidence reads from a conversation row (attnames), and so what moves the clock.
EVIDENCE_FIELDS = frozenset(
    {"account", "account_id", "contact", "contact_id", "channel", "started_at", "language"}
    | {"arr_at_time", "amount", "subject"}
)


def conversations_changed() -> None:
    """Existing conversations changed what evidence reads (or were deleted): move the
    clock, so every feature's fingerprint changes. New conversations need no tick: they
    become demand only through a decision or a link, which fingerprints see."""
    if not EvidenceClock.objects.filter(name=CONVERSATIONS).update(ticks=F("ticks") + 1):
        EvidenceClock.objects.bulk_create([EvidenceClock(name=CONVERSATIONS, ticks=1)], ignore_conflicts=True)


def conversation_saved(
    sender: Any, instance: Any, created: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    if created or (update_fields is not None and not EVIDENCE_FIELDS & set(update_fields)):
        return  # a new conversation, or a save of other fields only (triage)
    conversations_changed()


def conversation_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    conversations_changed()


def _latest_decisions(tag_ids: list[int]) -> list[Any]:
    """The largest decision id of each tag: one step down the (tag, id) index per tag,
    never a scan of the tag's decisions."""
    if not tag_ids:
        return []
    table = connection.ops.quote_name(TagDecision._meta.db_table)
    one = f"SELECT MAX(id) FROM {table} WHERE tag_id = %s"  # noqa: S608 - table name from the model
    sql = " UNION ALL ".join([f"SELECT ({one})"] * len(tag_ids))
    with connection.cursor() as cursor:
        cursor.execute(sql, tag_ids)
        return [row[0] for row in cursor.fetchall()]


def evidence_cached(feature: Feature) -> live.Evidence:
    """The evidence of ``feature``: the stored snapshot when its inputs are unchanged,
    otherwise computed now and stored for the next read."""
    return evidence_with_key(feature)[0]


def evidence_with_key(feature: Feature) -> tuple[live.Evidence, str]:
    """:func:`evidence_cached` and the fingerprint of the inputs it reflects: equal keys,
    equal evidence (the page caches its rendering under it)."""
    tag_ids = demand_tag_ids(feature)
    # The fingerprint is taken before the evidence: a write landing in between makes the
    # stored fingerprint older than the evidence, so the next read recomputes (never the
    # other way round).
    digest = fingerprint(feature, tag_ids)
    stored = EvidenceSnapshot.objects.filter(feature=feature, fingerprint=digest).first()
    if stored is not None:
        loaded = _load(stored, feature)
        if loaded is not None:
            return loaded, digest
    return _store(feature, digest, live.evidence(feature)), digest


def refresh(feature: Feature) -> bool:
    """Bring ``feature``'s snapshot up to date; True when it had to be recomputed."""
    digest = fingerprint(feature)
    if EvidenceSnapshot.objects.filter(feature=feature, fingerprint=digest).exists():
        return False
    _store(feature, digest, live.evidence(feature))
    return True


# Ledger rows per separately pickled chunk: the page shows 50 a page, so a page view
# unpickles one chunk (or two), never the whole ledger.
CHUNK = 50


class StoredLedger(Sequence[Request]):
    """A stored ledger that unpickles its rows a chunk at a time, on first use. Behaves
    as a read-only list of :class:`~voxpop.roadmap.ledger.Request` (equal to one with the
    same rows)."""

    def __init__(self, size: int, chunks: list[bytes]) -> None:
        self._size = size
        self._chunks = chunks
        self._loaded: dict[int, list[Request]] = {}

    def _chunk(self, number: int) -> list[Request]:
        rows = self._loaded.get(number)
        if rows is None:
            rows = self._loaded[number] = _unpickle(self._chunks[number])
        return rows

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> Request: ...

    @overload
    def __getitem__(self, index: slice) -> list[Request]: ...

    def __getitem__(self, index: int | slice) -> Request | list[Request]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._size))]
        if index < 0:
            index += self._size
        if not 0 <= index < self._size:
            raise IndexError("ledger index out of range")
        return self._chunk(index // CHUNK)[index % CHUNK]

    def __iter__(self) -> Iterator[Request]:
        for number in range(len(self._chunks)):
            yield from self._chunk(number)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(list(self))


def _unpickle(payload: bytes) -> Any:
    # Loading builds thousands of small objects: without the cyclic collector running
    # in the middle (nothing here makes cycles) the slowest loads take about half as long.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(payload)  # noqa: S301 - signed by _store, verified by _load
    finally:
        if collecting:
            gc.enable()


def _sign(pickled: bytes) -> bytes:
    return salted_hmac(SIGNING_SALT, pickled, algorithm="sha256").digest() + pickled


def _verified(payload: bytes) -> bytes | None:
    """The pickle inside ``payload`` if this installation wrote it, else None."""
    mac, pickled = payload[:MAC_BYTES], payload[MAC_BYTES:]
    expected = salted_hmac(SIGNING_SALT, pickled, algorithm="sha256").digest()
    return pickled if constant_time_compare(mac, expected) else None


def _load(stored: EvidenceSnapshot, feature: Feature) -> live.Evidence | None:
    """The stored evidence, or None when its signature does not match (written under
    another secret key, or not by voxpop): it is then recomputed, never unpickled."""
    pickled = _verified(bytes(stored.payload))
    if pickled is None:
        logger.warning("evidence snapshot of feature %s has a bad signature; recomputing", feature.pk)
        return None
    result, size, chunks = _unpickle(pickled)
    result.feature = feature
    result.ledger = StoredLedger(size, chunks)
    return result


def _store(feature: Feature, digest: str, result: live.Evidence) -> live.Evidence:
    # Pickle keeps Decimal, date and datetime exactly and loads fastest; the feature
    # itself is left out (the page shows its current title and status), the ledger goes
    # in chunks (see StoredLedger).
    rows = list(result.ledger)
    chunks = [
        pickle.dumps(rows[i : i + CHUNK], protocol=pickle.HIGHEST_PROTOCOL)
        for i in range(0, len(rows), CHUNK)
    ]
    rest = dataclasses.replace(result, feature=None, ledger=[])  # type: ignore[arg-type]  # set again on load
    payload = _sign(pickle.dumps((rest, len(rows), chunks), protocol=pickle.HIGHEST_PROTOCOL))
    row = EvidenceSnapshot(
        feature=feature, fingerprint=digest, payload=payload, computed_at=result.generated_at
    )
    # An upsert: two requests computing the same feature at once both succeed.
    EvidenceSnapshot.objects.bulk_create(
        [row],
        update_conflicts=True,
        unique_fields=["feature"],
        update_fields=["fingerprint", "payload", "computed_at"],
    )
    return result


# Feature ids waiting for a refresh once the current transaction commits (None: all).
_pending = threading.local()


def inputs_changed(feature_ids: Iterable[int] | None = None) -> None:
    """Inputs of ``feature_ids`` (None: possibly every feature) changed in the current
    transaction: refresh their snapshots in the background after it commits. Calls in
    one transaction share one task."""
    ids = None if feature_ids is None else set(feature_ids)
    if ids is not None and not ids:
        return
    if ids is None and not Feature.objects.exists():  # no roadmap yet: nothing to refresh
        return
    # Join the refresh already waiting for this transaction's commit, if there is one
    # (a rolled-back transaction drops its callbacks, and so its pending ids).
    waiting = transaction.get_connection().run_on_commit
    if not any(entry[1] is _flush for entry in waiting):
        _pending.ids = ids
        transaction.on_commit(_flush)
    elif ids is None or _pending.ids is None:
        _pending.ids = None
    else:
        _pending.ids |= ids


def _flush() -> None:
    ids = _pending.ids
    _pending.ids = set()
    from voxpop.roadmap import tasks

    tasks.refresh_evidence.enqueue(None if ids is None else sorted(ids))


def features_for_tags(tag_ids: Iterable[int]) -> list[int]:
    """Features whose demand can include a conversation tagged with one of ``tag_ids``:
    those linking the tag (or the tag a merged one counts as) or one of its ancestors."""
    from voxpop.tagging.services import merge_targets

    wanted = set(tag_ids)
    # Called for every decision: with no tag linked to a feature there is nothing to find.
    if not wanted or not FeatureTag.objects.exists():
        return []
    if Tag.objects.filter(pk__in=wanted, status=TagStatus.MERGED).exists():
        targets = merge_targets()
        wanted |= {targets[pk] for pk in wanted if pk in targets}
    ancestors: set[int] = set()
    for path in Tag.objects.filter(pk__in=wanted).values_list("path", flat=True):
        ancestors.update(int(part) for part in path.strip("/").split("/") if part)
    if not ancestors:
        return []
    return sorted(set(FeatureTag.objects.filter(tag_id__in=ancestors).values_list("feature_id", flat=True)))


def refresh_all(feature_ids: Iterable[int] | None = None) -> tuple[int, int]:
    """Refresh the snapshots of ``feature_ids`` (None: every feature); returns
    (features checked, snapshots recomputed)."""
    found = Feature.objects.order_by("pk")
    if feature_ids is not None:
        found = found.filter(pk__in=list(feature_ids))
    checked = recomputed = 0
    for feature in found.iterator():
        checked += 1
        with transaction.atomic():
            recomputed += refresh(feature)
    return checked, recomputed
