#!/usr/bin/env python
# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that every link in the docs and in ansible-doc output leads somewhere that exists, offline.

    check_links.py REPO [ANSIBLE_DOC_OUTPUT...]

Links are read from galaxy.yml, docs/docsite/links.yml, docs/docsite/rst/*.rst, README.md (and its relative
Markdown links) and the given files of ansible-doc output. A link is good when it is a file of the repository
(relative, or on the project's GitHub repository under tree/ or blob/ of main), the project's issue tracker, or on
an allow-listed site. The collection is not on docs.ansible.com yet: links to its pages there are errors.
"""

from __future__ import annotations

import os
import re
import sys

PROJECT = "https://github.com/screenconnect-ansible/screenconnect.restapi"
# Sites that exist whatever this repository contains: ConnectWise's documentation, the licence, ansible-core's own
# documentation (ansible.builtin plugins, configuration) and the Ansible project.
ALLOWED = re.compile(r"^https://(docs\.connectwise\.com/|www\.gnu\.org/licenses/|docs\.ansible\.com/ansible(-core)?/"
                     r"[^#]*$|galaxy\.ansible\.com/)")
OURS_ON_ANSIBLE = re.compile(r"^https://docs\.ansible\.com/.*(screenconnect/restapi|ansible_collections\.screenconnect)")
# Example and test addresses in option descriptions and examples, not links.
EXAMPLE = re.compile(r"^https?://([a-z0-9.-]*example\.(com|org|net)|127\.0\.0\.1|localhost|server)([:/]|$)")
URL = re.compile(r"https?://[^\s<>`'\")\]]+")
MD_LINK = re.compile(r"\]\(([^)#\s]+)(#[^)]*)?\)")


def _check_url(repo, url):
    url = url.rstrip(".,;:")
    if EXAMPLE.match(url):
        return None
    if OURS_ON_ANSIBLE.match(url):
        return "the collection is not on docs.ansible.com yet"
    if url.startswith(PROJECT):
        rest = url[len(PROJECT):].strip("/")
        if rest in ("", "issues", "issues/new"):
            return None
        match = re.match(r"^(tree|blob)/main/(.+)$", rest)
        if match:
            return None if os.path.exists(os.path.join(repo, match.group(2))) else "no such file in the repository"
        return "not a file of the repository or its issue tracker"
    if ALLOWED.match(url):
        return None
    return "not an allow-listed site"


def _urls(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    # ansible-doc wraps long URLs at no point, but ends a link before a line break
    return set(URL.findall(text)), text


def main(argv):
    repo, doc_outputs = argv[1], argv[2:]
    sources = [os.path.join(repo, "galaxy.yml"), os.path.join(repo, "docs", "docsite", "links.yml"),
               os.path.join(repo, "README.md")]
    rst_dir = os.path.join(repo, "docs", "docsite", "rst")
    sources += sorted(os.path.join(rst_dir, name) for name in os.listdir(rst_dir) if name.endswith(".rst"))
    errors, checked = [], 0
    for path in sources + doc_outputs:
        urls, text = _urls(path)
        shown = os.path.relpath(path, repo) if path.startswith(repo) else os.path.basename(path)
        for url in sorted(urls):
            checked += 1
            problem = _check_url(repo, url)
            if problem:
                errors.append("%s: %s: %s" % (shown, url, problem))
        if path.endswith(".md"):
            for target, _anchor in MD_LINK.findall(text):
                if not re.match(r"^[a-z]+:", target):
                    checked += 1
                    if not os.path.exists(os.path.join(os.path.dirname(path), target)):
                        errors.append("%s: %s: no such file in the repository" % (shown, target))
    for error in errors:
        print(error)
    print("links: %d checked in %d files, %d broken" % (checked, len(sources) + len(doc_outputs), len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
