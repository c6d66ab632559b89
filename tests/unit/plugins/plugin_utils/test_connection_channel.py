# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The channel against the emulator: sent once, its own RanCommand, and every failure a clear error."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleConnectionFailure, AnsibleError

from ansible_collections.screenconnect.restapi.plugins.module_utils._api import ScreenConnectAPI
from ansible_collections.screenconnect.restapi.plugins.module_utils._client import ScreenConnectClient
from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_channel as connection_channel
from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_framing as framing
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._connection_channel import Channel, command_text

NONCE = "00112233aabbccdd"


def _channel(emulator, session_id, command_timeout=30, max_output=100000, wait_timeout=30):
    client = ScreenConnectClient(emulator.url, emulator.secret, retries=0, timeout=10)
    return Channel(ScreenConnectAPI(client), session_id, "guest", command_timeout, max_output, wait_timeout)


def _linux(emulator, online=True):
    return emulator.new_session(name="conn-guest", session_type=2, os="linux", online=online)["SessionID"]


def _sent(emulator):
    return emulator.calls("SendCommandToSession")["received"]


def _frame_body(*lines):
    """A script the simulated sh understands: frame lines printed with printf."""
    return "\n".join("printf '%%s\\n' '%s'" % line for line in lines)


def test_command_text_always_carries_both_directives():
    assert command_text("#!sh", "echo", 1.5, 900).split("\n") == ["#!sh", "#timeout=1500", "#maxlength=900", "echo"]


def test_a_complete_frame_is_read_back_from_its_own_ran_command(emulator):
    channel = _channel(emulator, _linux(emulator))
    body = _frame_body(framing.begin_line(NONCE), framing.value_line(NONCE, "rc", "0"), framing.end_line(NONCE))
    frame = channel.run(body, "#!sh", NONCE)
    assert frame.complete and frame.number("rc") == 0
    assert _sent(emulator) == 1


def test_each_command_is_named_in_one_log_line_with_its_size(emulator):
    client = ScreenConnectClient(emulator.url, emulator.secret, retries=0, timeout=10)
    lines = []
    channel = Channel(ScreenConnectAPI(client), _linux(emulator), "guest", 30, 100000, 30, log=lines.append)
    body = _frame_body(framing.begin_line(NONCE), framing.value_line(NONCE, "rc", "0"), framing.end_line(NONCE))
    channel.run(body, "#!sh", NONCE, what="checking the test")
    channel.run(body.replace(NONCE, NONCE[::-1]), "#!sh", NONCE[::-1])
    size = len(command_text("#!sh", body, 30, 100000))
    assert lines == ["SCREENCONNECT COMMAND 1: checking the test (%d characters)" % size,
                     "SCREENCONNECT COMMAND 2: a command (%d characters)" % size]
    assert _sent(emulator) == 2


def test_an_offline_guest_is_unreachable_and_nothing_is_sent(emulator):
    channel = _channel(emulator, _linux(emulator, online=False))
    with pytest.raises(AnsibleConnectionFailure, match="offline.*nothing was sent"):
        channel.run("echo hi", "#!sh", NONCE)
    assert _sent(emulator) == 0


def test_the_event_history_is_read_once_per_command_and_never_for_the_online_check(emulator):
    channel = _channel(emulator, _linux(emulator))
    body = _frame_body(framing.begin_line(NONCE), framing.value_line(NONCE, "rc", "0"), framing.end_line(NONCE))
    for _round in range(3):  # every command adds its script to the history that a details read would carry
        channel.check_online()
        channel.run(body, "#!sh", NONCE)
    # the emulator takes a command off QueuedEvents when its RanCommand arrives: until then the session says so
    assert emulator.calls("GetSessionDetailsBySessionID")["received"] == 3
    assert emulator.calls("GetSessionBySessionID")["received"] >= 3 + 3  # the checks, and the result looks


def _checks(guest):
    return sum(1 for look in guest.session_reads if look is None)


