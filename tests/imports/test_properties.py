"""Property tests: every parser, fed generated and mutated input, yields only records
and reported row errors (or refuses the whole input): no other exception escapes, and
nothing it yields carries text a database would refuse."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.imports.conftest import SAMPLES
from voxpop.imports.formats import FORMATS
from voxpop.imports.limits import Limits
from voxpop.imports.readers import Entry
from voxpop.imports.records import ConversationData, InputError, ParseOptions, RowError

# Small limits, so the limit paths are exercised too.
OPTIONS = ParseOptions(limits=Limits(max_line_bytes=4096, max_document_bytes=64 * 1024, max_text_chars=5000))
PROPERTY_SETTINGS = settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SAMPLE_FILES = {
    ("csv", "conversations.csv"): (SAMPLES / "conversations.csv").read_bytes(),
    ("jsonl", "conversations.jsonl"): (SAMPLES / "conversations.jsonl").read_bytes(),
    ("email", "mailbox.mbox"): (SAMPLES / "mailbox.mbox").read_bytes(),
    ("email", "note.eml"): (SAMPLES / "eml" / "01-pdf-fonts.eml").read_bytes(),
    ("transcript", "call.vtt"): (SAMPLES / "call.vtt").read_bytes(),
    ("transcript", "call.srt"): (SAMPLES / "call.srt").read_bytes(),
    ("transcript", "call.txt"): (SAMPLES / "call.txt").read_bytes(),
}


def storable(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" not in value and value.encode("utf-8", "strict") is not None
    if isinstance(value, dict):
        return all(storable(k) and storable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(storable(v) for v in value)
    return True


def parse_all(fmt: str, name: str, data: bytes) -> Iterator[Any]:
    entry = Entry(name=name, key=name, size=len(data), open=lambda: io.BytesIO(data))
    parser = FORMATS[fmt].make(OPTIONS)
    notes: list[str] = []
    try:
        yield from parser(entry, notes)
    except InputError:
        return


def check(fmt: str, name: str, data: bytes) -> None:
    for item in parse_all(fmt, name, data):
        assert isinstance(item, ConversationData | RowError), item
        if isinstance(item, RowError):
            assert item.where.startswith(name) and item.reason
            continue
        assert item.external_id and len(item.external_id) <= 255
        assert storable(item.context) and storable(item.external_id) and storable(item.subject or "")
        for message in item.messages:
            assert message.external_id and len(message.external_id) <= 255
            for text in (message.text, message.author, message.html, message.quoted, message.signature):
                assert storable(text)
            assert storable(message.attachments)


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "splice"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from([b"\x00", b"\xff\xfe", b'"', b"\n", b"\r", b"-->", b"<v ", b"From ",
                                                b"=?utf-8?b?", b"{", b",", b":", b"\xe4\xb8"]))  # fmt: skip
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        else:
            start = draw(st.integers(0, max(0, len(data) - 1)))
            data[at:at] = data[start : start + draw(st.integers(1, 200))]
    return bytes(data)


@PROPERTY_SETTINGS
@given(data=st.data())
def test_mutated_samples_yield_only_records_and_reported_errors(data: st.DataObject) -> None:
    (fmt, name), original = data.draw(st.sampled_from(sorted(SAMPLE_FILES.items())))
    check(fmt, name, data.draw(mutated(original)))


@PROPERTY_SETTINGS
@given(
    target=st.sampled_from(sorted(SAMPLE_FILES)),
    blob=st.binary(max_size=3000) | st.text(max_size=1000).map(lambda t: t.encode("utf-8", "surrogatepass")),
)
def test_arbitrary_bytes_yield_only_records_and_reported_errors(target: tuple[str, str], blob: bytes) -> None:
    check(target[0], target[1], blob)


@PROPERTY_SETTINGS
@given(cells=st.lists(st.lists(st.text(max_size=40), min_size=3, max_size=3), min_size=1, max_size=20))
def test_generated_csv_rows_parse_or_are_rejected_one_by_one(cells: list[list[str]]) -> None:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["conversation_id", "sent_at", "text"])
    writer.writerows(cells)
    data = buffer.getvalue().encode("utf-8", "surrogatepass")
    items = list(parse_all("csv", "generated.csv", data))
    check("csv", "generated.csv", data)
    assert len(items) <= len(cells)


@PROPERTY_SETTINGS
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_generated_json_objects_parse_or_are_rejected(value: Any) -> None:
    import json

    documents = [
        {"conversation_id": "c", "text": "hi", "context": value, "tags": value},
        {"conversation_id": value, "text": value, "sent_at": value, "account": value, "messages": value},
        value,
    ]
    data = b"\n".join(json.dumps(d, default=str).encode("utf-8", "surrogatepass") for d in documents)
    check("jsonl", "generated.jsonl", data)


def test_a_conversation_id_of_control_characters_only_is_rejected_as_empty() -> None:
    # Found by the property test above: "\x1b" survived the emptiness check, then cleaned to "".
    items = list(parse_all("csv", "ids.csv", b"conversation_id,text\n\x1b,hello\n"))
    assert len(items) == 1 and isinstance(items[0], RowError)
    assert items[0].where == "ids.csv: line 2" and "conversation_id is empty" in items[0].reason
