# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ScreenConnect "RESTful API Manager" emulator (standard library only).

Modules, one job each:

* ``config``  - command-line options and the run-time switches for behaviour unknown on the real server
* ``timefmt`` - .NET-style date formatting
* ``fleet``   - deterministic seeded fleet and the small hand-made demo fleet
* ``store``   - sessions, events, notes; cached JSON and filter views; one lock
* ``agent``   - background worker that runs queued commands for online guests
* ``faults``  - fault injection rules
* ``control`` - the ``/__emulator/`` control API
* ``server``  - the HTTP server and the web-service request pipeline
* ``tls``     - self-signed certificate generation for ``--https``
* ``filters`` / ``shell`` - filter language and command simulation (separate owners)
"""

from __future__ import annotations

__version__ = "1.0.0"
