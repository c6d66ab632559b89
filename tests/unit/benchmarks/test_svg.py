# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""benchmarks/_svg.py: a valid SVG document with logarithmic axes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

import _svg  # pylint: disable=import-error

NS = "{http://www.w3.org/2000/svg}"
SERIES = [("(a) <fast> & one task", [(100, 2.0), (1000, 5.0), (10000, 40.0)]), ("(c) uri", [(100, 60.0), (1000, 600.0)])]


def _doc(series=None):
    return ET.fromstring(_svg.log_chart(series or SERIES, "title", "sessions", "seconds"))


def test_one_line_per_series_and_one_mark_per_point():
    doc = _doc()
    assert len(doc.findall(NS + "polyline")) == 2
    assert len(doc.findall(NS + "circle")) == 5


def test_labels_are_escaped_text():
    doc = _doc()
    texts = [element.text for element in doc.iter(NS + "text")]
    assert "(a) <fast> & one task" in texts


def test_x_axis_is_logarithmic():
    doc = _doc()
    first = doc.findall(NS + "polyline")[0].get("points").split()
    xs = [float(point.split(",")[0]) for point in first]
    # 100, 1,000 and 10,000 are one decade apart each: equally spaced on a logarithmic axis
    assert xs[1] - xs[0] == pytest.approx(xs[2] - xs[1], abs=0.2)
    ys = [float(point.split(",")[1]) for point in first]
    assert ys[0] > ys[1] > ys[2]  # more seconds are higher up (smaller y)


def test_ticks_cover_the_decades_of_the_data():
    texts = [element.text for element in _doc().iter(NS + "text")]
    for tick in ("100", "1,000", "10,000", "1", "10", "100", "1,000"):
        assert tick in texts


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="positive"):
        _svg.log_chart([("x", [(0, 1.0)])], "t", "x", "y")
    with pytest.raises(ValueError, match="nothing"):
        _svg.log_chart([], "t", "x", "y")


def test_a_single_point_still_draws():
    doc = _doc([("one", [(1000, 3.0)])])
    assert len(doc.findall(NS + "circle")) == 1
