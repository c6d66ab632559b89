# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The POSIX sh scripts the connection plugin sends: run a command, write, stat and read files, and the chunk store.

PRIVATE to the collection: this file may change without notice.

The agent runs each script with ``/bin/sh <file>`` and merges its stdout and stderr, so every script prints its
values as frame lines (_connection_framing.py): the user's command runs with its stdout and stderr redirected to
files in a private 0700 directory, which the script prints base64-encoded and then removes. Only tools that every
Linux and macOS guest has are used (sh, base64, printf, mktemp, cat, dd, wc, rm, and sha256sum, shasum or
openssl for hashes).

A script is a head (helpers, the begin line, the private directory), steps, and a tail (cleanup, the end line).
Each step runs only while ``__scrx_ok`` is 1, so a failed write stops the steps after it, and the end line is
always printed: the frame then carries the ``error`` value instead of a command result.
"""

from __future__ import annotations

import base64
import shlex

from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_framing as framing

INTERPRETER = "#!sh"

_B64_LINE = 76

# Helpers shared by every script. The agent runs one script per command, so each helper avoids forks where the shell
# can do the work itself: an echo cost 12 processes (12.5 ms of the guest's CPU), now 5. Each value is base64 on one
# line: GNU and BusyBox base64 wrap unless given -w 0, which macOS's does not know (it fails before reading its input
# and the tr fallback runs). base64 -d is GNU/BusyBox and macOS 13+; older macOS only knows -D, and fails on -d the
# same way. Numbers and hex digests need no encoding (__scrx_num: a plain frame value).
_HELPERS = r"""__scrx_enc() { base64 -w 0 2>/dev/null || base64 | tr -d '\r\n'; }
__scrx_dec() { base64 -d 2>/dev/null || base64 -D; }
if command -v sha256sum >/dev/null 2>&1; then __scrx_sums() { sha256sum -- "$@"; }
elif command -v shasum >/dev/null 2>&1; then __scrx_sums() { shasum -a 256 -- "$@"; }
else __scrx_sums() { openssl dgst -sha256 -r "$@"; }; fi
__scrx_sum() { __scrx_h=$(__scrx_sums) && printf '%s' "${__scrx_h%%[ *]*}"; }
__scrx_size() { __scrx_w=$(wc -c < "$1") && printf '%s' $__scrx_w; }
__scrx_text() { printf '%s' "$__scrx_tag$1:"; printf '%s' "$2" | __scrx_enc; printf '\n'; }
__scrx_num() { printf '%s\n' "$__scrx_tag$1=$2"; }
__scrx_file() { printf '%s' "$__scrx_tag$1:"; if [ -s "$2" ]; then __scrx_enc < "$2"; fi; printf '\n'; }
__scrx_fail() { __scrx_ok=0; __scrx_text error "$1"; }
"""


def quote(text):
    """POSIX sh quoting of one literal argument."""
    return shlex.quote(text)


def quote_path(path):
    """Like quote, but a leading ``~/`` is the home directory, as in Ansible's remote paths."""
    if path == "~" or path.startswith("~/"):
        return '"$HOME"' + (quote(path[1:]) if len(path) > 1 else "")
    return quote(path)


def _with_heredoc(line, data, nonce):
    """``line`` (which holds one ``{doc}`` where the ``<<'EOF'`` operator goes) followed by the here-document of
    ``data`` base64-encoded in lines, to be decoded on the guest."""
    encoded = base64.b64encode(data).decode("ascii")
    body = [encoded[i:i + _B64_LINE] for i in range(0, len(encoded), _B64_LINE)]
    delimiter = "__SCRX_EOF_%s" % nonce
    return "\n".join([line.replace("{doc}", "<<'%s'" % delimiter)] + body + [delimiter])


