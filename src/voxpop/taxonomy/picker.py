"""The tag picker: fuzzy type-ahead over full tag paths, recently used tags first.

``search("db rel")`` finds "Databases > Relations > Relation property": every query
token must match a word of the tag's path (or, weakly, of its description), and a
tag's score is the mean of its tokens' best matches plus bonuses:

- per token, against one word: exact (1.0) > prefix (0.8-1.0) > word-initial
  subsequence ("db" for "DataBases" or "database", 0.6-0.7) > substring (0.45; 0.7
  for Chinese, Japanese and Korean, which do not separate words) > subsequence (0.3);
  a token found only in the description scores 0.15;
- tokens matched in path order, a match on the tag's own name, a leaf tag and an
  exact or prefix match of the whole name rank higher; shorter paths break ties;
- tags the user accepted recently get a boost; an empty query lists them, then
  the shallowest leaves in tree order.

Merged and deprecated tags are never offered. The index of all tags lives in the
process and is rebuilt only when the taxonomy changed, detected by one cheap query
(tag count, highest id, latest ``updated_at``); per index, each token's matches over
the vocabulary of distinct words are computed once and cached, so typing "d", "db",
"db r", "db re" reuses work.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Max

from voxpop.taxonomy.models import Tag, TagStatus

SEPARATOR = " > "
RECENT_DECISIONS = 300  # how far back in a user's own decisions "recent" looks
RECENT_TAGS = 10
RECENT_BOOST = 0.3
DESCRIPTION_SCORE = 0.15
WORD = re.compile(r"[^\W_]+")  # letters and digits; "_" separates words too
CAMEL = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])|[^\W_a-zA-Z0-9]+")
# Scripts written without spaces between words: match inside words there.
CJK = re.compile(
    r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)


@dataclass(frozen=True)
class PickerHit:
    id: int
    slug: str
    name: str
    path: str
    description: str
    score: float
    recent: bool


@dataclass
class _Entry:
    id: int
    slug: str
    name: str
    path: str
    description: str
    name_folded: str
    description_words: str  # " word word ..." for word-prefix tests
    description_folded: str
    depth: int
    leaf: bool
    order: int


# Where a word occurs: (index into _Index.entries, word position along the path, whether
# the word is in the tag's own name). Plain tuples: the garbage collector skips them.
_Posting = tuple[int, int, bool]


@dataclass
class _Index:
    key: tuple[Any, ...]
    entries: list[_Entry]
    by_id: dict[int, int]
    vocabulary: dict[str, list[_Posting]]
    initials: dict[str, str]  # word -> initials of its camel-case parts ("DataBases" -> "db")
    merged_into: dict[int, int]  # merged tag id -> the live tag it counts as
    token_cache: dict[str, dict[str, float]] = field(default_factory=dict)


_index: _Index | None = None
_lock = threading.Lock()


# --------------------------------------------------------------------------- matching


def _is_subsequence(token: str, word: str) -> bool:
    chars = iter(word)
    return all(char in chars for char in token)


def word_score(token: str, word: str, initials: str = "") -> float:
    """How well one query token (case-folded) matches one word (case-folded); 0 = not at all."""
    if token == word:
        return 1.0
    if word.startswith(token):
        return 0.8 + 0.2 * len(token) / len(word)
    if len(initials) > 1 and initials.startswith(token) and len(token) > 1:
        return 0.7
    if token[0] == word[0] and _is_subsequence(token, word):
        return 0.6
    if token in word:
        if CJK.search(token):
            return 0.7
        if len(token) > 1:
            return 0.45
    if len(token) > 1 and not CJK.search(token) and _is_subsequence(token, word):
        return 0.3
    return 0.0


def _words(text: str) -> list[tuple[str, str]]:
    """(case-folded word, initials of its camel-case parts) for each word of ``text``."""
    out = []
    for word in WORD.findall(text):
        parts = CAMEL.findall(word)
        initials = "".join(part[0] for part in parts).casefold() if len(parts) > 1 else ""
        out.append((word.casefold(), initials))
    return out


def _tokens(query: str) -> list[str]:
    return WORD.findall(query.casefold())


# --------------------------------------------------------------------------- index


def _index_key() -> tuple[Any, ...]:
    found = Tag.objects.aggregate(n=Count("id"), last_id=Max("id"), changed=Max("updated_at"))
    changed: datetime | None = found["changed"]
    return (found["n"], found["last_id"], changed.isoformat() if changed else None)


def _build(key: tuple[Any, ...]) -> _Index:
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in Tag.objects.values(
            "id", "slug", "name", "path", "parent_id", "position", "description", "status", "merged_into_id"
        )
    ]
    names = {row["id"]: row["name"] for row in rows}
    children: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        children[row["parent_id"]].append(row)
    live_children = {
        parent for parent, kids in children.items() if any(k["status"] == TagStatus.ACTIVE for k in kids)
    }
    tree_order: dict[int, int] = {}
    stack = sorted(children.get(None, []), key=lambda r: (r["position"], r["id"]), reverse=True)
    while stack:  # depth-first, in each parent's order: the order of the tree editor
        row = stack.pop()
        tree_order[row["id"]] = len(tree_order)
        stack.extend(
            sorted(children.get(row["id"], []), key=lambda r: (r["position"], r["id"]), reverse=True)
        )

    entries: list[_Entry] = []
    vocabulary: dict[str, list[_Posting]] = defaultdict(list)
    initials: dict[str, str] = {}
    for row in rows:
        if row["status"] != TagStatus.ACTIVE:
            continue
        ids = [int(part) for part in row["path"].strip("/").split("/") if part]
        segments = [names.get(i, "?") for i in ids]
        description = row["description"] or ""
        index = len(entries)
        entries.append(
            _Entry(
                id=row["id"],
                slug=row["slug"],
                name=row["name"],
                path=SEPARATOR.join(segments),
                description=description,
                name_folded=row["name"].casefold(),
                description_words=" " + " ".join(w for w, _ in _words(description)),
                description_folded=description.casefold(),
                depth=len(ids) - 1,
                leaf=row["id"] not in live_children,
                order=tree_order.get(row["id"], len(rows)),
            )
        )
        position = 0
        for depth, segment in enumerate(segments):
            for word, word_initials in _words(segment):
                vocabulary[word].append((index, position, depth == len(segments) - 1))
                if word_initials:
                    initials[word] = word_initials
                position += 1
    merged = {row["id"]: row["merged_into_id"] for row in rows if row["status"] == TagStatus.MERGED}
    merged_into: dict[int, int] = {}
    for start, target in merged.items():
        seen = {start}
        while target in merged and target not in seen:
            seen.add(target)
            target = merged[target]
        merged_into[start] = target
    return _Index(
        key=key,
        entries=entries,
        by_id={entry.id: i for i, entry in enumerate(entries)},
        vocabulary=dict(vocabulary),
        initials=initials,
        merged_into=merged_into,
    )


def current_index() -> _Index:
    """The process's index, rebuilt first if the taxonomy changed since it was built."""
    global _index
    key = _index_key()
    index = _index
    if index is not None and index.key == key:
        return index
    with _lock:
        if _index is None or _index.key != key:
            _index = _build(key)
        return _index


