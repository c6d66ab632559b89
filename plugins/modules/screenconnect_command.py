#!/usr/bin/python
# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: screenconnect_command
short_description: Run a command on ScreenConnect guests and return its output and exit code
version_added: 1.0.0
description:
  - Sends a command to one or more ScreenConnect sessions with the extension method C(SendCommandToSession). The
    guest's agent runs it under the agent's account (C(SYSTEM) on Windows access agents, C(root) elsewhere).
  - With O(wait=true) the module then reads C(GetSessionDetailsBySessionID) until the guest's C(RanCommand) event
    arrives and returns its output as RV(stdout), the exit code as RV(rc) and whether the agent cut or killed it.
  - The API reports no exit code. The module appends one line to the script that prints the exit code after a random
    marker, and removes that line from RV(stdout) again.
  - Every command is sent exactly once. A failed request is never repeated after it may have reached the server;
    the error then says that the outcome is unknown.
  - Fails, like M(ansible.builtin.command), when the exit code is not V(0) or the agent killed the command; use
    C(failed_when) to decide otherwise.
extends_documentation_fragment:
  - screenconnect.restapi.connection
  - screenconnect.restapi.attributes
  - screenconnect.restapi.attributes.actiongroup_screenconnect
options:
  session_id:
    description:
      - The id of the one session to run the command on.
      - Exactly one of O(session_id), O(name), O(session_ids) and O(filter) is required.
    type: str
  name:
    description:
      - The name of the one session to run the command on, compared exactly (case-sensitive).
      - Fails, listing their ids, when several sessions have this name (reinstalled machines leave duplicates); use
        O(session_id) then.
    type: str
  session_ids:
    description:
      - Several session ids; the command runs on each of them once (see O(parallel)).
      - Ids given twice count once. If any of them does not exist, nothing is sent.
      - The ids are looked up 100 at a time, one C(GetSessionsByFilter) request each
        (C(SessionID IN ('...', ...))); an id that an answer leaves out (a busy server can answer with too few) is
        read on its own, with O(retries), before it counts as missing.
      - The result has RV(results) and RV(counts) instead of the single-session keys.
    type: list
    elements: str
  filter:
    description:
      - A session filter expression as in session groups, for example V(GuestMachineName LIKE 'LAB-*' AND
        SessionType = 'Access'); the command runs on every session it matches.
      - It is sent as written; do not build it from untrusted values. M(screenconnect.restapi.screenconnect_session_info)
        shows what a filter matches without sending anything.
      - Refused, before anything is sent, when it matches more than O(max_targets) sessions.
      - The result has RV(results) and RV(counts) instead of the single-session keys.
    type: str
  max_targets:
    description:
      - The most sessions a task may send the command to. When O(session_ids) or O(filter) selects more, the task
        fails before sending anything, so that an empty or mistaken filter cannot reach the whole fleet.
      - Raise it deliberately for large rollouts.
    type: int
    default: 10
  parallel:
    description:
      - How many requests are sent to the server at the same time, from V(1) to V(200).
      - The command is first sent to every target, at most O(parallel) requests at a time; then the results of all
        targets are read by one shared poller, again with at most O(parallel) requests at a time. So more commands
        than O(parallel) can run on the guests at once.
    type: int
    default: 10
  command:
    description:
      - The script to run; several lines are allowed.
      - It is run as a C(cmd) batch file, a PowerShell script or an C(sh) script, see O(shell).
      - Do not start it with the agent's directive lines (C(#!ps), C(#timeout=)); use O(shell), O(command_timeout) and
        O(max_output).
      - The text can contain secrets; it never appears in messages or warnings, but it is part of the task's
        arguments. Set C(no_log) on the task to hide it and the output.
    type: str
    required: true
  shell:
    description:
      - The interpreter.
      - V(auto) uses C(cmd) when the guest's operating system (C(GuestInfo.OperatingSystemName)) is Windows, and
        C(sh) otherwise. It fails for a guest that has not reported its operating system yet.
      - V(powershell) runs Windows PowerShell (C(#!ps)); V(sh) sends C(#!sh) (Linux and macOS guests).
    type: str
    choices: [auto, cmd, powershell, sh]
    default: auto
  command_timeout:
    description:
      - Seconds after which the agent kills the command (sent as the C(#timeout) directive).
      - It is always sent. When not set, the effective O(wait_timeout) is sent (60 seconds by default), so the agent
        does not kill the command before the module stops waiting; without the directive the agent would kill it after
        10 seconds.
      - A killed command fails with RV(killed=true) and RV(rc=null).
    type: int
  max_output:
    description:
      - The most characters of output the agent returns (sent as the C(#maxlength) directive); the rest is cut and
        RV(truncated) is V(true).
      - It is always sent. When not set, V(1000000) is sent; without the directive the agent would cut the output at
        5000 characters.
      - When the output is cut before the exit-code line, RV(rc) is V(null).
    type: int
  wait:
    description:
      - Whether to wait for the command's output.
      - With V(false) the command is queued and the module returns at once with RV(queued=true).
      - An offline guest is never waited for; the command stays queued on the server and runs when the guest
        connects, and the module returns RV(queued=true) at once.
    type: bool
    default: true
  wait_timeout:
    description:
      - The most seconds to wait for the output of a command that was sent to an online guest.
      - When it expires the module returns RV(queued=true) (it does not fail and does not send the command again);
        the command may still run.
      - The default is 60 seconds, or O(command_timeout) plus 30 seconds when that is longer.
    type: int
notes:
  - The module polls C(GetSessionDetailsBySessionID) every 0.5 seconds at first, backing off to every 5 seconds.
  - Nothing is read before sending; whether a guest is online comes from the session as it was looked up. Each
    target costs one C(SendCommandToSession) and, when its answer is there at the first poll, one
    C(GetSessionDetailsBySessionID); O(session_ids) are looked up 100 per C(GetSessionsByFilter).
  - The result is the C(RanCommand) event of the session that carries this run's marker. Output without any marker
    (a killed or cut command) is taken when it follows this run's own C(QueuedCommand) event. When other commands
    were queued to the same session in the same window and their output cannot be told from ours, the target fails
    and RV(msg) says so; no other command's output is reported. If the server's C(QueuedCommand) event does not
    carry the command text, a killed or cut command ends as no result within O(wait_timeout).
  - The C(cmd) prompt echo (C(C:\Windows\system32>whoami)), the blank lines cmd inserts, a leading byte order
    mark and the agent's C(Killed after) and C(Truncated output at) lines are removed from RV(stdout); line
    endings become C(\n).
  - In C(cmd) the command runs as a called batch label, so C(exit /b 3) and C(goto :eof) end only the command and
    C(exit /b 3) gives RV(rc=3).
  - In PowerShell the command is written to a temporary C(.ps1) file in C($env:TEMP) and run as a script file, so
    C(exit 3) ends only the command and gives RV(rc=3); otherwise RV(rc) is C($LASTEXITCODE) (the exit code of the
    last native program, V(0) when none failed). A C(throw) or any other terminating error (also a syntax error in
    the command) gives RV(rc=1), with the error as PowerShell prints it in RV(stdout).
  - RV(rc) is V(null) when it cannot be known, for example after a plain C(exit 3) in cmd (it ends cmd.exe).
    In C(sh) the command runs in a subshell, so C(exit 3) gives RV(rc=3).
seealso:
  - module: screenconnect.restapi.screenconnect_session_info
  - module: ansible.builtin.command
  - name: Running commands (guide)
    description: Running commands, output and exit codes, offline guests and safe fan-out.
    link: https://github.com/screenconnect-ansible/screenconnect.restapi/blob/main/docs/docsite/rst/guide_commands.rst
attributes:
  check_mode:
    support: full
    details:
      - Finds the target sessions (failing as a real run would, including O(max_targets)), chooses the shell and
        reports C(changed=true) without sending anything.
  diff_mode:
    support: none
  idempotent:
    support: none
    details:
      - Every run sends the command again. Guard it in the playbook, for example with a first command that checks
        whether the work is done and C(when) on the second.
author:
  - ScreenConnect Ansible contributors (@screenconnect-ansible)
"""

EXAMPLES = r"""
- name: Commands with connection settings shared by the whole block
  module_defaults:
    group/screenconnect.restapi.screenconnect:
      url: https://support.example.com
      secret: "{{ vault_screenconnect_secret }}"
  block:
    - name: Who runs the agent on DESKTOP-01 (cmd on a Windows guest)
      screenconnect.restapi.screenconnect_command:
        name: DESKTOP-01
        command: whoami
      register: who

    - name: Show it
      ansible.builtin.debug:
        msg: "{{ who.stdout }}"

    - name: PowerShell with a longer time limit and more output
      screenconnect.restapi.screenconnect_command:
        session_id: 25950dd7-0230-4a72-9409-0b8c489684a2
        shell: powershell
        command: |
          Get-Service | Where-Object Status -eq Running
        command_timeout: 120
        max_output: 100000

    - name: A check whose exit code is expected to be non-zero at times
      screenconnect.restapi.screenconnect_command:
        session_id: 25950dd7-0230-4a72-9409-0b8c489684a2
        shell: sh
        command: systemctl is-active nginx
      register: nginx
      failed_when: nginx.rc is none or nginx.rc not in [0, 3]

    - name: Run only when a file is missing (the module itself is not idempotent)
      screenconnect.restapi.screenconnect_command:
        name: web-01
        shell: sh
        command: test -e /etc/myapp/installed
      register: installed
      failed_when: false

    - name: Install it
      screenconnect.restapi.screenconnect_command:
        name: web-01
        shell: sh
        command: /opt/myapp/install.sh && touch /etc/myapp/installed
        command_timeout: 600
      when: installed.rc != 0

    - name: Every lab machine, at most 40 of them, 20 at a time
      screenconnect.restapi.screenconnect_command:
        filter: "GuestMachineName LIKE 'LAB-*' AND SessionType = 'Access'"
        command: hostname
        max_targets: 40
        parallel: 20
      register: lab

    - name: Report the lab run
      ansible.builtin.debug:
        msg: "{{ lab.counts.succeeded }} ran, {{ lab.counts.queued }} queued (offline), {{ lab.counts.failed }} failed"

    - name: Queue a command without waiting for it
      screenconnect.restapi.screenconnect_command:
        session_ids:
          - 25950dd7-0230-4a72-9409-0b8c489684a2
          - 8d6a1d52-3f4c-4a36-9a0f-7d5e2c1b9e10
        command: gpupdate /force
        wait: false

    - name: A command that contains a secret
      screenconnect.restapi.screenconnect_command:
        name: DESKTOP-01
        command: net user svc_backup "{{ vault_backup_password }}"
      no_log: true
"""

RETURN = r"""
session_id:
  description: The id of the session.
  returned: when the target is one session (O(session_id) or O(name))
  type: str
  sample: 25950dd7-0230-4a72-9409-0b8c489684a2
name:
  description: The name of the session (may be empty for Access sessions).
  returned: when the target is one session
  type: str
  sample: DESKTOP-01
shell:
  description: The shell that was used (the one O(shell=auto) chose).
  returned: when the target is one session
  type: str
  sample: cmd
stdout:
  description: The output (standard output and error as the agent combines them), without the exit-code line.
  returned: when the target is one session
  type: str
  sample: nt authority\system
stdout_lines:
  description: RV(stdout) split into lines.
  returned: when the target is one session
  type: list
  elements: str
  sample: [nt authority\system]
rc:
  description:
    - The exit code of the command.
    - V(null) when it is unknown (killed, output cut before the exit code, script ended with C(exit) before the
      exit-code line, not waited for).
  returned: when the target is one session
  type: int
  sample: 0
truncated:
  description: Whether the agent cut the output at O(max_output) characters.
  returned: when the target is one session
  type: bool
  sample: false
killed:
  description: Whether the agent killed the command after O(command_timeout).
  returned: when the target is one session
  type: bool
  sample: false
queued:
  description:
    - Whether the command was left queued without its output being read, because O(wait=false), because the guest
      is offline (it runs when the guest connects) or because O(wait_timeout) expired.
  returned: when the target is one session
  type: bool
  sample: false
msg:
  description: What happened, in words; never contains the command.
  returned: always
  type: str
  sample: non-zero return code
results:
  description: One entry per session, in the order of O(session_ids), or by name for O(filter).
  returned: when the target is O(session_ids) or O(filter)
  type: list
  elements: dict
  contains:
    session_id:
      description: The session's id.
      type: str
      returned: always
      sample: 25950dd7-0230-4a72-9409-0b8c489684a2
    name:
      description: The session's name.
      type: str
      returned: always
      sample: LAB-07
    shell:
      description: The shell used, or V(null) when it could not be chosen.
      type: str
      returned: always
      sample: sh
    stdout:
      description: As RV(stdout).
      type: str
      returned: always
      sample: LAB-07
    stdout_lines:
      description: As RV(stdout_lines).
      type: list
      elements: str
      returned: always
      sample: [LAB-07]
    rc:
      description: As RV(rc).
      type: int
      returned: always
      sample: 0
    truncated:
      description: As RV(truncated).
      type: bool
      returned: always
      sample: false
    killed:
      description: As RV(killed).
      type: bool
      returned: always
      sample: false
    queued:
      description: As RV(queued).
      type: bool
      returned: always
      sample: false
    changed:
      description: Whether the command was sent to this session.
      type: bool
      returned: always
      sample: true
    failed:
      description: Whether this session's command failed (non-zero exit code, killed, or an error).
      type: bool
      returned: always
      sample: false
    msg:
      description: What happened on this session.
      type: str
      returned: always
      sample: ""
  sample:
    - session_id: 25950dd7-0230-4a72-9409-0b8c489684a2
      name: LAB-07
      shell: sh
      stdout: LAB-07
      stdout_lines: [LAB-07]
      rc: 0
      truncated: false
      killed: false
      queued: false
      changed: true
      failed: false
      msg: ""
counts:
  description:
    - How many sessions were targeted (C(total)), ran the command successfully (C(succeeded)), were left queued
      (C(queued), not failures) and failed (C(failed)).
    - The task fails when C(failed) is not V(0).
  returned: when the target is O(session_ids) or O(filter)
  type: dict
  sample: {total: 12, succeeded: 10, queued: 1, failed: 1}
"""

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils._command import SHELLS, CommandRunner, validate_command
from ansible_collections.screenconnect.restapi.plugins.module_utils._fanout import check_parallel, run_parallel, summarise
from ansible_collections.screenconnect.restapi.plugins.module_utils._module import run_module
from ansible_collections.screenconnect.restapi.plugins.module_utils._poller import run_commands
from ansible_collections.screenconnect.restapi.plugins.module_utils._targets import check_many, resolve_many


ARGUMENT_SPEC = dict(
    session_id=dict(type="str"),
    name=dict(type="str"),
    session_ids=dict(type="list", elements="str"),
    filter=dict(type="str"),
    max_targets=dict(type="int", default=10),
    parallel=dict(type="int", default=10),
    command=dict(type="str", required=True),
    shell=dict(type="str", choices=list(SHELLS), default="auto"),
    command_timeout=dict(type="int"),
    max_output=dict(type="int"),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int"),
)


def _positive(params, option):
    value = params.get(option)
    if value is not None and value < 1:
        raise errors.ScreenConnectInputError("%s must be at least 1; got %r" % (option, value))
    return value


def run(module, api):
    params = module.params
    validate_command(params["command"])
    for option in ("command_timeout", "max_output", "wait_timeout"):
        _positive(params, option)
    parallel = check_parallel(params["parallel"])
    target = check_many(params, params["max_targets"])

    sessions = resolve_many(api, target, params["max_targets"])
    runner = CommandRunner(api, params["command"], shell=params["shell"], command_timeout=params["command_timeout"],
                           max_output=params["max_output"], wait=params["wait"], wait_timeout=params["wait_timeout"])
    work = runner.preview if module.check_mode else runner.run
    fan_out = "session_ids" in target or "filter" in target
    if not fan_out:
        result = work(sessions[0])  # errors before sending fail the task as they are
        if result.pop("failed"):
            module.fail_json(changed=result.pop("changed"), **result)
        return dict(result, failed=False)

    def _error(session, exc):
        failed = runner.result_base(session)
        # A lost answer to the send means the command may have been queued: say so rather than claim no change.
        failed.update(failed=True, msg=str(exc), changed=isinstance(exc, errors.ScreenConnectOutcomeUnknownError))
        return failed

    if module.check_mode:
        results = run_parallel(sessions, work, _error, parallel)
    else:
        results = run_commands(runner, sessions, _error, parallel)
    counts = summarise(results)
    changed = any(item["changed"] for item in results)
    if not results:
        return dict(changed=False, failed=False, results=[], counts=counts, msg="the filter matches no session")
    msg = "%(succeeded)d of %(total)d succeeded, %(queued)d queued, %(failed)d failed" % counts
    if counts["failed"]:
        module.fail_json(msg=msg, changed=changed, results=results, counts=counts)
    return dict(changed=changed, failed=False, results=results, counts=counts, msg=msg)


def main():
    run_module(
        run,
        argument_spec=ARGUMENT_SPEC,
        mutually_exclusive=[("session_id", "name", "session_ids", "filter")],
        required_one_of=[("session_id", "name", "session_ids", "filter")],
        supports_check_mode=True,
    )


if __name__ == "__main__":
    main()