def _head(nonce):
    return "\n".join([
        "__scrx_tag=%s" % quote(framing.tag(nonce)),
        _HELPERS.rstrip("\n"),
        "printf '%%s\\n' %s" % quote(framing.begin_line(nonce)),
        _home_step(),
        "umask 077",
        "__scrx_ok=1",
        '__scrx_d=$(mktemp -d "${TMPDIR:-/tmp}/scrx.XXXXXXXX") || { __scrx_d=; __scrx_fail '
        '"cannot create a private temporary directory in ${TMPDIR:-/tmp}"; }',
    ])


def _tail(nonce):
    return "\n".join([
        'if [ -n "$__scrx_d" ]; then rm -rf "$__scrx_d"; fi',
        "printf '%%s\\n' %s" % quote(framing.end_line(nonce)),
    ])


def _script(nonce, steps):
    return "\n".join([_head(nonce)] + list(steps) + [_tail(nonce)]) + "\n"


# -- steps -----------------------------------------------------------------------------------------------------------

def _home_step():
    # The agent runs as a service, often without HOME; Ansible expands ~ in its remote_tmp like an ssh login would.
    return "\n".join([
        'if [ -z "${HOME:-}" ]; then HOME=$(getent passwd "$(id -u)" 2>/dev/null | cut -d: -f6); '
        'HOME=${HOME:-/root}; export HOME; fi',
    ])


def write_step(path, pieces, nonce, expect=None):
    """Write each (offset, bytes) piece into ``path``; offset 0 creates or truncates the file.

    With ``expect`` = (size, sha256 hex), the whole file is then checked, so the last piece of a transfer can ride
    in the next command and still be verified before that command runs.
    """
    lines = ["if [ \"$__scrx_ok\" = 1 ]; then", "__scrx_p=%s" % quote(path)]
    for index, (offset, data) in enumerate(pieces):
        doc_nonce = "%s_%d" % (nonce, index)
        if offset == 0:
            lines.append(_with_heredoc('[ "$__scrx_ok" = 1 ] && { __scrx_dec > "$__scrx_p" {doc} || __scrx_fail '
                                       '"writing $__scrx_p failed"; }', data, doc_nonce))
            continue
        # Pieces normally arrive in order, so appending is the common case; dd writes in place otherwise.
        lines.append(_with_heredoc(
            '[ "$__scrx_ok" = 1 ] && { __scrx_dec > "$__scrx_d/piece" {doc} && if [ "$(__scrx_size "$__scrx_p")" = %d ]; '
            'then cat "$__scrx_d/piece" >> "$__scrx_p"; else dd if="$__scrx_d/piece" of="$__scrx_p" bs=1 seek=%d '
            'conv=notrunc 2>/dev/null; fi || __scrx_fail "writing %d bytes at offset %d of $__scrx_p failed"; }'
            % (offset, offset, len(data), offset), data, doc_nonce))
    if expect is not None:
        size, digest = expect
        lines.append('if [ "$__scrx_ok" = 1 ] && { [ "$(__scrx_size "$__scrx_p")" != %d ] || '
                     '[ "$(__scrx_sum < "$__scrx_p")" != %s ]; }; then __scrx_fail "$__scrx_p does not have the '
                     'size and SHA-256 that were sent (%d bytes, %s)"; fi' % (size, digest, size, digest))
    lines.append("fi")
    return "\n".join(lines)


def _run_step(command, stdin_file):
    """Run the command line with the given stdin (a file in the private directory, or /dev/null) and print
    its stdout, stderr and rc. A separate sh, so that the user's ``exit N`` ends only the command."""
    source = '"$__scrx_d/%s"' % stdin_file if stdin_file else "/dev/null"
    return "\n".join([
        "if [ \"$__scrx_ok\" = 1 ]; then",
        'cd "$HOME" 2>/dev/null || cd /',
        '/bin/sh -c %s < %s > "$__scrx_d/out" 2> "$__scrx_d/err"' % (quote(command), source),
        "__scrx_rc=$?",
        '__scrx_file stdout "$__scrx_d/out"',
        '__scrx_file stderr "$__scrx_d/err"',
        '__scrx_num rc "$__scrx_rc"',
        "fi",
    ])


