# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The benchmarks of screenconnect.restapi (see benchmarks/README.md).

    python benchmarks/run.py inventory|fanout|single_call|connection|all [options]

``run.py NAME --help`` lists the options of one benchmark. ``all`` runs every benchmark in turn with the options
they share (``--collections-path``, ``--timeout``, ``--keep``, ``--update-readme``, ``--report-only``) and exits
non-zero when any of them failed.
"""

from __future__ import annotations

import importlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

BENCHMARKS = ("inventory", "fanout", "single_call", "connection")


def _usage():
    return "usage: run.py {%s|all} [options]  (run.py NAME --help for a benchmark's options)" % "|".join(BENCHMARKS)


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        print(_usage())
        return 0 if argv else 2
    name, options = argv[0], argv[1:]
    if name == "all":
        codes = [importlib.import_module("bench_" + bench).main(options) for bench in BENCHMARKS]
        return max(codes)
    if name not in BENCHMARKS:
        sys.stderr.write("unknown benchmark %r\n%s\n" % (name, _usage()))
        return 2
    return importlib.import_module("bench_" + name).main(options)


if __name__ == "__main__":
    sys.exit(main())
