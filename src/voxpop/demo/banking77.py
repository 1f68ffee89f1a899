"""A workspace built from the Banking77 dataset (a folder the user downloaded).

The train split becomes human-tagged history, the test split the untagged inbox.
Accounts and contacts are synthetic and seeded; the texts and labels are the
dataset's own. Everything is read and checked before anything is written, and the
write is one transaction: a bad file changes nothing.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from voxpop.demo.errors import DatasetError, DemoError

REQUIRED_FILES = ("train.csv", "test.csv", "taxonomy.yaml")
SOURCE_NAME = "Banking77"
ANNOTATOR = "banking77-annotators"
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Row:
    split: str
    line: int
    text: str
    label: str


def check_dataset_dir(directory: Path) -> None:
    """Raise DatasetError unless ``directory`` holds the three Banking77 files."""
    if not directory.exists():
        raise DatasetError(f"--banking77: {directory} does not exist")
    if not directory.is_dir():
        raise DatasetError(f"--banking77: {directory} is not a directory")
    missing = [name for name in REQUIRED_FILES if not (directory / name).is_file()]
    if missing:
        raise DatasetError(f"--banking77: {directory} lacks {', '.join(missing)}")


def read_taxonomy(path: Path) -> list[dict[str, Any]]:
    try:
        nodes = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DatasetError(f"{path}: cannot read the taxonomy: {exc}") from exc
    if not isinstance(nodes, list):
        raise DatasetError(f"{path}: expected a list of tag nodes at the top level")
    _check_nodes(nodes, path, "")
    return nodes


def _check_nodes(nodes: list[Any], path: Path, where: str) -> None:
    for index, node in enumerate(nodes):
        here = f"{where}[{index}]"
        if not isinstance(node, dict) or not node.get("slug"):
            raise DatasetError(f"{path}: node {here} needs a slug")
        children = node.get("children", [])
        if not isinstance(children, list):
            raise DatasetError(f"{path}: node {node['slug']!r}: children must be a list")
        _check_nodes(children, path, f"{here}.children")


def leaf_slugs(nodes: list[dict[str, Any]]) -> list[str]:
    leaves: list[str] = []
    for node in nodes:
        children = node.get("children") or []
        leaves.extend(leaf_slugs(children) if children else [str(node["slug"])])
    return leaves


def read_split(path: Path, split: str, known: set[str]) -> list[Row]:
    rows: list[Row] = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or not {"text", "category"} <= set(reader.fieldnames):
                raise DatasetError(f"{path}: line 1: expected the columns text,category")
            for record in reader:
                line = reader.line_num
                text = (record.get("text") or "").strip()
                label = (record.get("category") or "").strip()
                if not text:
                    raise DatasetError(f"{path}: line {line}: empty text")
                if label not in known:
                    raise DatasetError(
                        f"{path}: line {line}: category {label!r} is not a leaf of taxonomy.yaml"
                    )
                rows.append(Row(split, line, text, label))
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except csv.Error as exc:
        raise DatasetError(f"{path}: {exc}") from exc
    return rows


def load_banking77(directory: Path, seed: int = 7, progress: Progress | None = None) -> dict[str, int]:
    check_dataset_dir(directory)
    nodes = read_taxonomy(directory / "taxonomy.yaml")
    known = set(leaf_slugs(nodes))
    train = read_split(directory / "train.csv", "train", known)
    test = read_split(directory / "test.csv", "test", known)
    return _write(nodes, train, test, seed, progress or (lambda stage, done, total: None))


def _write(
    nodes: list[dict[str, Any]], train: list[Row], test: list[Row], seed: int, progress: Progress
) -> dict[str, int]:
    from voxpop.accounts.models import Account, Contact, Lifecycle, Segment
    from voxpop.conversations.models import (
        AuthorRole,
        Channel,
        Conversation,
        Message,
        Source,
        SourceKind,
        Status,
    )
    from voxpop.tagging.models import Decider, TagDecision, Verdict
    from voxpop.tagging.services import bulk_record_decisions
    from voxpop.taxonomy.models import Tag
    from voxpop.taxonomy.services import import_tree
    from voxpop.users.models import Role, User

    existing = Conversation.objects.count()
    if existing:
        raise DemoError(
            f"the workspace already has {existing} conversations; Banking77 loads only into an empty one"
        )
    rng = random.Random(seed)
    anchor = datetime(2026, 1, 1, tzinfo=UTC)
    rows = train + test
    with transaction.atomic():
        clash = Tag.objects.filter(slug__in=[*leaf_slugs(nodes)]).values_list("slug", flat=True).first()
        if clash:
            raise DemoError(
                f"a tag with slug {clash!r} already exists; load Banking77 into an empty workspace"
            )
        progress("taxonomy", 0, 1)
        tags = {tag.slug: tag for tag in import_tree(nodes, facets=True)}
        progress("taxonomy", 1, 1)

        annotator = User.objects.create_user(username=ANNOTATOR, password=None, role=Role.EDITOR)
        segments = [Segment.SELF_SERVE, Segment.SMB, Segment.MID_MARKET, Segment.ENTERPRISE]
        plans = {
            "self_serve": "personal",
            "smb": "business",
            "mid_market": "business",
            "enterprise": "premium",
        }
        accounts = []
        for number in range(60):
            segment = segments[min(3, int(rng.paretovariate(1.6)) - 1)]
            base = {"self_serve": 0, "smb": 6_000, "mid_market": 40_000, "enterprise": 180_000}[segment]
            accounts.append(
                Account(
                    name=f"Banking77 customer {number + 1:02d}",
                    domain=f"customer{number + 1:02d}.banking77.example",
                    plan=plans[segment],
                    segment=segment,
                    arr=Decimal(base + rng.randrange(0, max(1, base // 2) + 1, 1)).quantize(Decimal("1.00")),
                    seats=rng.randint(1, 400),
                    region=rng.choice(["EMEA", "NA", "APAC", "LATAM"]),
                    lifecycle_stage=Lifecycle.ACTIVE,
                )
            )
        Account.objects.bulk_create(accounts)
        contacts = [
            Contact(
                name=f"Customer {index + 1}",
                email=f"person{index + 1}@{account.domain}",
                locale="en",
                account=account,
            )
            for index, account in enumerate(rng.choice(accounts) for _ in range(400))
        ]
        Contact.objects.bulk_create(contacts)

        source = Source.objects.create(kind=SourceKind.DATASET, name=SOURCE_NAME)
        conversations = []
        messages_text = []
        for index, row in enumerate(rows):
            contact = contacts[rng.randrange(len(contacts))]
            started = anchor - timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
            conversations.append(
                Conversation(
                    source=source,
                    external_id=f"{row.split}-{row.line}",
                    channel=Channel.CHAT if rng.random() < 0.7 else Channel.EMAIL,
                    account=contact.account,
                    contact=contact,
                    started_at=started,
                    status=Status.CLOSED if row.split == "train" else Status.OPEN,
                    closed_at=started + timedelta(hours=1) if row.split == "train" else None,
                    language="en",
                    arr_at_time=contact.account.arr if contact.account else None,
                )
            )
            messages_text.append(row.text)
            if index % 1000 == 0:
                progress("conversations", index, len(rows))
        Conversation.objects.bulk_create(conversations, batch_size=1000)
        progress("conversations", len(rows), len(rows))
        Message.objects.bulk_create(
            [
                Message(
                    conversation=conversation,
                    position=0,
                    author_role=AuthorRole.CUSTOMER,
                    author=conversation.contact.name if conversation.contact else "",
                    sent_at=conversation.started_at,
                    text=text,
                )
                for conversation, text in zip(conversations, messages_text, strict=True)
            ],
            batch_size=1000,
        )
        progress("decisions", 0, len(train))
        decisions = [
            TagDecision(
                conversation=conversation,
                tag=tags[row.label],
                verdict=Verdict.ACCEPT,
                decider=Decider.PERSON,
                user=annotator,
                created_at=conversation.started_at + timedelta(minutes=30),
            )
            for conversation, row in zip(conversations, rows, strict=True)
            if row.split == "train"
        ]
        bulk_record_decisions(decisions)
        progress("decisions", len(train), len(train))
    return {
        "tags": len(tags),
        "accounts": len(accounts),
        "contacts": len(contacts),
        "conversations": len(conversations),
        "tagged": len(decisions),
        "untagged": len(test),
    }
