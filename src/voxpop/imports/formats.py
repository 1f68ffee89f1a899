"""The formats ``voxpop import`` understands, each a reader filter and a parser."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from voxpop.conversations.models import Channel, SourceKind
from voxpop.imports import slack, zendesk
from voxpop.imports.crm import parse_hubspot, parse_salesforce
from voxpop.imports.intercom import parse_intercom
from voxpop.imports.limits import Limits
from voxpop.imports.mail import EmailParser
from voxpop.imports.readers import Entry, entries
from voxpop.imports.records import Item, ParseOptions, RowError
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
    # Files of a folder or archive to read before all others (a Slack export's
    # users.json and channels.json; Zendesk's side-loaded users and organizations).
    first: Callable[[str], bool] | None = None
    # Takes the place of ``suffixes`` when set.
    accept: Callable[[str], bool] | None = None
    # Whether --tag-map applies.
    tag_map: bool = False
    # Whether a large input may be parsed in a second process: the parser needs no
    # database (the team's names are read before the fork, in ParseOptions.team), and
    # its records depend on nothing the writer has written.
    parallel: bool = False
    # Whether that process also detects languages and hashes messages; not where
    # parsing alone costs more CPU than writing (email), so the two sides balance.
    parser_prepares: bool = True

    def accepts(self, name: str) -> bool:
        if self.accept is not None:
            return self.accept(name)
        return name.lower().endswith(self.suffixes)

    def entries(
        self, path: Path, limits: Limits, accept: Callable[[str], bool]
    ) -> Iterator[Entry | RowError]:
        """The path's entries, the ``first`` ones ahead of the rest."""
        first = self.first
        if first is None or not (
            path.is_dir() or path.name.lower().endswith((".zip", ".tar", ".tar.gz", ".tgz"))
        ):
            yield from entries(path, limits, accept)
            return
        for entry in entries(path, limits, first):
            if not isinstance(entry, RowError):  # refused members are reported by the main pass
                yield entry
        yield from entries(path, limits, lambda name: accept(name) and not first(name))


def _simple(
    parse: Callable[[Entry, ParseOptions, list[str]], Iterator[Item]],
) -> Callable[[ParseOptions], EntryParser]:
    def make(options: ParseOptions) -> EntryParser:
        return lambda entry, notes: parse(entry, options, notes)

    return make


def _zendesk(options: ParseOptions) -> EntryParser:
    parser = zendesk.ZendeskParser(options)  # one per input: users carry over between files
    return parser.parse_entry


def _slack(options: ParseOptions) -> EntryParser:
    parser = slack.SlackParser(options)  # one per input: users and channels first
    return parser.parse_entry


def _email(options: ParseOptions) -> EntryParser:
    parser = EmailParser(options)  # one per input: threads span its files
    return lambda entry, notes: parser.parse_entry(entry)


FORMATS: dict[str, Format] = {
    "csv": Format("csv", SourceKind.CSV, Channel.CHAT, (".csv", ".tsv", ".txt"), _simple(parse_csv),
                  "CSV with a header line; one row per message or per conversation", parallel=True),
    "jsonl": Format("jsonl", SourceKind.JSONL, Channel.CHAT, (".jsonl", ".ndjson", ".json"), _simple(parse_jsonl),
                    "JSON Lines: one object per message, or per conversation with a messages list", parallel=True),
    "email": Format("email", SourceKind.EMAIL, Channel.EMAIL, (".mbox", ".eml", ".mbx", ""), _email,
                    "an mbox file, .eml files, or a folder or archive of them", parallel=True,
                    parser_prepares=False),
    "transcript": Format("transcript", SourceKind.TRANSCRIPT, Channel.CALL, (".vtt", ".srt", ".txt"),
                         _simple(parse_transcript),
                         "call transcripts: WebVTT, SRT or plain 'Speaker: text' (a file, folder or archive)"),
    "intercom": Format("intercom", SourceKind.INTERCOM, Channel.CHAT, (".json", ".jsonl", ".ndjson"),
                       _simple(parse_intercom),
                       "Intercom conversations from its REST API: JSON, JSON arrays, list pages or JSON Lines",
                       tag_map=True),
    "zendesk": Format("zendesk", SourceKind.ZENDESK, Channel.TICKET, (".json", ".jsonl", ".ndjson"), _zendesk,
                      "Zendesk tickets with comments (per-ticket or incremental export pages, side-loads)",
                      first=zendesk.is_metadata, tag_map=True),
    "slack": Format("slack", SourceKind.SLACK, Channel.CHAT, (".json",), _slack,
                    "a Slack workspace export (folder or .zip): one conversation per thread",
                    first=slack.is_metadata, accept=slack.accepts),
    "salesforce": Format("salesforce", SourceKind.CRM, Channel.LOST_DEAL, (".csv", ".tsv", ".txt"),
                         _simple(parse_salesforce), "Salesforce opportunity report CSV: closed-lost deals"),
    "hubspot": Format("hubspot", SourceKind.CRM, Channel.LOST_DEAL, (".csv", ".tsv", ".txt"),
                      _simple(parse_hubspot), "HubSpot deals export CSV: closed-lost deals"),
}  # fmt: skip
