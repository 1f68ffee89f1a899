"""The writer: upserts a batch of parsed records, keyed on (source, external id).

One batch is a few queries whatever its size: look up what exists, create what is
new, update what changed, leave the rest. Messages carry a content hash so unchanged
ones are recognised without reading their text back. A batch the database refuses
(which validation should make rare) is retried one conversation at a time, so a bad
record is rejected alone with the database's reason.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Lower
from django.utils import timezone

from voxpop.accounts.models import Account, Contact
from voxpop.conversations import search
from voxpop.conversations.models import Channel, Conversation, Message, Source, Status
from voxpop.core.bulk import chunks, insert_returning, insert_rows, insert_values
from voxpop.engine.models import PredictionDue
from voxpop.engine.queries import active_version
from voxpop.imports.language import conversation_language
from voxpop.imports.records import AccountData, ConversationData, MessageData, RowError
from voxpop.imports.tags import TagResolver, record_imported_tags

CHUNK = 500
# Accounts a writer remembers between batches (at most; a few KB each).
KNOWN_ACCOUNTS = 20_000
# Messages in a batch from which search documents are rebuilt per batch, not per row.
DEFER_SEARCH_FROM = 50
CONVERSATION_FIELDS = [
    "channel", "subject", "status", "closed_at", "queue", "amount", "account_id", "contact_id",
    "arr_at_time", "context", "started_at", "language",
]  # fmt: skip
MESSAGE_FIELDS = [
    "author_role", "author", "sent_at", "text", "html", "quoted", "signature", "attachments", "content_hash",
]  # fmt: skip
# A new message's row: the tuple the writer builds (cheaper than a dict a message).
NEW_MESSAGE_FIELDS = ["conversation_id", "external_id", "position", *MESSAGE_FIELDS]


@dataclass
class Counts:
    values: Counter[str] = field(default_factory=Counter)

    def add(self, key: str, n: int = 1) -> None:
        self.values[key] += n

    def merge(self, other: Counts) -> None:
        self.values.update(other.values)

    def as_dict(self) -> dict[str, int]:
        return {k: v for k, v in sorted(self.values.items()) if v}


def merge(records: list[ConversationData]) -> list[ConversationData]:
    """Records with the same conversation key become one; later values win."""
    if len({record.external_id for record in records}) == len(records):
        return list(records)  # nothing to merge (a batch merged ahead, one row per conversation)
    merged: dict[str, ConversationData] = {}
    for record in records:
        current = merged.get(record.external_id)
        if current is None:
            merged[record.external_id] = ConversationData(
                **{**record.__dict__, "messages": list(record.messages), "context": dict(record.context),
                   "tags": list(record.tags)}
            )  # fmt: skip
            continue
        for name in ("channel", "subject", "status", "started_at", "closed_at", "queue", "amount", "account",
                     "contact"):  # fmt: skip
            value = getattr(record, name)
            if value is not None and not (
                name == "contact" and record.contact_is_fallback and current.contact
            ):
                setattr(current, name, value)
        current.contact_is_fallback = current.contact_is_fallback and record.contact_is_fallback
        current.fallback_subject = current.fallback_subject or record.fallback_subject
        current.context.update(record.context)
        current.tags.extend(t for t in record.tags if t not in current.tags)
        current.messages.extend(record.messages)
        current.language = None  # of fewer messages than it now has
    return list(merged.values())


# Keys and ids by the unique indexes (their exact expressions and conditions, so they
# are used); {values} is a list of placeholders.
CONTACT_IDS = (
    'SELECT LOWER("email"), "id" FROM "accounts_contact" '
    'WHERE LOWER("email") IN ({values}) AND NOT ("email" = \'\')'
)
CONVERSATION_IDS = (
    'SELECT "external_id", "id" FROM "conversations_conversation" '
    'WHERE "source_id" = %s AND "external_id" IN ({values})'
)


def _select(sql: str, keys: list[Any], *fixed: Any) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` for ``keys``, CHUNK keys a query: plain SQL, because the
    ORM spends more time preparing a long IN list than the database spends on it."""
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for part in chunks(keys, CHUNK):
            cursor.execute(sql.format(values=", ".join(["%s"] * len(part))), [*fixed, *part])
            rows.extend(cursor.fetchall())
    return rows


