# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The playbooks and inventory sources of the fan-out and single-call benchmarks, as text.

Every play checks its own output (``failed_when`` / ``until``): a run that did not collect the echo of every
session exits non-zero, which the benchmark reports as a failure. Connection settings come from
``SCREENCONNECT_URL`` / ``SCREENCONNECT_SECRET``.
"""

from __future__ import annotations

import json

from _harness import EXTENSION_ID

SERVICE = "{{ lookup('ansible.builtin.env', 'SCREENCONNECT_URL') }}/App_Extensions/%s/Service.ashx/" % EXTENSION_ID
HEADERS = "{CTRLAuthHeader: \"{{ lookup('ansible.builtin.env', 'SCREENCONNECT_SECRET') }}\"}"
RAN_COMMAND = 70


def session_filter(label):
    return "CustomProperty1 = '%s'" % label


def empty_play():
    return "- name: Ansible's start-up\n  hosts: localhost\n  gather_facts: false\n  tasks: []\n"


def task_play(label, sessions, text, parallel, wait_timeout, session_ids=None):
    """(a): one screenconnect_command task over the filter (or the ids); every result must carry the echo."""
    targets = "session_ids: %s" % json.dumps(session_ids) if session_ids else "filter: %s" % json.dumps(session_filter(label))
    return """- name: (a) one screenconnect_command task over a filter
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Echo on every session of the filter
      screenconnect.restapi.screenconnect_command:
        %(targets)s
        command: echo %(text)s
        max_targets: %(sessions)d
        parallel: %(parallel)d
        wait_timeout: %(wait_timeout)d
      register: run
      failed_when: >-
        run.counts is not defined or run.counts.succeeded != %(sessions)d
        or (run.results | selectattr('stdout', 'equalto', '%(text)s') | list | length) != %(sessions)d
""" % dict(targets=targets, text=text, sessions=sessions, parallel=parallel, wait_timeout=wait_timeout)


def inventory_source(label):
    """The per-host patterns' hosts: the inventory plugin over the same filter, only the session id as a variable."""
    return ("plugin: screenconnect.restapi.screenconnect\nsession_filter: %s\nhostvars: [session_id]\n"
            "default_groups: false\n" % json.dumps(session_filter(label)))


def per_host_play(text, wait_timeout):
    """(b): one screenconnect_command per inventory host, delegated to localhost."""
    return """- name: (b) one screenconnect_command per host
  hosts: all
  gather_facts: false
  tasks:
    - name: Echo on this host's session
      screenconnect.restapi.screenconnect_command:
        session_id: "{{ screenconnect_session_id }}"
        command: echo %(text)s
        wait_timeout: %(wait_timeout)d
      delegate_to: localhost
      register: run
      failed_when: run.stdout is not defined or run.stdout != '%(text)s'
""" % dict(text=text, wait_timeout=wait_timeout)


def uri_play(text, retries):
    """(c): per host, send with uri, then poll the session's details with uri until this run's output is there."""
    return """- name: (c) ansible.builtin.uri per host
  hosts: all
  gather_facts: false
  tasks:
    - name: Send the command
      ansible.builtin.uri:
        url: "%(service)sSendCommandToSession"
        method: POST
        headers: %(headers)s
        body_format: json
        body: ["{{ screenconnect_session_id }}", "#!sh\\n#timeout=60\\necho %(text)s"]
      delegate_to: localhost

    - name: Read the session until the output is there
      ansible.builtin.uri:
        url: "%(service)sGetSessionDetailsBySessionID"
        method: POST
        headers: %(headers)s
        body_format: json
        body: ["{{ screenconnect_session_id }}"]
      delegate_to: localhost
      register: details
      until: >-
        details.json.Events | default([]) | selectattr('EventType', 'equalto', %(ran)d)
        | selectattr('Data', 'search', '%(text)s') | list | length > 0
      retries: %(retries)d
      delay: 1
""" % dict(service=SERVICE, headers=HEADERS, text=text, ran=RAN_COMMAND, retries=retries)


def session_info_play(session_id):
    """Single call: one screenconnect_session_info task by session id."""
    return """- name: One screenconnect_session_info task
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Read one session
      screenconnect.restapi.screenconnect_session_info:
        session_id: %(id)s
      register: info
      failed_when: info.sessions | length != 1
""" % dict(id=json.dumps(session_id))


def uri_single_play(session_id):
    """Single call: the same request with one ansible.builtin.uri task."""
    return """- name: One ansible.builtin.uri task
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Read one session
      ansible.builtin.uri:
        url: "%(service)sGetSessionBySessionID"
        method: POST
        headers: %(headers)s
        body_format: json
        body: [%(id)s]
      register: info
      failed_when: info.json | length != 1
""" % dict(service=SERVICE, headers=HEADERS, id=json.dumps(session_id))
