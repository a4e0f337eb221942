"""Clustering that respects human decisions.

must_link pairs are joined whatever the model says; a cannot_link pair (a reviewer's split) is
separated by cutting edges, weakest first, along the strongest remaining path between the two
records, until no path is left. That keeps the rest of a cluster together: the split is minimal
in the sense that only edges on paths between the two records are ever cut."""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Edge = tuple[str, str]


def _key(a: str, b: str) -> Edge:
    return (a, b) if a <= b else (b, a)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        root = parent.setdefault(x, x)
        while root != parent[root]:
            root = parent[root]
        while x != root:  # path compression keeps 2M-record runs linear in practice
            parent[x], x = root, parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller id becomes the root: cluster ids then do not depend on edge order.
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


class ConflictingDecisionsError(ValueError):
    """must_link decisions join two records that a cannot_link decision keeps apart."""


@dataclass
class Clustering:
    cluster_of: dict[str, str]  # every record id -> cluster id (the smallest member id)
    cut: list[Edge] = field(default_factory=list)  # model edges removed to honour cannot_link


def _bottleneck_path(adj: dict[str, dict[str, float]], a: str, b: str) -> list[Edge] | None:
    """The path from a to b whose weakest edge is strongest (widest path), or None."""
    best: dict[str, float] = {a: math.inf}
    previous: dict[str, str] = {}
    heap: list[tuple[float, str]] = [(-math.inf, a)]
    while heap:
        neg_width, node = heapq.heappop(heap)
        if node == b:
            break
        if -neg_width < best.get(node, -math.inf):
            continue
        for nxt in sorted(adj[node]):  # sorted: ties resolve the same way on every run
            width = min(-neg_width, adj[node][nxt])
            if width > best.get(nxt, -math.inf):
                best[nxt] = width
                previous[nxt] = node
                heapq.heappush(heap, (-width, nxt))
    if b not in previous:
        return None
    path: list[Edge] = []
    node = b
    while node != a:
        path.append((previous[node], node))
        node = previous[node]
    return path


def cluster(
    record_ids: Iterable[str],
    edges: Sequence[tuple[str, str, float]],
    must_link: Sequence[Edge] = (),
    cannot_link: Sequence[Edge] = (),
) -> Clustering:
    """Connected components of ``edges`` (id, id, strength) plus ``must_link``, with every
    ``cannot_link`` pair separated. Raises ConflictingDecisionsError if the decisions contradict."""
    must_uf = _UnionFind()
    for a, b in must_link:
        must_uf.union(a, b)
    for a, b in cannot_link:
        if a == b or must_uf.find(a) == must_uf.find(b):
            raise ConflictingDecisionsError(
                f"cannot_link ({a!r}, {b!r}) contradicts must_link decisions that join them"
            )

    uf = _UnionFind()
    for a, b, _ in edges:
        uf.union(a, b)
    for a, b in must_link:
        uf.union(a, b)

    cut: list[Edge] = []
    violated = [(a, b) for a, b in cannot_link if uf.find(a) == uf.find(b)]
    if violated:
        # Only the clusters holding a violated pair are rebuilt; everything else stays as is.
        roots = {uf.find(a) for a, _ in violated}
        adj: dict[str, dict[str, float]] = defaultdict(dict)
        for a, b, w in edges:
            if uf.find(a) in roots and a != b:
                adj[a][b] = adj[b][a] = max(w, adj[a].get(b, -math.inf))
        for a, b in must_link:
            if uf.find(a) in roots and a != b:
                adj[a][b] = adj[b][a] = math.inf  # human decisions are never cut
        for a, b in sorted(violated):
            while (path := _bottleneck_path(adj, a, b)) is not None:
                x, y = min(path, key=lambda e: (adj[e[0]][e[1]], _key(*e)))
                del adj[x][y], adj[y][x]
                cut.append(_key(x, y))
        # Re-derive the affected components from what is left.
        local = _UnionFind()
        for node, neighbours in adj.items():
            local.find(node)
            for other in neighbours:
                local.union(node, other)
        affected = [node for node in list(uf.parent) if uf.find(node) in roots]
        for node in affected:
            uf.parent[node] = node
        for node in local.parent:
            uf.parent[node] = local.find(node)

    cluster_of: dict[str, str] = {}
    for rid in record_ids:
        cluster_of[rid] = uf.find(rid) if rid in uf.parent else rid
    return Clustering(cluster_of, sorted(set(cut)))
