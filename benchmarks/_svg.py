# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A hand-written SVG line chart with logarithmic axes (no plotting library needed).

``log_chart(series, title, x_label, y_label, subtitle="")`` takes ``[(label, [(x, y), ...]), ...]`` with positive
values and returns the SVG document as text; ``fanout_chart(series, subtitle)`` is the fan-out benchmark's chart.
"""

from __future__ import annotations

import math

from xml.sax.saxutils import escape

WIDTH, HEIGHT = 920, 480
LEFT, RIGHT, TOP, BOTTOM = 70, 350, 66, 60
COLOURS = ("#1f77b4", "#d62728", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b")
MARKS = (1, 2, 5)


def _decades(low, high):
    """The powers of ten that enclose [low, high]."""
    return 10.0 ** math.floor(math.log10(low)), 10.0 ** math.ceil(math.log10(high))


def _ticks(low, high, marks=MARKS):
    """1-2-5 ticks from low to high (both powers of ten)."""
    ticks = []
    exponent = int(round(math.log10(low)))
    while 10.0 ** exponent <= high * 1.0001:
        for mark in marks:
            value = mark * 10.0 ** exponent
            if low * 0.9999 <= value <= high * 1.0001:
                ticks.append(value)
        exponent += 1
    return ticks


def _label(value):
    if value >= 1:
        return "{:,}".format(int(round(value)))
    return ("%f" % value).rstrip("0").rstrip(".")


class _Scale(object):
    def __init__(self, low, high, start, end):
        self.low, self.high = math.log10(low), math.log10(high)
        self.start, self.end = start, end

    def __call__(self, value):
        span = (self.high - self.low) or 1.0
        return self.start + (math.log10(value) - self.low) / span * (self.end - self.start)


def log_chart(series, title, x_label, y_label, subtitle=""):
    points = [point for _label_text, values in series for point in values]
    if not points:
        raise ValueError("nothing to draw")
    if any(x <= 0 or y <= 0 for x, y in points):
        raise ValueError("a logarithmic axis needs positive values")
    x_low, x_high = _decades(min(x for x, _y in points), max(x for x, _y in points))
    y_low, y_high = _decades(min(y for _x, y in points), max(y for _x, y in points))
    if x_low == x_high:
        x_high *= 10
    if y_low == y_high:
        y_high *= 10
    plot_right, plot_bottom = WIDTH - RIGHT, HEIGHT - BOTTOM
    x_scale, y_scale = _Scale(x_low, x_high, LEFT, plot_right), _Scale(y_low, y_high, plot_bottom, TOP)
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" '
        'font-size="12">' % (WIDTH, HEIGHT, WIDTH, HEIGHT),
        '<rect width="100%" height="100%" fill="white"/>',
        '<text x="%d" y="24" font-size="15" font-weight="bold">%s</text>' % (LEFT, escape(title)),
        '<text x="%d" y="44" font-size="11" fill="#444">%s</text>' % (LEFT, escape(subtitle)),
    ]
    for value in _ticks(x_low, x_high, (1,)):
        x = x_scale(value)
        out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>' % (x, TOP, x, plot_bottom))
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>' % (x, plot_bottom + 18, _label(value)))
    for value in _ticks(y_low, y_high):
        y = y_scale(value)
        out.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>' % (LEFT, y, plot_right, y))
        out.append('<text x="%d" y="%.1f" text-anchor="end">%s</text>' % (LEFT - 6, y + 4, _label(value)))
    out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#444"/>' % (
        LEFT, TOP, plot_right - LEFT, plot_bottom - TOP))
    out.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>' % ((LEFT + plot_right) / 2.0, HEIGHT - 18, escape(x_label)))
    out.append('<text x="18" y="%.1f" text-anchor="middle" transform="rotate(-90 18 %.1f)">%s</text>' % (
        (TOP + plot_bottom) / 2.0, (TOP + plot_bottom) / 2.0, escape(y_label)))
    for index, (name, values) in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        coords = ["%.1f,%.1f" % (x_scale(x), y_scale(y)) for x, y in sorted(values)]
        out.append('<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>' % (" ".join(coords), colour))
        for x, y in sorted(values):
            out.append('<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"><title>%s: %s, %.2f s</title></circle>' % (
                x_scale(x), y_scale(y), colour, escape(name), _label(x), y))
        legend_y = TOP + 10 + index * 22
        out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"/>' % (
            plot_right + 14, legend_y, plot_right + 38, legend_y, colour))
        out.append('<text x="%d" y="%d">%s</text>' % (plot_right + 44, legend_y + 4, escape(name)))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def fanout_chart(series, subtitle=""):
    return log_chart(series, "echo to N online sessions: time against fleet size (log-log)", "online sessions",
                     "seconds (median)", subtitle)