def stdin_step(stdin, nonce):
    """Decode ``stdin`` bytes into the private directory's ``in`` file."""
    return "\n".join([
        "if [ \"$__scrx_ok\" = 1 ]; then",
        _with_heredoc('__scrx_dec > "$__scrx_d/in" {doc} || __scrx_fail "decoding the standard input failed"',
                      stdin, nonce + "_in"),
        "fi",
    ])


# -- scripts -----------------------------------------------------------------------------------------------------------

# The store's files are named by their SHA-256. One process hashes every file a step checks (``__scrx_sums``, one
# "hash name" line per readable file; openssl marks the name with "*"), and awk compares each hash with its name:
# a fork per chunk made the assemble step of a large module cost a fifth of a CPU second on every run.
_VERIFIED = "awk '{ n = $2; sub(/^\\*/, \"\", n); sub(/\\..*$/, \"\", n); if ($1 == n) printf \" %s\", n }'"
_MISSING = ("awk 'NR == FNR { want[++count] = $1; next } { n = $2; sub(/^\\*/, \"\", n); if ($1 == n) ok[n] = 1 } "
            "END { for (i = 1; i <= count; i++) if (!(want[i] in ok)) printf \" %s\", want[i] }'")


def store_step(store, parts, nonce, writer):
    """Put chunk parts into the store directory (0700): (name, bytes, first, last) each; a chunk may span
    commands, so each command carries exactly chunk_size bytes. A chunk becomes visible under its name only once
    its SHA-256 matches. ``writer`` tags the partial files, so that two controllers (or two plays) filling the
    same guest's store at once never append to each other's halves; partial files older than a day (a writer
    that stopped half-way) are removed."""
    lines = ["if [ \"$__scrx_ok\" = 1 ]; then", "__scrx_s=%s" % quote_path(store),
             '{ mkdir -p "$__scrx_s" && chmod 700 "$__scrx_s"; } || __scrx_fail "cannot create the chunk store '
             '$__scrx_s"',
             'find "$__scrx_s" -name "*.part" -mtime +0 -exec rm -f {} + 2>/dev/null']
    complete = []
    for index, (name, data, first, last) in enumerate(parts):
        part = "%s.%s.part" % (name, writer)
        lines.append(_with_heredoc(
            '[ "$__scrx_ok" = 1 ] && { __scrx_dec %s "$__scrx_s/%s" {doc} || __scrx_fail "storing chunk %s '
            'failed"; }' % (">" if first else ">>", part, name), data, "%s_c%d" % (nonce, index)))
        if last:
            complete.append((name, part))
    if complete:
        partials = " ".join(part for _name, part in complete)
        lines += [
            'if [ "$__scrx_ok" = 1 ]; then',
            '__scrx_v=$(cd "$__scrx_s" && __scrx_sums %s 2>/dev/null | %s)' % (partials, _VERIFIED),
            "for __scrx_n in %s; do" % " ".join(n for n, _p in complete),
            '  case " $__scrx_v " in *" $__scrx_n "*) mv -f "$__scrx_s/$__scrx_n.%s.part" "$__scrx_s/$__scrx_n" '
            '|| __scrx_fail "storing chunk $__scrx_n failed" ;;' % writer,
            '  *) __scrx_fail "chunk $__scrx_n does not have the SHA-256 it was sent with" ;; esac',
            "done",
            "fi",
        ]
    lines.append("fi")
    return "\n".join(lines)


