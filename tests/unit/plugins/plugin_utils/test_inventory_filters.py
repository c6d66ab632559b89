# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.screenconnect.restapi.plugins.plugin_utils._inventory_filters import (
    FilterError,
    filter_host,
    parse_filters,
)


def test_parse_filters():
    assert parse_filters(None) == ()
    assert parse_filters([{"include": "a"}, {"exclude": True}]) == ((True, "a"), (False, True))
    for bad in ([{"include": "a", "exclude": "b"}], ["a"], [{"only": "a"}], [{"include": ["a"]}]):
        with pytest.raises(FilterError):
            parse_filters(bad)


def test_boolean_filters_need_no_templar():
    assert filter_host(None, "h", {}, ((False, True),)) is False
    assert filter_host(None, "h", {}, ((False, False), (True, True))) is True
    assert filter_host(None, "h", {}, ()) is True
    assert filter_host(None, "h", {}, ((False, False),)) is True  # no match: included
