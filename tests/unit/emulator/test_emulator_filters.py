# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator's session filter language (reference section 4) evaluated over views of section 3.5 sessions."""

from __future__ import annotations

import copy
import datetime
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "emulator"))

from sc_emulator import filters  # noqa: E402  pylint: disable=wrong-import-position

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 7, 20, 12, 34, 56, tzinfo=UTC)

# the illustrative response of reference section 3.5
SESSION = {
    "SessionID": "a507630e-80b5-ec92-bb5e-bcb48d00ff6b", "SessionType": 2, "Name": "", "Host": "",
    "IsPublic": False, "Code": "",
    "CustomPropertyValues": ["Acme", "HQ", "", "", "", "", "", ""],
    "GuestClientVersion": "25.4.25.9313", "GuestNetworkAddress": "203.0.113.7",
    "GuestInfoUpdateTime": "2026-07-19T06:41:52.6169911Z",
    "LastConnectedEventTime": "2026-07-19T06:41:50.12Z",
    "LastGuestConnectedEventTime": "2026-07-19T06:41:50.12Z",
    "LastGuestDisconnectedEventTime": "0001-01-01T00:00:00",
    "IsEnded": False, "Attributes": 6,
    "ActiveConnections": [{"ConnectionID": "28e368a7-0ca4-457a-9ed9-119d80f36a91", "ProcessType": 2,
                           "ClientType": 1, "ParticipantName": "", "NetworkAddress": "203.0.113.7",
                           "ConnectedTime": "2026-07-19T06:41:50.12Z"}],
    "QueuedEvents": [],
    "GuestInfo": {"MachineName": "DESKTOP-01", "MachineDomain": "WORKGROUP", "MachineSerialNumber": "7GXL8S3",
                  "OperatingSystemName": "Microsoft Windows 11 Pro", "OperatingSystemVersion": "10.0.22631",
                  "LoggedOnUserName": "jdoe", "LoggedOnUserDomain": "DESKTOP-01", "ProcessorArchitecture": 9,
                  "PrivateNetworkAddress": "192.168.1.10", "LastBootTime": "2026-07-18T08:00:00Z",
                  "LastActivityTime": "2026-07-19T06:40:00Z", "IsLocalAdminPresent": True},
}


def _server() -> dict:
    """A second session: a public Support session named SERVER-TEST-01 with a host connected and queued events."""
    session = copy.deepcopy(SESSION)
    session.update({
        "SessionID": "11111111-2222-3333-4444-555555555555", "SessionType": 0, "Name": "SERVER-TEST-01",
        "Host": "Bob", "IsPublic": True, "Code": "1234", "CustomPropertyValues": ["O'Brien & Co", "", "", "", "", "", "", "x"],
        "GuestClientVersion": "24.1.0.1", "LastConnectedEventTime": "2026-06-01T00:00:00Z",
        "ActiveConnections": [{"ProcessType": 1, "ParticipantName": "Bob"}, {"ProcessType": 1, "ParticipantName": "Sue"}],
        "QueuedEvents": [{"EventType": 44}, {"EventType": 47}],
    })
    session["GuestInfo"].update({"MachineName": "srv-db-02", "ProcessorArchitecture": 12,
                                 "OperatingSystemName": "Ubuntu 22.04", "LastBootTime": "0001-01-01T00:00:00",
                                 "SystemMemoryTotalMegabytes": 16384, "ProcessorVirtualCount": 8,
                                 "IsLocalAdminPresent": False})
    return session


DESKTOP = filters.filter_view(SESSION, ["first note", "Server patched"])
SERVER = filters.filter_view(_server())


def matches(expression: str, view: dict = DESKTOP) -> bool:
    return filters.compile_filter(expression, now=NOW)(view)


# ---------------------------------------------------------------------------------------------- filter_view