# --------------------------------------------------------------------------- recency


def recent_tag_ids(user: Any, index: _Index | None = None) -> list[int]:
    """Tags ``user`` accepted lately, most recent first (merged tags as their successor)."""
    from voxpop.tagging.models import Decider, TagDecision, Verdict

    if user is None or not getattr(user, "is_authenticated", False):
        return []
    merged_into = index.merged_into if index is not None else {}
    tag_ids = (
        TagDecision.objects.filter(
            user=user, decider=Decider.PERSON, verdict=Verdict.ACCEPT, undoes__isnull=True
        )
        .order_by("-created_at", "-id")
        .values_list("tag_id", flat=True)[:RECENT_DECISIONS]
    )
    recent: list[int] = []
    for tag_id in tag_ids:
        tag_id = merged_into.get(tag_id, tag_id)
        if tag_id not in recent:
            recent.append(tag_id)
            if len(recent) == RECENT_TAGS:
                break
    return recent


# --------------------------------------------------------------------------- search


def _token_matches(index: _Index, token: str) -> dict[str, float]:
    """Every vocabulary word ``token`` matches, with its score (cached per index)."""
    cached = index.token_cache.get(token)
    if cached is not None:
        return cached
    if len(index.token_cache) > 5000:
        index.token_cache.clear()
    matches = {}
    for word in index.vocabulary:
        score = word_score(token, word, index.initials.get(word, ""))
        if score:
            matches[word] = score
    index.token_cache[token] = matches
    return matches