# What json.dumps(..., ensure_ascii=False, default=str) builds on every call, built once
# (the hashes are unchanged: stored ones still match).
_HASH_JSON = json.JSONEncoder(ensure_ascii=False, default=str).encode
_HASH_JSON_SORTED = json.JSONEncoder(ensure_ascii=False, default=str, sort_keys=True).encode


def message_hash(message: MessageData) -> str:
    basis = [
        message.author_role, message.author, message.sent_at.isoformat() if message.sent_at else "",
        message.text, message.html, message.quoted, message.signature, message.attachments,
    ]  # fmt: skip
    return hashlib.sha256(_HASH_JSON(basis).encode("utf-8")).hexdigest()


def _conversation_hash(values: dict[str, Any]) -> str:
    return hashlib.sha256(_HASH_JSON_SORTED(values).encode("utf-8")).hexdigest()


class _NewConversation:
    """A conversation to insert: the attributes the writer sets, model defaults for the
    rest (a model instance costs more to build than the row it becomes)."""

    def __init__(self, external_id: str) -> None:
        self.external_id = external_id
        self.subject = ""
        self.status = Status.OPEN
        self.closed_at: datetime | None = None
        self.queue = ""
        self.amount: Any = None
        self.account_id: int | None = None
        self.contact_id: int | None = None
        self.arr_at_time: Any = None
        self.context: dict[str, Any] = {}
        self.language = ""
        self.content_hash = ""
        self.pk = 0  # its id, once inserted (not a column: insert_rows ignores it)


class _NewContact:
    """A contact to insert (emails are lower-cased keys here); its id once inserted."""

    def __init__(self, email: str, name: str, account: Account | None) -> None:
        self.email = email
        self.name = name
        self.account = account
        self.pk = 0


