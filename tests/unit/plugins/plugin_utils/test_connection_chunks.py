# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The chunk store, with every script run by a real /bin/sh (see ShChannel) and the commands counted."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess

import pytest

from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_chunks as chunks
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._connection_exec import PosixExec
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._connection_transfer import Transfer
from ansible_collections.screenconnect.restapi.tests.unit.plugins.plugin_utils.test_connection_transfer import ShChannel

SESSION = "25950dd7-0230-4a72-9409-0b8c489684a2"
CHUNK_SIZE = 16384


def _payload(size=180000, seed=b"module"):
    data, block = bytearray(), seed
    while len(data) < size:
        block = chunks.hashlib.sha256(block).digest()
        data.extend(block)
    return bytes(data[:size])


@pytest.fixture
def setup(tmp_path):
    def make():
        channel = ShChannel(tmp_path)
        cache = chunks.ChunkCache(str(tmp_path / "cache"), SESSION)
        store = chunks.ChunkStore(channel, str(tmp_path / "store"), CHUNK_SIZE, cache)
        return channel, PosixExec(channel, Transfer(channel, chunks.posix, CHUNK_SIZE), CHUNK_SIZE, store)
    return make


def test_cut_points_are_content_defined_and_bounded():
    data = _payload()
    pieces = chunks.cut(data, CHUNK_SIZE)
    assert b"".join(pieces) == data
    assert all(len(piece) <= CHUNK_SIZE for piece in pieces)
    assert all(len(piece) >= chunks.MIN_CHUNK for piece in pieces[:-1])
    edited = data[:90000] + b"EDIT" + data[90000:]
    assert len(set(chunks.cut(edited, CHUNK_SIZE)) - set(pieces)) <= 2  # only the chunk around the edit changes


def _cut_byte_by_byte(data, maximum):
    """The definition of the cut points: a gear hash stepped over every byte, reset after each cut."""
    chunks_, start, rolling = [], 0, 0
    for index, byte in enumerate(data):
        rolling = ((rolling << 1) + chunks._GEAR[byte]) & 0xFFFFFFFF
        length = index + 1 - start
        if (length >= chunks.MIN_CHUNK and (rolling >> 20) & 0xFFF == 0xFFF) or length >= maximum:
            chunks_.append(data[start:index + 1])
            start, rolling = index + 1, 0
    if start < len(data):
        chunks_.append(data[start:])
    return chunks_


@pytest.mark.parametrize("maximum", [chunks.MIN_CHUNK, chunks.MIN_CHUNK + 1, 1500, 4096, 16384, 65536])
def test_the_block_computation_finds_the_cut_points_of_the_byte_by_byte_definition(maximum):
    random = __import__("random").Random(maximum)
    inputs = [b"", b"x", bytes(31), _payload(chunks._BLOCK * 3 + 17), b"\xff" * 70000, bytes(40000),
              bytes(random.getrandbits(8) for _index in range(150000)),
              (b"import os\n" * 3000) + _payload(50000) + b"zip_data='" + b"QUJD" * 20000 + b"',\n"]
    found = 0
    for data in inputs:
        pieces = chunks.cut(data, maximum)
        assert pieces == _cut_byte_by_byte(data, maximum)
        found += sum(1 for piece in pieces[:-1] if len(piece) < maximum)  # cuts by content, not by size
    assert found >= 20 or maximum < 4096  # at a small maximum, most cuts are by size


def test_first_run_costs_its_chunks_and_a_repeat_costs_one_command(setup, tmp_path):
    channel, executor = setup()
    data = _payload()
    assert executor.run("cat | sha256sum | cut -c1-64", in_data=data)[1].strip().decode() == \
        chunks.hashlib.sha256(data).hexdigest()
    first = channel.sent
    assert first <= math.ceil(len(data) / CHUNK_SIZE) + 1
    assert executor.run("wc -c", in_data=data)[1].strip() == str(len(data)).encode()
    assert channel.sent - first == 1
    assert oct(os.stat(str(tmp_path / "store")).st_mode & 0o777) == "0o700"
    pieces = len(chunks.cut(data, CHUNK_SIZE))
    manifest = 65 * pieces  # one name of 64 hex digits and a newline per chunk
    assert channel.lines == [
        "PAYLOAD %d bytes in %d chunks and a manifest of %d bytes: %d of them (%d bytes) not known to be on the "
        "guest" % (len(data), pieces, manifest, pieces + 1, len(data) + manifest),
        "PAYLOAD %d bytes in %d chunks and a manifest of %d bytes: 0 of them (0 bytes) not known to be on the guest"
        % (len(data), pieces, manifest),
    ]
    stored = channel.whats[:first - 1]
    assert all(what == "storing %d bytes of module data in the chunk store" % CHUNK_SIZE for what in stored)
    assert channel.whats[first - 1].startswith(
        "running the command with its %d bytes of standard input from the chunk store (with its last " % len(data))
    assert channel.whats[first:] == ["running the command with its %d bytes of standard input from the chunk store"
                                     % len(data)]


