"""A mode graph's directed edges as arrays, and the border rule, for SciPy sparse routing.

Routing and OD matrices run on these arrays (built from :class:`ModeGraph`'s tables, so
the osmnx graph need not exist); :func:`corridormap.routing.od_matrix_osmnx` checks them
against osmnx.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse
import scipy.sparse.csgraph

if TYPE_CHECKING:
    from corridormap.network import ModeGraph

#: (from abroad, to abroad, weight) → sparse matrices of the edges that pair of sides may use.
Key = tuple[bool, bool, str]


@dataclass(frozen=True, eq=False)
class EdgeArrays:
    """Directed edges of a graph as arrays, node positions in the graph's node table order."""

    nodes: np.ndarray
    index: dict[int, int]
    abroad: np.ndarray
    u: np.ndarray
    v: np.ndarray
    length: np.ndarray
    time: np.ndarray
    e_abroad: np.ndarray
    crossing: np.ndarray
    weights: dict[Key, tuple[scipy.sparse.csr_array, scipy.sparse.csr_array]] = field(
        default_factory=dict, repr=False
    )
    picks: dict[Key, scipy.sparse.csr_array] = field(default_factory=dict, repr=False)


@functools.lru_cache(maxsize=8)
def arrays_of(mg: ModeGraph) -> EdgeArrays:
    """Return the edge arrays of a mode graph (cached per graph object)."""
    nodes = mg.nodes.index.to_numpy(dtype=np.int64)
    position = pd.Index(nodes)
    edges = mg.attrs
    return EdgeArrays(
        nodes=nodes,
        index={int(n): i for i, n in enumerate(nodes)},
        abroad=(mg.nodes["side"] == "abroad").to_numpy(),
        u=position.get_indexer(edges.index.get_level_values(0)),
        v=position.get_indexer(edges.index.get_level_values(1)),
        length=edges["length"].to_numpy(dtype=float),
        time=edges["travel_time"].to_numpy(dtype=float),
        e_abroad=(edges["side"] == "abroad").to_numpy(),
        crossing=edges["crossing"].notna().to_numpy(),
    )


def allowed_edge(
    u_abroad: Any, v_abroad: Any, e_abroad: Any, crossing: Any, from_abroad: bool, to_abroad: bool
) -> Any:
    """Whether a directed edge may be used by a route from one side of the border to another.

    Works on scalars and on arrays alike.
    """
    if from_abroad == to_abroad:
        return np.logical_and(np.logical_not(crossing), np.equal(e_abroad, from_abroad))
    return np.where(
        crossing,
        np.logical_and(np.equal(u_abroad, from_abroad), np.equal(v_abroad, to_abroad)),
        True,
    )


def weights(
    ar: EdgeArrays, sides: tuple[bool, bool], by: str
) -> tuple[scipy.sparse.csr_array, scipy.sparse.csr_array]:
    """Return the (minimised, carried) weight matrices of the edges a pair of sides may use.

    Of parallel edges the one of least minimised weight is kept (then of least carried
    weight); :func:`path_rows` names it.
    """
    key = (bool(sides[0]), bool(sides[1]), by)
    if key not in ar.weights:
        keep = allowed_edge(
            ar.abroad[ar.u], ar.abroad[ar.v], ar.e_abroad, ar.crossing, key[0], key[1]
        )
        rows = np.flatnonzero(keep)
        first, second = (ar.time, ar.length) if by == "time" else (ar.length, ar.time)
        u, v, w1, w2 = ar.u[rows], ar.v[rows], first[rows], second[rows]
        order = np.lexsort((w2, w1, v, u))
        u, v, w1, w2, rows = u[order], v[order], w1[order], w2[order], rows[order]
        head = np.ones(len(u), dtype=bool)
        head[1:] = (u[1:] != u[:-1]) | (v[1:] != v[:-1])
        shape = (len(ar.nodes), len(ar.nodes))
        at = (u[head], v[head])
        ar.weights[key] = (
            scipy.sparse.csr_array((w1[head], at), shape=shape),
            scipy.sparse.csr_array((w2[head], at), shape=shape),
        )
        ar.picks[key] = scipy.sparse.csr_array((rows[head] + 1, at), shape=shape)
    return ar.weights[key]


def along_tree(pred: np.ndarray, carried: scipy.sparse.csr_array) -> np.ndarray:
    """Sum a carried weight from the root to every node along a shortest-path tree."""
    n = len(pred)
    has = pred >= 0
    acc = np.zeros(n)
    if has.any():
        acc[has] = np.asarray(carried[pred[has], np.flatnonzero(has)]).ravel()
    p = pred.copy()
    while (p >= 0).any():
        live = p >= 0
        acc[live] = acc[live] + acc[p[live]]
        p[live] = p[p[live]]
    return acc


def best_path(
    ar: EdgeArrays, sides: tuple[bool, bool], by: str, a: int, b: int
) -> list[int] | None:
    """Return the node ids of the best allowed path from ``a`` to ``b``, or None."""
    primary, _ = weights(ar, sides, by)
    _, pred = scipy.sparse.csgraph.dijkstra(primary, indices=ar.index[a], return_predecessors=True)
    path = [ar.index[b]]
    while path[-1] != ar.index[a] and pred[path[-1]] >= 0:
        path.append(int(pred[path[-1]]))
    if path[-1] != ar.index[a]:
        return None
    return [int(ar.nodes[i]) for i in reversed(path)]


def path_rows(ar: EdgeArrays, path: list[int], sides: tuple[bool, bool], by: str) -> np.ndarray:
    """Return the edge table positions of the edges a path takes, one per pair of nodes."""
    weights(ar, sides, by)
    picks = ar.picks[(bool(sides[0]), bool(sides[1]), by)]
    at = np.array([ar.index[n] for n in path], dtype=np.int64)
    if len(at) < 2:
        return np.zeros(0, dtype=np.int64)
    return np.asarray(picks[at[:-1], at[1:]]).ravel().astype(np.int64) - 1


def edge_dicts(mg: ModeGraph, rows: np.ndarray) -> list[dict[str, Any]]:
    """Return edges of the table as attribute dicts, missing values left off (as in osmnx)."""
    frame = mg.attrs.iloc[rows]
    names = [str(c) for c in frame.columns]
    return [
        {k: v for k, v in zip(names, values, strict=True) if isinstance(v, list) or pd.notna(v)}
        | {"geometry": line}
        for values, line in zip(frame.to_numpy(), mg.geometry_of(rows), strict=True)
    ]
