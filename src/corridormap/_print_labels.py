"""Labels on print maps: a name beside each symbol, clear of symbols, labels and legend."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from matplotlib.figure import Figure
from matplotlib.transforms import Bbox, ScaledTranslation

from corridormap._print_text import HALO


@dataclasses.dataclass(frozen=True)
class Drawn:
    """A drawn place: its row, tier and symbol size (points), and whether it gets a label."""

    row: Any
    tier: int | None
    size: float
    labelled: bool = True

    @property
    def priority(self) -> tuple[int, int]:
        kind = "port" if self.row["kind"] == "port" else str(self.row.get("city_kind"))
        order = {"league_seat": 0, "port": 1}.get(kind, 2)
        return (self.tier or 4, order)


#: Label positions tried in turn (direction x, y; alignment): right, left, above, below, diagonals.
OFFSETS = ((1, 0, "left", "center"), (-1, 0, "right", "center"), (0, 1, "center", "bottom"),
           (0, -1, "center", "top"), (0.8, 0.8, "left", "bottom"), (-0.8, 0.8, "right", "bottom"),
           (0.8, -0.8, "left", "top"), (-0.8, -0.8, "right", "top"))  # fmt: skip


def draw_labels(
    ax: Any,
    fig: Figure,
    renderer: Any,
    drawn: Sequence[Drawn],
    lang: str,
    text: Any,
    obstacles: Sequence[Any],
) -> None:
    """Label places in one language in the order given (route ends, then by priority).

    Each label takes the first position beside its symbol that overlaps no symbol, no label
    placed before it and no map furniture (legend, scale bar, north arrow), and lies inside the
    frame; a label with no such position is left out.
    """
    frame = ax.get_window_extent(renderer)
    taken: list[Any] = [a.get_window_extent(renderer) for a in obstacles]
    taken += [_symbol_box(ax, fig, d) for d in drawn]
    for d in drawn:
        if not d.labelled:
            continue
        name = str(d.row["name_en"] if lang == "en" else d.row["name_zh"])
        gap = d.size / 2 + 2.0
        x, y = d.row.geometry.x, d.row.geometry.y
        for ux, uy, ha, va in OFFSETS:
            label = text(ax, x, y, name, size=6.5 if (d.tier or 4) <= 2 else 5.8, ha=ha, va=va,
                         zorder=9, path_effects=HALO)  # fmt: skip
            label.set_transform(ax.transData + _points_offset(fig, ux * gap, uy * gap))
            box = label.get_window_extent(renderer)
            if _outside(box, frame) == 0 and not any(_area(box, o) > 0 for o in taken):
                taken.append(box)
                break
            label.remove()


def _symbol_box(ax: Any, fig: Figure, d: Drawn) -> Any:
    """Return the display box a place's symbol covers."""
    x, y = ax.transData.transform((d.row.geometry.x, d.row.geometry.y))
    half = d.size / 2 * fig.dpi / 72
    return Bbox.from_extents(x - half, y - half, x + half, y + half)


def _points_offset(fig: Figure, dx: float, dy: float) -> Any:
    return ScaledTranslation(dx / 72, dy / 72, fig.dpi_scale_trans)


def _area(a: Any, b: Any) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return float(w * h) if w > 0 and h > 0 else 0.0


def _outside(box: Any, frame: Any) -> float:
    inside = _area(box, frame)
    return float(box.width * box.height - inside)
