# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Bad ``secret_file`` values for the bad-input tables of the modules and the inventory plugin.

A table value is data, but a file must exist in the test's own directory: ``SecretFileCase`` stands for one and
``path_of()`` creates it when the case runs. ``CONTENTS`` lists what the files hold, so that a test can check that
none of it is echoed.
"""

from __future__ import annotations

import os

LEADING_SPACE = " secret-file-with-a-leading-space"
TWO_LINE_BREAKS = "secret-file-with-two-line-breaks\n\n"
TOO_LARGE = "x" * (64 * 1024 + 1)


class SecretFileCase(object):
    """A file holding ``content`` (text), or a directory when ``content`` is None, created by ``path_of``."""

    def __init__(self, content=None):
        self.content = content

    def path_of(self, directory):
        path = os.path.join(str(directory), "secret-file-case")
        if self.content is None:
            os.mkdir(path)
        else:
            with open(path, "w") as handle:
                handle.write(self.content)
        return path

    def __repr__(self):
        return "SecretFileCase(directory)" if self.content is None else "SecretFileCase(%d chars)" % len(self.content)


# Wrong type, empty, missing, a directory, an empty file, bad content, too large.
CASES = ["", ["a-path-in-a-list"], "/nonexistent/h4/secret", SecretFileCase(), SecretFileCase(""),
         SecretFileCase(LEADING_SPACE), SecretFileCase(TWO_LINE_BREAKS), SecretFileCase(TOO_LARGE)]
CONTENTS = (LEADING_SPACE.strip(), TWO_LINE_BREAKS.strip(), TOO_LARGE[:64])


def materialize(value, directory):
    """``value`` itself, or the path of the file a ``SecretFileCase`` stands for, created in ``directory``."""
    return value.path_of(directory) if isinstance(value, SecretFileCase) else value