def test_view_flattens_section_3_5_session():
    view = DESKTOP
    assert set(view) == filters.KNOWN_PROPERTIES
    assert view["SessionID"] == "a507630e-80b5-ec92-bb5e-bcb48d00ff6b"
    assert view["SessionType"] == 2 and view["IsPublic"] is False
    assert view["GuestMachineName"] == "DESKTOP-01"
    assert view["GuestOperatingSystemName"] == "Microsoft Windows 11 Pro"
    assert view["GuestProcessorArchitecture"] == 9
    assert view["GuestIsLocalAdminPresent"] is True
    assert view["CustomProperty1"] == "Acme" and view["CustomProperty2"] == "HQ" and view["CustomProperty8"] == ""
    assert view["Notes"] == "first note;Server patched"
    assert view["GuestConnectedCount"] == 1 and view["HostConnectedCount"] == 0
    assert view["QueuedEventCount"] == 0
    assert view["GuestInfoUpdateTime"] == datetime.datetime(2026, 7, 19, 6, 41, 52, 616991, tzinfo=UTC)
    assert view["LastConnectedEventTime"] == datetime.datetime(2026, 7, 19, 6, 41, 50, 120000, tzinfo=UTC)
    assert view["LastGuestDisconnectedEventTime"] == filters.DATE_MIN
    assert view["FirstEventTime"] == filters.DATE_MIN  # missing dates are "never" too
    assert view["GuestMachineModel"] == "" and view["GuestTimezoneName"] == ""  # missing strings are ""


def test_view_counts_and_enum_names():
    assert SERVER["HostConnectedCount"] == 2 and SERVER["GuestConnectedCount"] == 0
    assert SERVER["ConnectedParticipantNames"] == "Bob;Sue"
    assert SERVER["QueuedEventCount"] == 2
    view = filters.filter_view({"SessionType": "Access", "GuestInfo": {"ProcessorArchitecture": "X64"},
                                "CustomPropertyValues": ["a"], "Name": None})
    assert view["SessionType"] == 2 and view["GuestProcessorArchitecture"] == 9
    assert view["CustomProperty1"] == "a" and view["CustomProperty2"] == "" and view["Name"] == ""
    assert view["Notes"] == ""


@pytest.mark.parametrize("text, expected", [
    ("2026-07-19T06:41:52.6169911Z", datetime.datetime(2026, 7, 19, 6, 41, 52, 616991, tzinfo=UTC)),
    ("2024-03-05T20:40:22.651748Z", datetime.datetime(2024, 3, 5, 20, 40, 22, 651748, tzinfo=UTC)),
    ("2026-07-19T06:41:50.1Z", datetime.datetime(2026, 7, 19, 6, 41, 50, 100000, tzinfo=UTC)),
    ("2026-07-19T06:41:50Z", datetime.datetime(2026, 7, 19, 6, 41, 50, tzinfo=UTC)),
    ("2026-07-19T08:41:50+02:00", datetime.datetime(2026, 7, 19, 6, 41, 50, tzinfo=UTC)),
    ("0001-01-01T00:00:00", filters.DATE_MIN),
    ("2026-07-19", datetime.datetime(2026, 7, 19, tzinfo=UTC)),
    ("7/19/2026 6:41 PM", datetime.datetime(2026, 7, 19, 18, 41, tzinfo=UTC)),
    ("not a date", None),
    ("2026-13-01", None),
])
def test_parse_date(text, expected):
    assert filters.parse_date(text) == expected


# ---------------------------------------------------------------------------------------------- evaluation table