def assemble_step(store, manifest):
    """Concatenate the chunks that the ``manifest`` chunk names (one per line, in order) into the private
    directory's ``in`` file, checking the manifest's and each chunk's hash first.

    Chunks that are absent or damaged are printed as ``missing`` (only the manifest, when it is missing itself)
    and nothing after this step runs."""
    return "\n".join([
        "if [ \"$__scrx_ok\" = 1 ]; then",
        "__scrx_s=%s" % quote_path(store),
        '__scrx_f="$__scrx_s/%s"' % manifest,
        "__scrx_m=",
        'if [ ! -f "$__scrx_f" ] || [ "$(__scrx_sum < "$__scrx_f")" != %s ]; then __scrx_m=%s; else' % (manifest, manifest),
        # the manifest holds only names of 64 hex digits (its hash was checked): safe to split into words
        '  __scrx_m=$(cd "$__scrx_s" && __scrx_sums $(cat "$__scrx_f") 2>/dev/null | %s "$__scrx_f" -)' % _MISSING,
        "fi",
        'if [ -n "$__scrx_m" ]; then __scrx_ok=0; __scrx_text missing "$__scrx_m"; else',
        '  ( cd "$__scrx_s" && cat $(cat "$__scrx_f") ) > "$__scrx_d/in" || '
        '__scrx_fail "assembling the standard input from the chunk store failed"',
        "fi",
        "fi",
    ])


def exec_script(command, nonce, stdin=None, before=(), stdin_ready=False):
    """Run ``command`` (a shell command line) with ``stdin`` bytes (or none) on its standard input.

    ``before`` are steps (such as a deferred write_step) that must succeed before the command runs;
    ``stdin_ready`` says that they leave the standard input in the private directory (assemble_step).
    """
    steps = list(before)
    if stdin is not None:
        steps.append(stdin_step(stdin, nonce))
    steps.append(_run_step(command, "in" if (stdin is not None or stdin_ready) else None))
    return _script(nonce, steps)


def steps_script(nonce, steps):
    """A script of only these steps, with an ``rc`` value of 0 when they all succeeded."""
    return _script(nonce, list(steps) + ['if [ "$__scrx_ok" = 1 ]; then __scrx_num rc 0; fi'])


def write_script(path, pieces, nonce, expect=None):
    """Write pieces = [(offset, bytes), ...] into ``path``; prints rc 0, or the error text."""
    return steps_script(nonce, [write_step(path, pieces, nonce, expect)])


def stat_script(path, nonce):
    """Print ``size`` and ``sha256`` of the file, or ``missing`` when it does not exist."""
    return _script(nonce, ["\n".join([
        "__scrx_p=%s" % quote(path),
        'if [ "$__scrx_ok" = 1 ]; then',
        'if [ -f "$__scrx_p" ] && [ -r "$__scrx_p" ]; then',
        '__scrx_num size "$(__scrx_size "$__scrx_p")"',
        '__scrx_num sha256 "$(__scrx_sum < "$__scrx_p")"',
        'else __scrx_text missing "$__scrx_p"; fi',
        "fi",
    ])])


def read_script(path, offset, length, nonce):
    """Print ``data`` = the bytes [offset, offset + length) of the file, plus ``size`` and ``sha256`` of the whole
    file when offset is 0 (``missing`` when it does not exist)."""
    lines = [
        "__scrx_p=%s" % quote(path),
        'if [ "$__scrx_ok" = 1 ]; then',
        'if [ -f "$__scrx_p" ] && [ -r "$__scrx_p" ]; then',
    ]
    if offset == 0:
        lines += ['__scrx_num size "$(__scrx_size "$__scrx_p")"',
                  '__scrx_num sha256 "$(__scrx_sum < "$__scrx_p")"']
    # bs=1 keeps the arithmetic in bytes on every dd; the pieces are small enough for it.
    lines += [
        '{ dd if="$__scrx_p" bs=1 skip=%d count=%d 2>/dev/null > "$__scrx_d/data" && '
        '__scrx_file data "$__scrx_d/data"; } || __scrx_fail "reading $__scrx_p failed"' % (offset, length),
        'else __scrx_text missing "$__scrx_p"; fi',
        "fi",
    ]
    return _script(nonce, ["\n".join(lines)])