def test_the_first_command_takes_the_check_just_made_and_every_later_one_checks_again():
    guest, channel, body = _timed_channel(0.3)
    channel.check_online()  # as connect() does
    channel.run(body, "#!sh", NONCE)
    assert _checks(guest) == 1
    channel.run(body, "#!sh", NONCE)
    assert _checks(guest) == 2
    channel.check_online()
    guest.sleep(connection_channel._CHECK_REUSE + 0.1)  # a check that old is asked again
    channel.run(body, "#!sh", NONCE)
    assert _checks(guest) == 4


def test_a_guest_that_went_offline_after_a_command_is_unreachable_at_the_next(emulator):
    session_id = _linux(emulator)
    channel = _channel(emulator, session_id)
    body = _frame_body(framing.begin_line(NONCE), framing.value_line(NONCE, "rc", "0"), framing.end_line(NONCE))
    channel.run(body, "#!sh", NONCE)
    emulator.control("guest", {"session_id": session_id, "online": False})
    with pytest.raises(AnsibleConnectionFailure, match="offline.*nothing was sent"):
        channel.run(body, "#!sh", NONCE)
    assert _sent(emulator) == 1


def test_an_unknown_session_is_unreachable(emulator):
    channel = _channel(emulator, "25950dd7-0230-4a72-9409-0b8c489684a2")
    with pytest.raises(AnsibleConnectionFailure):
        channel.run("echo hi", "#!sh", NONCE)
    assert _sent(emulator) == 0


def test_a_lost_response_fails_and_is_not_sent_again(emulator):
    channel = _channel(emulator, _linux(emulator))
    emulator.fault(method="SendCommandToSession", kind="reset_after", once=True)
    with pytest.raises(AnsibleError, match="may have run; it was not sent again") as info:
        channel.run(_frame_body(framing.begin_line(NONCE)), "#!sh", NONCE)
    assert not isinstance(info.value, AnsibleConnectionFailure)
    assert _sent(emulator) == 1


def test_a_killed_command_names_command_timeout(emulator):
    channel = _channel(emulator, _linux(emulator), command_timeout=0.5)
    with pytest.raises(AnsibleError, match="killed the command after 0.5 seconds.*command_timeout"):
        channel.run(_frame_body(framing.begin_line(NONCE)) + "\nsleep 5", "#!sh", NONCE)


def test_truncated_output_names_max_output(emulator):
    channel = _channel(emulator, _linux(emulator), max_output=200)
    body = _frame_body(framing.begin_line(NONCE)) + "\nseq 1 1000\n" + _frame_body(framing.end_line(NONCE))
    with pytest.raises(AnsibleError, match="cut the output at 200 characters.*max_output"):
        channel.run(body, "#!sh", NONCE)


def test_a_frame_without_its_end_is_an_error(emulator):
    channel = _channel(emulator, _linux(emulator))
    with pytest.raises(AnsibleError, match="ended before its end marker"):
        channel.run(_frame_body(framing.begin_line(NONCE)) + "\nexit 0", "#!sh", NONCE)


def test_no_answer_within_wait_timeout(emulator):
    emulator.config(command_latency=5)
    channel = _channel(emulator, _linux(emulator), wait_timeout=1)
    with pytest.raises(AnsibleError, match="no result within 1 seconds \\(wait_timeout\\).*not sent again"):
        channel.run(_frame_body(framing.begin_line(NONCE)), "#!sh", NONCE)
    assert _sent(emulator) == 1


