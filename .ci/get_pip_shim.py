# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Stand-in for the get-pip.py that ansible-test downloads from its bootstrap host.

CI and developer machines reach PyPI but not that host, so ansible-test would stop with
"does not have pip available". This file installs the pip wheel that lies beside it instead.
"""
import glob
import os
import runpy
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, sorted(glob.glob(os.path.join(HERE, "pip-*.whl")))[-1])
ARGS = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
sys.argv = ["pip", "install", "--upgrade", "--force-reinstall"] + ARGS
runpy.run_module("pip", run_name="__main__", alter_sys=True)