TABLE = [
    # comparisons, case-insensitive strings
    ("GuestMachineName = 'DESKTOP-01'", True, False),
    ("GuestMachineName = 'desktop-01'", True, False),
    ("GuestMachineName <> 'DESKTOP-01'", False, True),
    ("GuestMachineName != 'DESKTOP-01'", False, True),
    ("Name = ''", True, False),
    ("Host = 'bob'", False, True),
    ("Name < 'T'", True, True),
    ("Name > 'server'", False, True),
    ("GuestConnectedCount = 0", False, True),
    ("HostConnectedCount > GuestConnectedCount", False, True),
    ("HostConnectedCount >= 2", False, True),
    ("HostConnectedCount <= 1", True, False),
    ("GuestSystemMemoryTotalMegabytes >= 16384", False, True),
    ("QueuedEventCount > 0", False, True),
    # booleans compare as 1/0
    ("IsPublic = 1", False, True),
    ("IsPublic = 0", True, False),
    ("IsPublic <> 0", False, True),
    ("IsPublic = 'true'", False, True),
    ("GuestIsLocalAdminPresent = 1", True, False),
    ("IsPublic", False, True),
    ("NOT IsPublic", True, False),
    # enums by name and number
    ("SessionType = 'Access'", True, False),
    ("SessionType = 'access'", True, False),
    ("SessionType = 2", True, False),
    ("SessionType = '2'", True, False),
    ("SessionType = 'Support'", False, True),
    ("SessionType <> 'Meeting'", True, True),
    ("SessionType IN ('Support', 'Meeting')", False, True),
    ("SessionType LIKE 'Acc*'", True, False),
    ("GuestProcessorArchitecture = 'X64'", True, False),
    ("GuestProcessorArchitecture = 9", True, False),
    ("GuestProcessorArchitecture = 'Arm64'", False, True),
    ("'Access' = SessionType", True, False),
    # AND / OR / NOT, parentheses, equal precedence (left-associative)
    ("SessionType = 'Access' AND GuestConnectedCount > 0", True, False),
    ("SessionType = 'Access' OR IsPublic = 1", True, True),
    ("IsPublic = 1 OR Name = '' AND Host = 'nobody'", False, False),       # (a OR b) AND c
    ("IsPublic = 1 OR (Name = '' AND Host = 'nobody')", False, True),
    ("Host = 'nobody' AND Name = '' OR IsPublic = 1", False, True),        # (a AND b) OR c
    ("NOT Name = ''", False, True),
    ("NOT (Name = '' OR IsPublic = 1)", False, False),
    ("NOT NOT IsPublic = 1", False, True),
    ("not isPublic = 1 and sessiontype = 'ACCESS'", True, False),
    ("((((GuestConnectedCount = 1))))", True, False),
    # LIKE: wildcards only at the start and/or end, * and %
    ("Name LIKE 'SERVER-*'", False, True),
    ("Name LIKE 'server-%'", False, True),
    ("Name LIKE '*-01'", False, True),
    ("Name LIKE '%test%'", False, True),
    ("Name LIKE '*'", True, True),
    ("Name LIKE 'SERVER-TEST-01'", False, True),
    ("Name LIKE 'SERVER*01'", False, False),                               # a middle * is literal
    ("Name NOT LIKE 'SERVER-*'", True, False),
    ("NOT Name LIKE 'SERVER-*'", True, False),
    ("Notes LIKE '*server*'", True, False),
    ("Notes LIKE '*' + 'patched'", True, False),
    ("GuestMachineName LIKE 'desk*'", True, False),
    ("CustomProperty1 LIKE '%''brien%'", False, True),
    # IN and BETWEEN
    ("Host IN ('Bill', 'Bob', 'Sarah')", False, True),
    ("Host NOT IN ('Bill', 'Bob', 'Sarah')", True, False),
    ("CustomProperty1 IN ('acme')", True, False),
    ("GuestConnectedCount IN (1, 2)", True, False),
    ("HostConnectedCount BETWEEN 1 AND 2", False, True),
    ("HostConnectedCount NOT BETWEEN 1 AND 2", True, False),
    ("HostConnectedCount BETWEEN 1 AND 2 AND IsPublic = 1", False, True),
    ("GuestProcessorVirtualCount BETWEEN 4 * 2 AND 10", False, True),
    ("Name BETWEEN 'A' AND 'T'", False, True),
    ("LastConnectedEventTime BETWEEN '2026-07-01' AND #2026-07-31#", True, False),
    # string escapes and concatenation
    ("CustomProperty1 = 'O''Brien & Co'", False, True),
    ("CustomProperty1 = 'O''' + 'Brien' + ' & Co'", False, True),
    ("Name = 'SERVER' + '-' + 'TEST-0' + 1", False, True),
    # arithmetic
    ("GuestProcessorVirtualCount * 2 = 16", False, True),
    ("GuestProcessorVirtualCount / 4 = 2", False, True),
    ("GuestProcessorVirtualCount % 3 = 2", False, True),
    ("GuestProcessorVirtualCount - 10 = -2", False, True),
    ("1 + 2 * 3 = 7", True, True),
    ("(1 + 2) * 3 = 9", True, True),
    ("GuestSystemMemoryTotalMegabytes / 1024 >= 15.5", False, True),
    # variables
    ("Host = $USERNAME", False, False),
    ("$USERNAME = 'RESTful API'", True, True),
    ("GuestClientVersion = $SERVERVERSION", True, False),
    ("GuestClientVersion <> $SERVERVERSION AND GuestClientVersion <> ''", False, True),
    ("LastConnectedEventTime > $7DAYSAGO", True, False),
    ("LastConnectedEventTime < $30DAYSAGO", False, True),
    ("LastConnectedEventTime < $now", True, True),
    ("LastGuestDisconnectedEventTime < $7DAYSAGO", True, True),             # zone-less MinValue is "never"
    ("GuestLastBootTime < $3DAYSAGO", False, True),
    ("GuestConnectedCount = 0 AND LastConnectedEventTime < $7DAYSAGO", False, True),
    # dates
    ("LastConnectedEventTime > '2026-07-19'", True, False),
    ("LastConnectedEventTime > #2026-07-19#", True, False),
    ("LastConnectedEventTime > #7/19/2026 6:00 AM#", True, False),
    ("LastConnectedEventTime = '2026-07-19T06:41:50.12Z'", True, False),
    ("GuestInfoUpdateTime >= '2026-07-19T06:41:52.6169911Z'", True, True),
    ("LastGuestDisconnectedEventTime = '0001-01-01T00:00:00'", True, True),
    # functions
    ("LEN(Code) = 0", True, False),
    ("IsPublic = 0 AND LEN(Code) = 0", True, False),
    ("LEN(Name) = 14", False, True),
    ("SUBSTRING(Name, 8, 4) = 'TEST'", False, True),
    ("SUBSTRING(GuestMachineName, 1, 4) = 'desk'", True, False),
    ("LEFT(Name, 6) = 'SERVER'", False, True),
    ("RIGHT(GuestMachineName, 2) = '01'", True, False),
    ("TRIM('  x  ') = 'x'", True, True),
    ("TRIM(Name) = Name", True, True),
    ("ISNULL(Name, 'x') = ''", True, False),
    ("IIF(IsPublic = 1, 'public', 'private') = 'private'", True, False),
    ("IIF(IsPublic, HostConnectedCount, 99) = 2", False, True),
    ("CONVERT('1234', 'System.Int32') = 1234", True, True),
    ("CONVERT(HostConnectedCount, 'System.String') = '2'", False, True),
    ("CONVERT(GuestConnectedCount, System.String) = '1'", True, False),
    ("CAST(HostConnectedCount AS VARCHAR(10)) + 'x' = '2x'", False, True),
    ("CAST('12' AS int) + 1 = 13", True, True),
    ("YEAR(LastConnectedEventTime) = 2026 AND MONTH(LastConnectedEventTime) = 7", True, False),
    ("len(code) = 0", True, False),
    # mixed string/number
    ("Code = 1234", False, True),
    ("Code > 1000", False, True),
    ("GuestConnectedCount = '1'", True, False),
    ("TRUE", True, True),
    ("1 = 1", True, True),
]


