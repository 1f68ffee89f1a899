"""Labels as nodes of a tree: a leaf implies its ancestors.

A :class:`Hierarchy` maps each label to its parent (or None for a root). Labels are
plain strings (a tag slug, or a path like ``billing/refund``), so the engine works the
same with or without Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Hierarchy:
    parent: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def from_paths(cls, labels: Iterable[str], separator: str) -> Hierarchy:
        """Read labels like ``billing/refund`` as paths: ``billing`` is the parent node."""
        tree = cls()
        for label in labels:
            parts = label.split(separator)
            for depth in range(1, len(parts) + 1):
                node = separator.join(parts[:depth])
                tree.parent.setdefault(node, separator.join(parts[: depth - 1]) if depth > 1 else None)
        return tree

    @classmethod
    def from_nested(cls, nodes: list[Mapping[str, Any]]) -> Hierarchy:
        """Read a taxonomy tree of ``{slug, name, children}`` nodes (the YAML format)."""
        tree = cls()

        def walk(items: list[Mapping[str, Any]], parent: str | None) -> None:
            for item in items:
                slug = str(item["slug"])
                tree.parent[slug] = parent
                walk(list(item.get("children") or []), slug)

        walk(nodes, None)
        return tree

    def add(self, label: str) -> None:
        self.parent.setdefault(label, None)

    def ancestors(self, label: str) -> list[str]:
        """Parents of ``label`` from nearest to root (never including the label)."""
        found: list[str] = []
        node = self.parent.get(label)
        while node is not None and node not in found:
            found.append(node)
            node = self.parent.get(node)
        return found

    def with_ancestors(self, labels: Iterable[str]) -> set[str]:
        closed: set[str] = set()
        for label in labels:
            closed.add(label)
            closed.update(self.ancestors(label))
        return closed

    def most_specific(self, labels: Iterable[str]) -> set[str]:
        """Drop every label that is an ancestor of another label in the set."""
        chosen = set(labels)
        implied = {a for label in chosen for a in self.ancestors(label)}
        return chosen - implied
