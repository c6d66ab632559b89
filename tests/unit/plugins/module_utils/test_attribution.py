# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Which RanCommand answers our command, from the details read after sending (no read before it)."""

from __future__ import annotations

import random

from ansible_collections.screenconnect.restapi.plugins.module_utils._attribution import attribute

NONCE = "0123456789abcdef"
TAG = "__SCRC_%s__=" % NONCE
SCRIPT = "#timeout=60000\n(\nsleep 100\n)\necho \"%s$?\"" % TAG
RIVAL_TAG = "__SCRC_ffffffffffffffff__="


def _event(event_id, event_type, second, data="", host=""):
    return {"EventID": event_id, "EventType": event_type, "Data": data, "Host": host,
            "Time": "2026-01-01T00:00:%02d.0000001Z" % second}


def _ours_queued(second=10, data=SCRIPT):
    return _event("q", 44, second, data, "RESTful API")


OLD_KILLED = _event("old", 70, 1, "Killed after 5000 milliseconds.")
KILLED = _event("ran", 70, 12, "partial\nKilled after 60000 milliseconds.")


def test_marked_output_is_ours_wherever_it_is_and_whatever_else_is_there():
    events = [_event("other-run", 70, 11, RIVAL_TAG + "0"), OLD_KILLED, _event("ours", 70, 12, TAG + "0"),
              _ours_queued(), _event("rival", 44, 11, "whoami", "alice")]
    event, ambiguous = attribute({"Events": events}, TAG, SCRIPT)
    assert event["EventID"] == "ours" and ambiguous is False


def test_killed_output_is_placed_against_our_queued_command_not_older_output():
    events = [OLD_KILLED, _ours_queued(), KILLED]
    random.Random(3).shuffle(events)  # the API promises no order: Time decides
    event, ambiguous = attribute({"Events": events}, TAG, SCRIPT)
    assert event["EventID"] == "ran" and ambiguous is False


def test_truncated_output_and_crlf_in_the_queued_text_are_ours():
    truncated = _event("cut", 70, 12, "aaaa\nTruncated output at 4 characters.")
    queued = _ours_queued(data=SCRIPT.replace("\n", "\r\n"))
    assert attribute({"Events": [queued, truncated]}, TAG, SCRIPT) == (truncated, False)


def test_output_before_our_queued_command_is_never_ours():
    assert attribute({"Events": [OLD_KILLED, _ours_queued()]}, TAG, SCRIPT) == (None, False)


def test_output_of_other_runs_is_never_ours():
    events = [_ours_queued(), _event("other-run", 70, 12, RIVAL_TAG + "0")]
    assert attribute({"Events": events}, TAG, SCRIPT) == (None, False)


def test_a_rival_queued_command_makes_unmarked_output_ambiguous_once_all_could_have_answered():
    rival = _event("rival", 44, 11, "sleep 100", "alice")
    one = {"Events": [_ours_queued(), rival, KILLED]}
    # one unmarked output, two commands that may own it: ours may still come with its marker
    assert attribute(one, TAG, SCRIPT) == (None, False)
    two = {"Events": one["Events"] + [_event("ran2", 70, 13, "Killed after 60000 milliseconds.")]}
    assert attribute(two, TAG, SCRIPT) == (None, True)


def test_a_rival_answered_by_its_own_marker_is_no_rival():
    rival = _event("rival", 44, 11, "echo \"%s$?\"" % RIVAL_TAG, "RESTful API")
    events = [_ours_queued(), rival, _event("rival-out", 70, 12, RIVAL_TAG + "0"), KILLED]
    assert attribute({"Events": events}, TAG, SCRIPT)[0]["EventID"] == "ran"


def test_without_command_text_in_queued_command_unmarked_output_is_never_taken():
    events = [_ours_queued(data=""), KILLED]
    assert attribute({"Events": events}, TAG, SCRIPT) == (None, False)
    marked = _event("ours", 70, 13, TAG + "0")
    assert attribute({"Events": events + [marked]}, TAG, SCRIPT) == (marked, False)


def test_events_nested_under_connections_are_read():
    details = {"Events": [], "Connections": [{"Events": [_event("n", "70", 12, TAG + "0")]}]}
    assert attribute(details, TAG, SCRIPT)[0]["EventID"] == "n"