def _hit(entry: _Entry, score: float, recent: bool) -> PickerHit:
    return PickerHit(
        id=entry.id,
        slug=entry.slug,
        name=entry.name,
        path=entry.path,
        description=entry.description,
        score=round(score, 4),
        recent=recent,
    )


def _browse(index: _Index, recent: list[int], limit: int) -> list[PickerHit]:
    hits = [_hit(index.entries[index.by_id[i]], 1.0, True) for i in recent if i in index.by_id][:limit]
    shown = {hit.id for hit in hits}
    leaves = sorted(
        (e for e in index.entries if e.leaf and e.id not in shown), key=lambda e: (e.depth, e.order)
    )
    hits.extend(_hit(entry, 0.0, False) for entry in leaves[: max(0, limit - len(hits))])
    return hits


def _description_matches(index: _Index, token: str) -> Iterable[int]:
    if CJK.search(token):
        return (i for i, e in enumerate(index.entries) if token in e.description_folded)
    needle = " " + token
    return (i for i, e in enumerate(index.entries) if needle in e.description_words)


def search(query: str, *, user: Any = None, limit: int = 20) -> list[PickerHit]:
    """Tags matching ``query`` (best first), or the user's recent tags then leaves when empty."""
    index = current_index()
    recent = recent_tag_ids(user, index)
    tokens = _tokens(query)
    if not tokens:
        return _browse(index, recent, limit)

    # Per candidate entry, per token: (best score, its word position, on the tag's own name).
    best: dict[int, list[tuple[float, int, bool]]] = {}
    for t, token in enumerate(tokens):
        found: dict[int, tuple[float, int, bool]] = {}
        for word, score in _token_matches(index, token).items():
            for entry_index, position, on_name in index.vocabulary[word]:
                held = found.get(entry_index)
                # Prefer the better match; on a tie, the one on the tag's own name, then the later word.
                if held is None or (score, on_name, position) > (held[0], held[2], held[1]):
                    found[entry_index] = (score, position, on_name)
        for entry_index in _description_matches(index, token):
            found.setdefault(entry_index, (DESCRIPTION_SCORE, -1, False))
        if t == 0:
            best = {entry_index: [match] for entry_index, match in found.items()}
        else:
            best = {e: [*matches, found[e]] for e, matches in best.items() if e in found}
        if not best:
            return []

    folded_query = " ".join(tokens)
    recent_rank = {tag_id: rank for rank, tag_id in enumerate(recent)}
    scored: list[tuple[float, int, _Entry, bool]] = []
    for entry_index, matches in best.items():
        entry = index.entries[entry_index]
        score = sum(m[0] for m in matches) / len(matches)
        positions = [m[1] for m in matches if m[1] >= 0]
        if len(matches) > 1 and len(positions) == len(matches) and positions == sorted(set(positions)):
            score += 0.1  # the tokens follow the path's order
        if matches[-1][2]:
            score += 0.15  # the last token is on the tag's own name
        if entry.leaf:
            score += 0.05
        if entry.name_folded == folded_query:
            score += 0.5
        elif entry.name_folded.startswith(folded_query):
            score += 0.2
        rank = recent_rank.get(entry.id)
        if rank is not None:
            score += RECENT_BOOST * (1 - rank / (2 * RECENT_TAGS))
        score -= 0.001 * len(entry.path)
        scored.append((score, entry.order, entry, rank is not None))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [_hit(entry, score, is_recent) for score, _, entry, is_recent in scored[:limit]]