class _TimedGuest(object):
    """A session whose command's RanCommand appears ``ready_after`` seconds after the send, on a simulated clock:
    when the channel reads the result is a question of its schedule alone, which real time cannot show.

    ``event_times`` makes the session carry LastEventTime: "moves" (it moves with every event, as on the emulator),
    "stuck" (a server that never moves it for a RanCommand) or None (a server whose sessions have no such field).
    ``queued_for`` is how long the command stays in QueuedEvents after the send."""

    def __init__(self, ready_after, body, event_times=None, queued_for=0.0):
        self.now, self.ready_after, self.body, self.sent_at = 0.0, ready_after, body, None
        self.event_times, self.queued_for, self.text = event_times, queued_for, ""
        self.reads, self.looks, self.session_reads, self._answered = [], [], [], False

    def sleep(self, seconds):
        self.now += seconds

    def send_command(self, session_id, text):
        self.sent_at, self.text, self._answered = self.now, text, False

    def _ready(self):
        return self.sent_at is not None and self.now - self.sent_at >= self.ready_after

    def get_session(self, session_id):
        session = {"SessionID": session_id, "ActiveConnections": [{"ProcessType": 2}], "QueuedEvents": []}
        # None: no command is outstanding, so this read is an online check
        self.session_reads.append(None if self.sent_at is None or self._answered else self.now - self.sent_at)
        if self.sent_at is not None and not self._answered:
            self.looks.append(self.now - self.sent_at)
            if self.now - self.sent_at < self.queued_for:
                session["QueuedEvents"] = [{"EventType": 44, "Data": self.text, "Time": "2026-12-05T06:00:00Z"}]
        if self.event_times is not None:
            moved = self.sent_at is not None and (self._ready() and self.event_times == "moves")
            session["LastEventTime"] = "2026-12-05T06:00:0%dZ" % (2 if moved else 1 if self.sent_at is not None else 0)
        return session

    def get_session_details(self, session_id):
        events = []
        if self.sent_at is not None:
            self.reads.append(self.now - self.sent_at)
            if self._ready():
                events = [{"EventType": 70, "Data": self.body, "Time": "2026-12-05T06:00:02Z"}]
                self._answered = True
        return {"Session": {"SessionID": session_id, "ActiveConnections": [{"ProcessType": 2}]}, "Events": events}


def _timed_channel(ready_after, **guest_options):
    body = _frame_body(framing.begin_line(NONCE), framing.value_line(NONCE, "rc", "0"), framing.end_line(NONCE))
    guest = _TimedGuest(ready_after, "\n".join(line.split("'")[3] for line in body.split("\n")), **guest_options)
    channel = Channel(guest, "b5d3c2a1-0000-4000-8000-000000000001", "guest", 30, 100000, 30, sleep=guest.sleep,
                      clock=lambda: guest.now)
    return guest, channel, body


def _timed_run(ready_after, **guest_options):
    guest, channel, body = _timed_channel(ready_after, **guest_options)
    assert channel.run(body, "#!sh", NONCE).number("rc") == 0
    return guest


@pytest.mark.parametrize("event_times", [None, "moves", "stuck"])
@pytest.mark.parametrize("ready_after, read_by", [(0.3, 0.5), (0.6, 0.75), (1.0, 1.125), (2.0, 2.55), (5.0, 5.75)])
def test_a_result_is_read_soon_after_it_arrives(ready_after, read_by, event_times):
    guest = _timed_run(ready_after, event_times=event_times)
    # the first look waits for the agent's pickup, so a quick guest is not read before it could have answered
    assert guest.looks[0] == 0.5
    if event_times == "stuck":  # the history is still read after _IDLE_READS looks that saw nothing new
        assert guest.reads[-1] in [look for look in guest.looks if look >= ready_after][:connection_channel._IDLE_READS + 1]
    else:
        assert guest.reads[-1] <= read_by


@pytest.mark.parametrize("ready_after", [0.3, 1.0, 5.0])
def test_the_history_is_read_only_when_the_session_shows_something_new(ready_after):
    # LastEventTime moves with the RanCommand, and the command is listed as queued until shortly before it
    guest = _timed_run(ready_after, event_times="moves", queued_for=max(0.0, ready_after - 0.2))
    assert guest.reads[-1] == guest.looks[-1] == min(look for look in guest.looks if look >= ready_after)
    # while the command is listed as queued, the history is read only every _IDLE_READS + 1 looks, just in case
    assert len(guest.reads) == 1 + (len(guest.looks) - 1) // (connection_channel._IDLE_READS + 1)


def test_without_last_event_time_every_look_reads_the_history():
    guest = _timed_run(2.0, event_times=None, queued_for=2.0)
    assert guest.reads == guest.looks
