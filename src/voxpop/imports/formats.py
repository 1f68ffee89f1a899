"""The formats ``voxpop import`` understands, each a reader filter and a parser."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from voxpop.conversations.models import Channel, SourceKind
from voxpop.imports.mail import EmailParser
from voxpop.imports.readers import Entry
from voxpop.imports.records import Item, ParseOptions
from voxpop.imports.tabular import parse_csv, parse_jsonl
from voxpop.imports.transcripts import parse_transcript

EntryParser = Callable[[Entry, list[str]], Iterator[Item]]


@dataclass(frozen=True)
class Format:
    name: str
    kind: str
    channel: str
    suffixes: tuple[str, ...]
    make: Callable[[ParseOptions], EntryParser]
    help: str

    def accepts(self, name: str) -> bool:
        return name.lower().endswith(self.suffixes)


def _simple(
    parse: Callable[[Entry, ParseOptions, list[str]], Iterator[Item]],
) -> Callable[[ParseOptions], EntryParser]:
    def make(options: ParseOptions) -> EntryParser:
        return lambda entry, notes: parse(entry, options, notes)

    return make


def _email(options: ParseOptions) -> EntryParser:
    parser = EmailParser(options)  # one per input: threads span its files
    return lambda entry, notes: parser.parse_entry(entry)


FORMATS: dict[str, Format] = {
    "csv": Format("csv", SourceKind.CSV, Channel.CHAT, (".csv", ".tsv", ".txt"), _simple(parse_csv),
                  "CSV with a header line; one row per message or per conversation"),
    "jsonl": Format("jsonl", SourceKind.JSONL, Channel.CHAT, (".jsonl", ".ndjson", ".json"), _simple(parse_jsonl),
                    "JSON Lines: one object per message, or per conversation with a messages list"),
    "email": Format("email", SourceKind.EMAIL, Channel.EMAIL, (".mbox", ".eml", ".mbx", ""), _email,
                    "an mbox file, .eml files, or a folder or archive of them"),
    "transcript": Format("transcript", SourceKind.TRANSCRIPT, Channel.CALL, (".vtt", ".srt", ".txt"),
                         _simple(parse_transcript),
                         "call transcripts: WebVTT, SRT or plain 'Speaker: text' (a file, folder or archive)"),
}  # fmt: skip