@pytest.mark.parametrize("expression, on_desktop, on_server", TABLE)
def test_expression_table(expression, on_desktop, on_server):
    predicate = filters.compile_filter(expression, now=NOW)
    assert predicate(DESKTOP) is on_desktop or predicate(DESKTOP) == on_desktop
    assert bool(predicate(DESKTOP)) is on_desktop
    assert bool(predicate(SERVER)) is on_server


def test_keywords_and_property_names_are_case_insensitive():
    assert matches("gUeStMaChInEnAmE like 'DESK%' aNd sessiontype = 'access'")


def test_empty_expression_matches_everything():
    assert filters.compile_filter("")(DESKTOP) is True
    assert filters.compile_filter("   ")(SERVER) is True


def test_now_is_rounded_down_to_the_hour():
    view = dict(DESKTOP, LastEventTime=datetime.datetime(2026, 7, 20, 12, 0, tzinfo=UTC))
    assert matches("LastEventTime = $NOW", view)
    assert matches("LastEventTime = $1DAYSAGO + ''", dict(view)) is False
    day_before = dict(DESKTOP, LastEventTime=datetime.datetime(2026, 7, 19, 12, 0, tzinfo=UTC))
    assert matches("LastEventTime = $1DAYSAGO", day_before)


def test_naive_now_is_utc():
    predicate = filters.compile_filter("LastConnectedEventTime > $1DAYSAGO", now=datetime.datetime(2026, 7, 20, 6, 0))
    assert predicate(DESKTOP)


# ---------------------------------------------------------------------------------------------- errors

