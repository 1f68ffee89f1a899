"""Property tests for the Intercom, Zendesk, Slack and CRM parsers: generated and mutated
input yields only records and reported row errors (or refuses the whole input), and
nothing it yields carries text a database would refuse or a conversation without text."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Iterator
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.imports.conftest import SAMPLES
from tests.imports.test_properties import OPTIONS, PROPERTY_SETTINGS, mutated, storable
from voxpop.imports.formats import FORMATS
from voxpop.imports.readers import Entry
from voxpop.imports.records import ConversationData, InputError, RowError

EXPORT = SAMPLES / "slack-export"
SAMPLE_FILES = {
    ("intercom", "conversations.json"): (SAMPLES / "intercom-conversations.json").read_bytes(),
    ("zendesk", "tickets.json"): (SAMPLES / "zendesk-tickets.json").read_bytes(),
    ("zendesk", "tickets.jsonl"): (SAMPLES / "zendesk-ticket-comments.jsonl").read_bytes(),
    ("slack", "general/2026-03-02.json"): (EXPORT / "general" / "2026-03-02.json").read_bytes(),
    ("slack", "users.json"): (EXPORT / "users.json").read_bytes(),
    ("salesforce", "opportunities.csv"): (SAMPLES / "salesforce-opportunities.csv").read_bytes(),
    ("hubspot", "deals.csv"): (SAMPLES / "hubspot-deals.csv").read_bytes(),
}
SLACK_USERS = (EXPORT / "users.json").read_bytes()
SLACK_CHANNELS = (EXPORT / "channels.json").read_bytes()
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


def entry(name: str, data: bytes) -> Entry:
    return Entry(name=name, key=name, size=len(data), open=lambda: io.BytesIO(data))


def parse_all(fmt: str, name: str, data: bytes) -> Iterator[Any]:
    parser = FORMATS[fmt].make(OPTIONS)
    notes: list[str] = []
    try:
        if fmt == "slack" and name != "users.json":
            yield from parser(entry("users.json", SLACK_USERS), notes)
            yield from parser(entry("channels.json", SLACK_CHANNELS), notes)
        yield from parser(entry(name, data), notes)
    except InputError:
        return


def check(fmt: str, name: str, data: bytes) -> list[Any]:
    found = list(parse_all(fmt, name, data))
    for item in found:
        assert isinstance(item, ConversationData | RowError), item
        if isinstance(item, RowError):
            assert item.reason
            continue
        assert item.external_id and len(item.external_id) <= 255 and storable(item.external_id)
        assert storable(item.context) and storable(item.subject or "") and storable(item.tags)
        assert item.messages, "a conversation without messages"
        for message in item.messages:
            assert message.external_id and len(message.external_id) <= 255
            assert message.text.strip(), "a message without text"
            for text in (message.text, message.author, message.html):
                assert storable(text)
            assert "<script" not in message.html.lower() and "onerror" not in message.html.lower()
            assert storable(message.attachments)
    return found


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


def _replace(document: Any, path: list[Any], value: Any) -> Any:
    document = copy.deepcopy(document)
    holder = document
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = value
    return document


INTERCOM = json.loads(SAMPLE_FILES[("intercom", "conversations.json")])["conversations"][0]
INTERCOM_PATHS = [["id"], ["created_at"], ["state"], ["source"], ["source", "body"], ["source", "author"],
                  ["source", "attachments"], ["contacts"], ["tags"], ["custom_attributes"], ["statistics"],
                  ["conversation_parts"], ["conversation_parts", "conversation_parts", 1],
                  ["conversation_parts", "conversation_parts", 2, "created_at"],
                  ["conversation_parts", "conversation_parts", 2, "author"]]  # fmt: skip
ZENDESK = json.loads(SAMPLE_FILES[("zendesk", "tickets.json")])
ZENDESK_PATHS = [["tickets", 0, "id"], ["tickets", 0, "created_at"], ["tickets", 0, "status"], ["tickets", 0, "via"],
                 ["tickets", 0, "tags"], ["tickets", 0, "comments"], ["tickets", 0, "comments", 1, "public"],
                 ["tickets", 0, "comments", 1, "html_body"], ["tickets", 0, "comments", 2, "created_at"],
                 ["tickets", 0, "requester_id"], ["users"], ["users", 0], ["organizations", 0, "domain_names"],
                 ["tickets", 1, "description"]]  # fmt: skip
SLACK = json.loads(SAMPLE_FILES[("slack", "general/2026-03-02.json")])
SLACK_PATHS = [[1, "ts"], [1, "thread_ts"], [1, "user"], [1, "text"], [1, "subtype"], [2, "files"], [3],
               [1, "user_team"]]  # fmt: skip


@PROPERTY_SETTINGS
@given(
    fmt_path=st.sampled_from(
        [("intercom", p) for p in INTERCOM_PATHS]
        + [("zendesk", p) for p in ZENDESK_PATHS]
        + [("slack", p) for p in SLACK_PATHS]
    ),
    value=JSON_VALUES,
)
def test_generated_values_in_any_field_are_parsed_or_rejected(
    fmt_path: tuple[str, list[Any]], value: Any
) -> None:
    fmt, path = fmt_path
    document = {"intercom": [INTERCOM], "zendesk": ZENDESK, "slack": SLACK}[fmt]
    if fmt == "intercom":
        path = [0, *path]
    changed = _replace(document, path, value)
    name = {"intercom": "c.json", "zendesk": "t.json", "slack": "general/2026-03-02.json"}[fmt]
    data = json.dumps(changed, default=str).encode("utf-8", "surrogatepass")
    found = check(fmt, name, data)
    assert found, "every document yields at least one record or error"


@PROPERTY_SETTINGS
@given(
    fmt=st.sampled_from(["salesforce", "hubspot"]),
    cells=st.lists(st.lists(st.text(max_size=30), min_size=4, max_size=4), min_size=1, max_size=20),
)
def test_generated_crm_rows_parse_skip_or_are_rejected_one_by_one(fmt: str, cells: list[list[str]]) -> None:
    import csv

    header = {
        "salesforce": ["Opportunity ID", "Stage", "Amount", "Close Date"],
        "hubspot": ["Record ID", "Deal Stage", "Amount", "Close Date"],
    }[fmt]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in cells:
        writer.writerow([row[0], "Closed Lost" if row[1] == "" else row[1], row[2], row[3]])
    found = check(fmt, "deals.csv", buffer.getvalue().encode("utf-8", "surrogatepass"))
    assert len(found) <= len(cells)


@PROPERTY_SETTINGS
@given(
    elements=st.lists(JSON_VALUES, max_size=12),
    indent=st.sampled_from([None, 0, 1, 3]),
    chunk=st.integers(1, 64),
)
def test_json_arrays_stream_element_by_element_across_any_window_size(
    elements: list[Any], indent: int | None, chunk: int
) -> None:
    from voxpop.imports import jsondocs

    data = json.dumps(elements, indent=indent, ensure_ascii=indent == 3).encode("utf-8", "surrogatepass")
    original, jsondocs.CHUNK = jsondocs.CHUNK, chunk
    try:
        found = list(jsondocs.json_values(entry("a.json", data), OPTIONS.limits))
    finally:
        jsondocs.CHUNK = original
    if any(isinstance(v, str) and any("\ud800" <= c <= "\udfff" for c in v) for v in _strings(elements)):
        return  # lone surrogates are not UTF-8: reported, not compared
    assert [v.kind for v in found if not isinstance(v, RowError)] == ["item"] * len(elements)
    streamed = [v.value for v in found if not isinstance(v, RowError)]
    assert json.dumps(streamed) == json.dumps(json.loads(data))  # (NaN is not equal to itself)


def _strings(value: Any) -> Iterator[Any]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _strings(inner)