def test_the_cache_file_carries_to_a_new_connection_and_holds_no_secret(setup, tmp_path):
    channel, executor = setup()
    data = _payload()
    executor.run("true", in_data=data)
    with open(str(tmp_path / "cache" / (SESSION + ".json"))) as handle:
        saved = json.load(handle)
    assert set(saved) == {"chunks"} and all(len(name) == 64 for name in saved["chunks"])
    channel2, executor2 = setup()
    executor2.run("true", in_data=data)
    assert channel2.sent == 1


def test_a_cleaned_store_is_refilled_and_the_command_runs_once(setup, tmp_path):
    channel, executor = setup()
    data = _payload()
    executor.run("true", in_data=data)
    shutil.rmtree(str(tmp_path / "store"))
    counter = tmp_path / "runs"
    channel.sent = 0
    rc, _out, _err = executor.run("cat > /dev/null; echo x >> %s" % counter, in_data=data)
    assert rc == 0
    assert counter.read_text() == "x\n"  # ran exactly once, after the missing chunks were sent
    assert channel.sent <= math.ceil(len(data) / CHUNK_SIZE) + 2


class _LongestChannel(ShChannel):
    """Also notes the longest command text, as the server's request size limit would see it."""

    longest = 0

    def run(self, body, interpreter, nonce, what="a command"):
        self.longest = max(self.longest, len(body))
        return super(_LongestChannel, self).run(body, interpreter, nonce, what)


@pytest.mark.parametrize("chunk_size", [2048, 4096, 16384])
def test_no_command_carries_more_than_chunk_size_bytes_of_data(tmp_path, chunk_size):
    """Even with a payload of many chunks (a long manifest) and a deferred put piece waiting for the next command."""
    channel = _LongestChannel(tmp_path)
    cache = chunks.ChunkCache("", SESSION)
    store = chunks.ChunkStore(channel, str(tmp_path / "store"), chunk_size, cache)
    transfer = Transfer(channel, chunks.posix, chunk_size)
    executor = PosixExec(channel, transfer, chunk_size, store)
    source = tmp_path / "file.bin"
    source.write_bytes(_payload(3 * chunk_size - 10, seed=b"file"))
    target = tmp_path / "copy.bin"
    transfer.put(str(source), str(target))
    data = _payload(400000)
    assert executor.run("cat | wc -c", in_data=data)[1].strip() == str(len(data)).encode()
    assert target.read_bytes() == source.read_bytes()
    # base64 (4/3) plus the script's own fixed text; not the 64 characters per chunk name of the manifest
    assert channel.longest <= chunk_size * 4 // 3 + 6000, channel.longest


def test_a_damaged_chunk_is_sent_again_before_anything_runs(setup, tmp_path):
    channel, executor = setup()
    data = _payload()
    executor.run("true", in_data=data)
    name = chunks.hashlib.sha256(chunks.cut(data, CHUNK_SIZE)[3]).hexdigest()
    (tmp_path / "store" / name).write_bytes(b"not what the name says")
    counter = tmp_path / "runs"
    channel.sent = 0
    assert executor.run("cat | sha256sum | cut -c1-64; echo x >> %s" % counter, in_data=data)[1].split()[0] == \
        chunks.hashlib.sha256(data).hexdigest().encode()
    assert counter.read_text() == "x\n"
    assert channel.sent == 2  # the check found the one damaged chunk; it rode with the second try
    assert (tmp_path / "store" / name).read_bytes() == chunks.cut(data, CHUNK_SIZE)[3]


