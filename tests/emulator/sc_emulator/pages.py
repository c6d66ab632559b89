# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""HTML bodies of IIS/ASP.NET errors (404 for a missing extension, yellow-screen 500, proxy errors)."""

from __future__ import annotations

import html

REASONS = {429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
           504: "Gateway Timeout"}

_ASPNET = """<!DOCTYPE html>
<html>
    <head>
        <title>{title}</title>
        <meta name="viewport" content="width=device-width" />
    </head>
    <body bgcolor="white">
            <span><H1>Server Error in '/' Application.<hr width=100% size=1 color=silver></H1>
            <h2> <i>{title}</i> </h2></span>
            <font face="Arial, Helvetica, Geneva, SunSans-Regular, sans-serif ">
            <b> Description: </b>{description}
            <br><br>
            <b> Requested URL: </b>{path}<br><br>
    </body>
</html>
"""


def not_found(path: str) -> bytes:
    """The ASP.NET 404 page clients use to detect that the extension is not installed."""
    return _ASPNET.format(
        title="The resource cannot be found.",
        description="HTTP 404. The resource you are looking for (or one of its dependencies) could have been removed, "
                    "had its name changed, or is temporarily unavailable. Please review the following URL and make sure "
                    "that it is spelled correctly.",
        path=html.escape(path)).encode("utf-8")


def runtime_error(path: str) -> bytes:
    return _ASPNET.format(
        title="Runtime Error",
        description="An application error occurred on the server. The current custom error settings for this "
                    "application prevent the details of the application error from being viewed remotely.",
        path=html.escape(path)).encode("utf-8")


def status_page(status: int, plain: bool = False) -> bytes:
    reason = REASONS.get(status, "Error")
    if plain:
        return ("%d %s\r\n" % (status, reason)).encode("ascii")
    return ("<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n<center><h1>%d %s</h1></center>\r\n"
            "</body>\r\n</html>\r\n" % (status, reason, status, reason)).encode("ascii")


def request_too_large() -> bytes:
    """413 for an oversized command (``--max-command-length``); the real server's limit and answer are unknown."""
    return ("<!DOCTYPE html>\r\n<html>\r\n<head><title>Request Entity Too Large</title></head>\r\n<body>\r\n"
            "<h1>Request Entity Too Large</h1>\r\n<p>The request is larger than the server accepts.</p>\r\n"
            "</body>\r\n</html>\r\n").encode("ascii")