ERRORS = [
    ("Nmae = 'x'", "Unknown property 'Nmae'", 1),
    ("Name = 'x' AND Bogus > 1", "Unknown property 'Bogus'", 16),
    ("Name = 'abc", "Unterminated string literal", 8),
    ("Name = ", "Expected an operand but found end of expression", 8),
    ("Name = 'a' AND", "Expected an operand but found end of expression", 15),
    ("(Name = 'a'", "Expected ')' to close the parenthesis opened at position 1", 12),
    ("Name = 'a')", "Unexpected ')' after a complete expression", 11),
    ("Name = 'a' 'b'", "Unexpected \"'b'\" after a complete expression", 12),
    ("Name == 'a'", "Expected an operand but found '='", 7),
    ('Name = "a"', "Unexpected character '\"'", 8),
    ("Name ~ 'a'", "Unexpected character '~'", 6),
    ("Name IN 'a'", "Expected '(' after IN", 9),
    ("Name IN ('a' 'b')", "Expected ')' to close the IN list", 14),
    ("Name IN ()", "Expected an operand but found ')'", 10),
    ("Name BETWEEN 'a' OR 'b'", "Expected AND in BETWEEN", 18),
    ("Name NOT = 'a'", "Expected LIKE, IN or BETWEEN after NOT", 10),
    ("FOO(Name) = 1", "Unknown function 'FOO'", 1),
    ("LEN(Name, 2) = 1", "LEN takes 1 argument, got 2", 1),
    ("SUBSTRING(Name, 1) = 'a'", "SUBSTRING takes 3 arguments, got 2", 1),
    ("Host = $NOBODY", "Unknown variable '$NOBODY'", 8),
    ("Name = $OTHERAND", "Variable $OTHERAND only exists in session group filters", 8),
    ("LastConnectedEventTime > #2026-99-99#", "Invalid date literal #2026-99-99#", 26),
    ("LastConnectedEventTime > 'yesterday'", "Invalid date 'yesterday'", 26),
    ("LastConnectedEventTime > 5", "Cannot compare a date with a number", 24),
    ("SessionType = 'Remote'", "Unknown SessionType value 'Remote'", 15),
    ("GuestProcessorArchitecture = 'Sparc'", "Unknown GuestProcessorArchitecture value 'Sparc'", 30),
    ("Name", "The filter expression is a string, not a condition", 1),
    ("GuestConnectedCount + 1", "The filter expression is a number, not a condition", 21),
    ("Name AND IsPublic = 1", "AND needs a boolean operand, not a string", 1),
    ("1 / 0 = 1", "Division by zero in '/'", 3),
    ("CAST(Name AS blob) = 1", "Unknown type 'blob'", 1),
    ("GETDATAFIELD(Name) = 1", "Function GETDATAFIELD is not supported by the emulator", 1),
    ("Name = 'a' #2026", "Unterminated date literal", 12),
]


@pytest.mark.parametrize("expression, message, position", ERRORS)
def test_syntax_errors_say_what_and_where(expression, message, position):
    with pytest.raises(filters.FilterSyntaxError) as caught:
        filters.compile_filter(expression, now=NOW)
    assert message in str(caught.value)
    assert str(caught.value).endswith("at position %d" % position)
    assert caught.value.position == position


def test_syntax_error_is_a_value_error():
    assert issubclass(filters.FilterSyntaxError, ValueError)
    with pytest.raises(ValueError):
        filters.compile_filter("Name =")


def test_runtime_error_is_reported_as_filter_error():
    predicate = filters.compile_filter("SUBSTRING(Name, 1, -1) = ''")
    with pytest.raises(filters.FilterSyntaxError, match="SUBSTRING failed"):
        predicate(DESKTOP)


def test_parse_gives_an_ast():
    tree = filters.parse("Name = 'a' OR NOT IsPublic = 1 AND Host IN ('x')")
    assert tree.kind == "AND"
    assert tree.args[0].kind == "OR"
    assert tree.args[1].kind == "IN"


def test_known_properties_are_those_of_section_4_2():
    assert len(filters.KNOWN_PROPERTIES) == 61
    for name in ("SessionID", "Notes", "CustomProperty8", "GuestTimezoneOffsetHours", "LastAcknowledgementEventTime"):
        assert name in filters.KNOWN_PROPERTIES


# ---------------------------------------------------------------------------------------------- scale

def test_simple_equality_over_100k_views_finds_only_its_match():
    """A case-insensitive equality over a benchmark-sized fleet matches exactly one view (its speed is for benchmarks)."""
    views = []
    for index in range(100000):
        view = dict(DESKTOP)
        view["GuestMachineName"] = "M%06d" % index
        views.append(view)
    predicate = filters.compile_filter("GuestMachineName = 'm004242'")
    found = [view for view in views if predicate(view)]
    assert [view["GuestMachineName"] for view in found] == ["M004242"]