def test_two_writers_filling_the_same_store_never_mix_their_halves(tmp_path):
    """Two controllers (or plays) send the same chunk, split across two commands each, to one guest at once."""
    channel = ShChannel(tmp_path)
    stores = [chunks.ChunkStore(channel, str(tmp_path / "store"), 4096, chunks.ChunkCache("", SESSION))
              for _writer in range(2)]
    data = _payload(6000, seed=b"shared")
    name = chunks.hashlib.sha256(data).hexdigest()
    packs = [store._packs([(name, data)]) for store in stores]  # pylint: disable=protected-access
    assert [len(pack) for pack in packs] == [2, 2]
    for step in range(2):  # first halves of both, then second halves of both
        for store, pack in zip(stores, packs):
            store._send_packs([pack[step]])  # pylint: disable=protected-access
    assert (tmp_path / "store" / name).read_bytes() == data
    assert sorted(os.listdir(str(tmp_path / "store"))) == [name]  # no partial file left behind


def _counting_tools(directory, log):
    """Wrappers, first on PATH, that note each start of a tool the store's scripts run per chunk or per file."""
    directory.mkdir()
    for tool in ("sha256sum", "shasum", "openssl", "cat", "cut", "mv"):
        real = shutil.which(tool)
        if real:
            wrapper = directory / tool
            wrapper.write_text("#!/bin/sh\necho %s >> %s\nexec %s \"$@\"\n" % (tool, log, real))
            wrapper.chmod(0o755)
    return dict(os.environ, PATH="%s:%s" % (directory, os.environ["PATH"]))


def test_the_assemble_step_starts_a_few_processes_whatever_the_number_of_chunks(setup, tmp_path):
    """One hash process for all chunks, not one per chunk: the step runs on the guest before every module."""
    log = tmp_path / "started"
    env = _counting_tools(tmp_path / "bin", log)

    def started(data, seed):
        channel, executor = setup()
        executor.run("true", in_data=data)  # fills the store
        channel.sent = 0
        executor.run("true", in_data=data)  # the store has every chunk: only the assemble-and-run command
        script = tmp_path / ("script-%d.sh" % channel.sent)
        log.write_text("")
        subprocess.run(["/bin/sh", str(script)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                       env=dict(env, TMPDIR=str(tmp_path)))
        return len(log.read_text().splitlines())

    small, large = _payload(40000, seed=b"small"), _payload(400000, seed=b"large")
    assert len(chunks.cut(large, CHUNK_SIZE)) - len(chunks.cut(small, CHUNK_SIZE)) >= 50
    assert started(large, b"large") == started(small, b"small")


@pytest.mark.parametrize("hasher", ["shasum", "openssl"])
def test_guests_without_sha256sum_hash_with_shasum_or_openssl(setup, tmp_path, monkeypatch, hasher):
    """macOS has shasum and no sha256sum; openssl is the last resort. Both print names their own way."""
    if shutil.which(hasher) is None:
        pytest.skip("needs %s" % hasher)
    hidden = {"sha256sum", "shasum"} - {hasher}
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for directory in os.environ["PATH"].split(os.pathsep):
        if os.path.isdir(directory):
            for tool in os.listdir(directory):
                if tool not in hidden and not (bin_dir / tool).exists():
                    os.symlink(os.path.join(directory, tool), str(bin_dir / tool))
    monkeypatch.setenv("PATH", str(bin_dir))
    channel, executor = setup()
    data = _payload()
    executor.run("true", in_data=data)
    name = chunks.hashlib.sha256(chunks.cut(data, CHUNK_SIZE)[2]).hexdigest()
    (tmp_path / "store" / name).write_bytes(b"damaged")
    channel.sent = 0
    assert executor.run("cat | wc -c", in_data=data)[1].strip() == str(len(data)).encode()
    assert channel.sent == 2
    assert sorted(os.listdir(str(tmp_path / "store"))) == sorted(set(
        [chunks.hashlib.sha256(piece).hexdigest() for piece in chunks.cut(data, CHUNK_SIZE)] +
        [chunks.hashlib.sha256(("\n".join(chunks.hashlib.sha256(piece).hexdigest()
                                          for piece in chunks.cut(data, CHUNK_SIZE)) + "\n").encode()).hexdigest()]))