class Writer:
    def __init__(
        self,
        source: Source,
        *,
        started: datetime,
        tags: TagResolver,
        default_channel: str = Channel.CHAT,
        tag_user: Any = None,
    ) -> None:
        self.source = source
        self.started = started
        self.tags = tags
        self.default_channel = default_channel
        self.tag_user = tag_user
        self.account_key = source.name
        self._fresh: set[int] = set()
        # Accounts this writer stored or read, by key (accounts repeat across batches):
        # a batch only looks up the others. Forgotten when a write fails (its rows may
        # be rolled back) and when full.
        self._known_accounts: dict[str, Account] = {}

    def write(self, records: list[ConversationData]) -> tuple[Counts, list[RowError]]:
        conversations = merge(records)
        try:
            with transaction.atomic():
                return self._write(conversations)
        except DatabaseError:
            self.forget()
        counts, errors = Counts(), []
        for conversation in conversations:
            try:
                with transaction.atomic():
                    part, part_errors = self._write([conversation])
            except DatabaseError as exc:
                self.forget()
                reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
                errors.append(RowError(conversation.where, f"the database refused it: {reason}"))
                counts.add("rejected")
                continue
            counts.merge(part)
            errors.extend(part_errors)
        return counts, errors

    def forget(self) -> None:
        """Drop what was remembered from writes: a failed one was rolled back."""
        self.tags.forget()
        self._known_accounts.clear()

    # ------------------------------------------------------------------ the steps

    def _write(self, conversations: list[ConversationData]) -> tuple[Counts, list[RowError]]:
        counts = Counts()
        accounts = self._accounts(conversations, counts)
        contacts = self._contacts(conversations, accounts, counts)
        # Search documents are rebuilt once per written conversation, not per message;
        # a small write (a live delivery) leaves it to the triggers.
        bulk = sum(len(c.messages) for c in conversations) >= DEFER_SEARCH_FROM
        scope: AbstractContextManager[set[int]] = nullcontext(set())
        if bulk:
            scope = search.deferred()
        with scope as touched:
            rows, errors = self._conversations(conversations, accounts, contacts, counts, touched)
            self._messages(conversations, rows, counts, touched)
        self._tags(conversations, rows, counts)
        return counts, errors

    def _accounts(self, conversations: list[ConversationData], counts: Counts) -> dict[str, Account]:
        wanted: dict[str, AccountData] = {}
        for conversation in conversations:
            if conversation.account is not None:
                wanted[conversation.account.key()] = conversation.account
        if not wanted:
            return {}
        known = self._known_accounts
        found: dict[str, Account] = {key: known[key] for key in wanted if key in known}
        # A remembered account this batch would change is read again first: someone may
        # have edited it in the app since, and the update writes all its fields back.
        stale = {account.pk for key, account in found.items() if self._account_changes(account, wanted[key])}
        if stale:
            current = {account.pk: account for account in Account.objects.filter(pk__in=stale)}
            for key, remembered in list(found.items()):
                if remembered.pk not in stale:
                    continue
                if remembered.pk in current:
                    found[key] = current[remembered.pk]
                else:  # deleted since: looked up (or created) again below
                    del found[key]
        domains = [d.domain.lower() for key, d in wanted.items() if d.domain and key not in found]
        for part in chunks(domains, CHUNK):
            # exclude(domain="") matches the unique index's condition, so it is used.
            by_domains = (
                Account.objects.annotate(ldomain=Lower("domain")).filter(ldomain__in=part).exclude(domain="")
            )
            for by_domain in by_domains.order_by():
                found[f"domain:{by_domain.domain.lower()}"] = by_domain
        ids = [
            d.external_id for key, d in wanted.items() if d.external_id and not d.domain and key not in found
        ]
        for part in chunks(ids, CHUNK):
            query = Account.objects.annotate(xid=KeyTextTransform(self.account_key, "external_ids"))
            for by_id in query.filter(xid__in=part):
                found[f"id:{by_id.external_ids[self.account_key]}"] = by_id
        names = [d.name for k, d in wanted.items() if k not in found and (k.startswith("name:") or d.create)]
        for part in chunks(names, CHUNK):
            for by_name_row in Account.objects.filter(name__in=part).order_by("-id"):
                found[f"name:{by_name_row.name}"] = by_name_row
        created: list[Account] = []
        changed: dict[int, Account] = {}
        by_name = {a.name: a for a in found.values()}
        for key, data in wanted.items():
            account: Account | None = found.get(key)
            if account is None and data.create:
                # The same company named without (or before it had) a domain.
                named = by_name.get(data.name)
                account = named if named is not None and (not data.domain or not named.domain) else None
            if account is None:
                if not data.create:
                    continue
                account = Account(name=data.name, domain=data.domain)
                created.append(account)
            if self._update_account(account, data) and account.pk is not None:
                changed[account.pk] = account
            found[key] = account
            by_name.setdefault(account.name, account)
        if created:
            insert_returning(Account, created)
            counts.add("accounts_created", len(created))
        if changed:
            fields = ["plan", "segment", "arr", "seats", "external_ids", "domain", "updated_at"]
            Account.objects.bulk_update(list(changed.values()), fields)
            counts.add("accounts_updated", len(changed))
        if len(known) + len(wanted) > KNOWN_ACCOUNTS:
            known.clear()
        known.update((key, found[key]) for key in wanted if key in found)
        return found

    def _account_changes(self, account: Account, data: AccountData) -> dict[str, Any]:
        """The fields ``data`` would change on ``account``, with their new values (an
        empty cell changes nothing)."""
        changes: dict[str, Any] = {}
        if data.plan and data.plan != account.plan:
            changes["plan"] = data.plan
        if data.segment and data.segment != account.segment:
            changes["segment"] = data.segment
        if data.arr is not None and data.arr != account.arr:
            changes["arr"] = data.arr
        if data.seats is not None and data.seats != account.seats:
            changes["seats"] = data.seats
        if data.external_id and account.external_ids.get(self.account_key) != data.external_id:
            changes["external_ids"] = {**account.external_ids, self.account_key: data.external_id}
        if data.domain and not account.domain:
            changes["domain"] = data.domain
        return changes

    def _update_account(self, account: Account, data: AccountData) -> bool:
        changes = self._account_changes(account, data)
        for name, value in changes.items():
            setattr(account, name, value)
        if changes:
            account.updated_at = timezone.now()
        return bool(changes)

    def _contacts(
        self, conversations: list[ConversationData], accounts: dict[str, Account], counts: Counts
    ) -> dict[str, Any]:
        wanted: dict[str, tuple[str, Account | None]] = {}
        for conversation in conversations:
            if conversation.contact is not None:
                account = accounts.get(conversation.account.key()) if conversation.account else None
                email = conversation.contact.email.lower()
                name, known = wanted.get(email, ("", None))
                wanted[email] = (conversation.contact.name or name, account or known)
        if not wanted:
            return {}
        found: dict[str, Any] = {}
        stored_ids = [pk for _email, pk in _select(CONTACT_IDS, list(wanted))]
        for part in chunks(stored_ids, CHUNK):
            for stored in Contact.objects.filter(pk__in=part):
                found[stored.email.lower()] = stored
        created: list[_NewContact] = []
        changed: list[Contact] = []
        for email, (name, account) in wanted.items():
            contact: Any = found.get(email)
            if contact is None:
                contact = _NewContact(email, name, account)
                created.append(contact)
                found[email] = contact
            elif (account is not None and contact.account_id is None) or (name and not contact.name):
                contact.account = contact.account or account
                contact.name = contact.name or name
                contact.updated_at = timezone.now()
                changed.append(contact)
        if created:
            insert_rows(
                Contact,
                [{"email": c.email, "name": c.name, "account_id": c.account.pk if c.account else None}
                 for c in created],
            )  # fmt: skip
            ids = dict(_select(CONTACT_IDS, [c.email for c in created]))
            for fresh in created:
                fresh.pk = ids[fresh.email]
            counts.add("contacts_created", len(created))
        if changed:
            Contact.objects.bulk_update(changed, ["account", "name", "updated_at"])
        return found

    def _conversations(
        self,
        conversations: list[ConversationData],
        accounts: dict[str, Account],
        contacts: dict[str, Any],
        counts: Counts,
        touched: set[int],
    ) -> tuple[dict[str, Any], list[RowError]]:
        existing: dict[str, Conversation] = {}
        # Ids first (a new conversation costs one index probe), then the stored ones.
        stored_ids = [
            pk
            for _id, pk in _select(CONVERSATION_IDS, [c.external_id for c in conversations], self.source.pk)
        ]
        for part in chunks(stored_ids, CHUNK):
            for stored in Conversation.objects.filter(pk__in=part):
                existing[stored.external_id] = stored
        rows: dict[str, Any] = {}
        created: list[_NewConversation] = []
        updated: list[Conversation] = []
        errors: list[RowError] = []
        for data in conversations:
            found = existing.get(data.external_id)
            new = found is None
            row: Any = found if found is not None else _NewConversation(data.external_id)
            before = {name: getattr(row, name) for name in CONVERSATION_FIELDS} if not new else None
            self._apply(row, data, accounts, contacts, new)
            if row.closed_at is not None and row.closed_at < row.started_at:
                errors.append(RowError(data.where, "closed_at is before the conversation started"))
                counts.add("rejected")
                continue
            after = {name: getattr(row, name) for name in CONVERSATION_FIELDS}
            rows[data.external_id] = row
            if new:
                row.content_hash = _conversation_hash(after)
                created.append(row)
            elif after != before:
                row.content_hash = _conversation_hash(after)
                row.updated_at = timezone.now()
                updated.append(row)
            else:
                counts.add("conversations_unchanged")
        if created:
            insert_rows(Conversation, [{**fresh.__dict__, "source_id": self.source.pk} for fresh in created])
            ids = dict(_select(CONVERSATION_IDS, [fresh.external_id for fresh in created], self.source.pk))
            for fresh in created:
                fresh.pk = ids[fresh.external_id]
            counts.add("conversations_created", len(created))
            if active_version() is not None:
                # Due for the active model, in this transaction: the background prediction
                # asks about arrivals without scanning every conversation. Without an active
                # model, the first one trained asks about every conversation anyway (one
                # that becomes active while this transaction is still open may miss these:
                # the next version, or `voxpop predict`, asks about them).
                PredictionDue.objects.bulk_create(
                    [PredictionDue(conversation_id=fresh.pk) for fresh in created], batch_size=CHUNK
                )
        if updated:
            Conversation.objects.bulk_update(updated, [*CONVERSATION_FIELDS, "content_hash", "updated_at"])
            from voxpop.roadmap.snapshots import conversations_changed

            conversations_changed()  # bulk_update sends no signal
            counts.add("conversations_updated", len(updated))
        touched.update(fresh.pk for fresh in created)
        touched.update(changed.pk for changed in updated)
        self._fresh = {fresh.pk for fresh in created}
        return rows, errors

    def _apply(
        self,
        row: Any,
        data: ConversationData,
        accounts: dict[str, Account],
        contacts: dict[str, Any],
        new: bool,
    ) -> None:
        if data.channel is not None or new:
            row.channel = data.channel or self.default_channel
        if data.subject is not None:
            row.subject = data.subject
        elif new:
            row.subject = data.fallback_subject
        if data.status is not None or new:
            row.status = data.status or (Status.CLOSED if data.closed_at else Status.OPEN)
        for name in ("closed_at", "queue", "amount"):
            value = getattr(data, name)
            if value is not None:
                setattr(row, name, value)
        account = accounts.get(data.account.key()) if data.account else None
        contact = contacts.get(data.contact.email.lower()) if data.contact else None
        if contact is not None and data.contact_is_fallback and row.contact_id is not None:
            contact = None
        if contact is not None:
            row.contact_id = contact.pk
            account = account or contact.account
        if account is not None:
            row.account_id = account.pk
        if data.account is not None and data.account.arr is not None:
            row.arr_at_time = data.account.arr
        elif new and account is not None:
            row.arr_at_time = account.arr
        if data.context:
            row.context = {**(row.context or {}), **data.context}
        times = [t for t in [data.started_at, *(m.sent_at for m in data.messages)] if t is not None]
        earliest = min(times) if times else None
        if new:
            row.started_at = earliest or self.started
        elif earliest is not None and earliest < row.started_at:
            row.started_at = earliest
        if new or not row.language:
            row.language = (
                data.language if data.language is not None else conversation_language(data.messages)
            )

    def _messages(
        self,
        conversations: list[ConversationData],
        rows: dict[str, Any],
        counts: Counts,
        touched: set[int],
    ) -> None:
        wanted: dict[tuple[int, str], MessageData] = {}
        for conversation in conversations:
            conversation_row = rows.get(conversation.external_id)
            if conversation_row is None:
                continue
            for message in conversation.messages:
                wanted[(conversation_row.pk, message.external_id)] = message
        # Conversations created in this batch have no stored messages to look up.
        existing: dict[tuple[int, str], Message] = {}
        pks = sorted({pk for pk, _ in wanted if pk not in self._fresh})
        ids = sorted({external_id for pk, external_id in wanted if pk not in self._fresh})
        for pk_part in chunks(pks, CHUNK):
            for id_part in chunks(ids, CHUNK):
                query = Message.objects.filter(conversation_id__in=pk_part, external_id__in=id_part).only(
                    "id", "conversation_id", "external_id", "content_hash", "sent_at", "position"
                )
                for stored in query:
                    existing[(stored.conversation_id, stored.external_id)] = stored
        by_pk = {row.pk: row for row in rows.values()}
        created: list[tuple[Any, ...]] = []  # values of NEW_MESSAGE_FIELDS
        updated: list[Message] = []
        for key, data in wanted.items():
            digest = data.content_hash or message_hash(data)
            found = existing.get(key)
            if found is None:
                created.append(
                    (key[0], data.external_id, data.position, data.author_role, data.author,
                     data.sent_at or by_pk[key[0]].started_at, data.text, data.html, data.quoted,
                     data.signature, data.attachments, digest)
                )  # fmt: skip
                continue
            if found.content_hash == digest:
                counts.add("messages_unchanged")
                continue
            found.author_role = data.author_role
            found.author = data.author
            found.sent_at = data.sent_at or found.sent_at
            found.text = data.text
            found.html = data.html
            found.quoted = data.quoted
            found.signature = data.signature
            found.attachments = data.attachments
            found.content_hash = digest
            updated.append(found)
        touched.update(row[0] for row in created)
        touched.update(row.conversation_id for row in updated)
        insert_values(Message, NEW_MESSAGE_FIELDS, created)
        for part in chunks(updated, 1000):
            Message.objects.bulk_update(part, MESSAGE_FIELDS)
        counts.add("messages_created", len(created))
        counts.add("messages_updated", len(updated))

    def _tags(self, conversations: list[ConversationData], rows: dict[str, Any], counts: Counts) -> None:
        pairs: dict[tuple[int, int], datetime] = {}
        for data in conversations:
            row = rows.get(data.external_id)
            if row is None or not data.tags:
                continue
            for tag in self.tags.resolve(data.tags, data.where):
                pairs.setdefault((row.pk, tag.pk), row.started_at)
        counts.add("tags_applied", record_imported_tags(pairs, self.tag_user, self._fresh))
