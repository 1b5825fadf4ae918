"""Charts and cell colours of the HTML reports: inline SVG, no script, no external file."""
from __future__ import annotations

import html
import math
from ..judge.scoring import shown

COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f",
          "#bcbd22"]


def cumulative(history: list[dict]) -> list[tuple[float, float]]:
    """(elapsed seconds, IOI total so far) after each submission."""
    best: dict[str, float] = {}
    points = []
    for h in history:
        for n, v in h["subtasks"].items():
            best[n] = max(best.get(n, 0.0), v)
        points.append((h.get("elapsed", 0.0), sum(best.values())))
    return points


def ticks(top: float, most: int = 6, integer: bool = False) -> list[float]:
    """Round tick values from 0 to at least `top` (steps of 1, 2 or 5 times a power of ten; whole numbers when
    `integer`, for counts such as submissions)."""
    top = top or 1.0
    step = 10.0 ** math.floor(math.log10(top / most))
    for m in (1, 2, 5, 10):
        if top / (step * m) <= most:
            step *= m
            break
    if integer:
        step = max(step, 1.0)
    n = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(n + 1)]


def line_chart(series: dict[str, list[tuple[float, float]]], x_label: str, y_max: float, *,
               steps: bool = False, integer_x: bool = False, what: str = "cumulative score") -> str:
    """A line per series, axes with ticks and light grid lines, the legend on the right outside the plot."""
    w, h = 820, 300
    left, right, top, bottom = 52, 190, 14, 46
    plot_w, plot_h = w - left - right, h - top - bottom
    x_top = max((x for pts in series.values() for x, _ in pts), default=0.0)
    x_ticks = ticks(max(x_top, 1.0), 8 if integer_x else 6, integer_x)
    y_ticks = ticks(y_max or 1.0, 5)
    x_max, y_top = x_ticks[-1], y_ticks[-1]

    def px(x: float) -> float:
        return left + plot_w * x / x_max

    def py(y: float) -> float:
        return top + plot_h * (1 - y / y_top)

    parts = [f'<svg class="chart" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" '
             f'aria-label="{html.escape(what)} vs {html.escape(x_label)}">']
    for t in y_ticks:
        parts.append(f'<line x1="{left}" y1="{py(t):.1f}" x2="{left + plot_w}" y2="{py(t):.1f}" stroke="#e6e6e6"/>'
                     f'<text x="{left - 6}" y="{py(t) + 4:.1f}" class="tick" text-anchor="end">{t:g}</text>')
    for t in x_ticks:
        parts.append(f'<line x1="{px(t):.1f}" y1="{top + plot_h}" x2="{px(t):.1f}" y2="{top + plot_h + 4}" '
                     f'stroke="#555"/><text x="{px(t):.1f}" y="{top + plot_h + 17}" class="tick" '
                     f'text-anchor="middle">{t:g}</text>')
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#555"/>'
                 f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#555"/>'
                 f'<text x="{left + plot_w / 2:.0f}" y="{h - 6}" class="axis" text-anchor="middle">'
                 f'{html.escape(x_label)}</text>'
                 f'<text x="14" y="{top + plot_h / 2:.0f}" class="axis" text-anchor="middle" '
                 f'transform="rotate(-90 14 {top + plot_h / 2:.0f})">points</text>')
    legend_rows = max(1, (h - top) // 18)
    for i, (name, pts) in enumerate(series.items()):
        color = COLORS[i % len(COLORS)]
        coords = [(0.0, 0.0)]
        for x, y in pts:
            if steps:
                coords.append((x, coords[-1][1]))
            coords.append((x, y))
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in coords)
        parts.append(f'<polyline class="series" data-name="{html.escape(name)}" fill="none" stroke="{color}" '
                     f'stroke-width="2.5" stroke-linejoin="round" points="{path}"><title>{html.escape(name)}'
                     f'</title></polyline>')
        if not steps:
            parts += [f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{color}"/>' for x, y in pts]
        if i < legend_rows - 1 or len(series) == legend_rows:
            y = top + 8 + 18 * i
            final = pts[-1][1] if pts else 0.0
            parts.append(f'<line x1="{w - right + 16}" y1="{y}" x2="{w - right + 36}" y2="{y}" stroke="{color}" '
                         f'stroke-width="3"/><text x="{w - right + 42}" y="{y + 4}" class="legend">'
                         f'{html.escape(short(name, 18))} ({shown(final)})</text>')
        elif i == legend_rows - 1:
            parts.append(f'<text x="{w - right + 16}" y="{top + 12 + 18 * i}" class="legend">'
                         f'+{len(series) - i} more</text>')
    parts.append("</svg>")
    return "".join(parts)


def short(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def heat(fraction: float) -> str:
    """Light grey for 0, amber to light green for partial credit, green for full points (dark text on all)."""
    if fraction >= 1.0 - 1e-9:
        return "#7cc47f"
    if fraction <= 0.0:
        return "#f1f1f1"
    return f"hsl({int(45 + 50 * fraction)}, 80%, {int(72 - 8 * fraction)}%)"


def duration(seconds: float) -> str:
    seconds = float(seconds)
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"
