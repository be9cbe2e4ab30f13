"""Readers run in a child process whose memory is capped, and which is killed at the time bound.

A reader's library works in C: a crafted file (a zip bomb of XML, a PDF that draws without end)
could make it allocate until the machine swaps, or loop where no alarm can interrupt it. So each
process that reads format files keeps one child (started at its first such file, a fresh
interpreter, not a fork of a process that may have threads) and sends it each file. Before each
file the child caps its address space (`RLIMIT_AS`) at its size then plus the bound, so an
allocation past the bound fails there; a reader that fails for want of memory, or a child that
dies, makes the file a `FormatError` that says so, and the next file gets a new child. Plain
text never comes here. Off Linux (no /proc to measure the child by) time is bounded, not memory.
"""

from __future__ import annotations

import atexit
import importlib
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

from dedupe.formats.registry import FormatError

try:
    import resource
except ImportError:  # Windows: time is bounded, memory is not
    resource = None  # type: ignore[assignment]

AVAILABLE = sys.platform != "win32"  # select() on pipes; Windows reads in the scanning process
_FRAME = struct.Struct("!Q")
_STATM = "/proc/self/statm"
_STATUS = "/proc/self/status"
_NEAR_BOUND = 0.5  # a reader that fails after taking this share of the bound failed for want of it


def run(module: str, function: str, args: tuple[object, ...], memory: int, seconds: float) -> object:
    """`dedupe.formats.<module>.<function>(*args)` in the capped child; a `FormatError` when it
    fails, needs more than `memory` bytes, or takes longer than `seconds`."""
    child = _Child.current()
    try:
        reply = child.ask((module, function, args, memory), seconds)
    except _TimedOut:
        child.stop()
        raise FormatError(f"extraction took longer than {seconds:g} s") from None
    except _Died:
        child.stop()
        raise FormatError(f"the reader stopped (over the memory bound of {_size(memory)}, or it crashed)") from None
    kind, value = reply
    if kind == "memory":
        child.stop()  # a fresh child for the next file: this one may hold on to what it got
        raise FormatError(f"extraction needs more memory than the bound of {_size(memory)} (max_extract_memory)")
    if kind == "error":
        raise FormatError(str(value))
    return value


def _size(memory: int) -> str:
    return f"{memory / 2**20:,.0f} MiB"


# The child needs the readers only: `dedupe` is made a bare package, so that its __init__ (the
# detection, numpy: 0.4 s of imports) is not loaded.
_CHILD = """import sys, types
sys.modules["dedupe"] = package = types.ModuleType("dedupe")
package.__path__ = [{package!r}]
from dedupe.formats.isolated import serve
serve()
"""


class _TimedOut(Exception):
    pass


class _Died(Exception):
    pass


class _Child:
    """The child of this process and thread: a Dask worker's threads each have their own, and a
    forked worker does not use its parent's."""

    _local = threading.local()

    def __init__(self) -> None:
        package = str(Path(__file__).resolve().parents[1])
        command = _CHILD.format(package=package)
        self.owner = os.getpid()
        self.process = subprocess.Popen(
            [sys.executable, "-c", command], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        atexit.register(self.stop)

    @classmethod
    def current(cls) -> _Child:
        child: _Child | None = getattr(cls._local, "child", None)
        if child is None or child.owner != os.getpid() or child.process.poll() is not None:
            child = cls._local.child = cls()
        return child

    def ask(self, request: object, seconds: float) -> tuple[str, object]:
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            _write(self.process.stdin, pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))
        except (BrokenPipeError, OSError):
            raise _Died from None
        reply = _read(self.process.stdout, time.monotonic() + seconds)
        kind, value = pickle.loads(reply)
        return str(kind), value

    def stop(self) -> None:
        """End the child now (it would end by itself when its input closes), and reap it."""
        if self.owner != os.getpid():
            return
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        if getattr(self._local, "child", None) is self:
            self._local.child = None


def _write(stream: IO[bytes], data: bytes) -> None:
    stream.write(_FRAME.pack(len(data)) + data)
    stream.flush()


def _read(stream: IO[bytes], deadline: float) -> bytes:
    """A frame from the child, waiting no later than `deadline`."""
    fd = stream.fileno()
    data = bytearray()
    wanted = _FRAME.size
    header_read = False
    while len(data) < wanted:
        left = deadline - time.monotonic()
        if left <= 0:
            raise _TimedOut
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            raise _TimedOut
        chunk = os.read(fd, min(wanted - len(data), 1 << 20))
        if not chunk:
            raise _Died
        data += chunk
        if not header_read and len(data) == _FRAME.size:
            wanted, header_read = _FRAME.size + _FRAME.unpack(data)[0], True
    return bytes(data[_FRAME.size :])


def serve() -> None:
    """The child's loop: read a request, cap memory, run the reader, send the reply; end at EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    requests, replies = sys.stdin.buffer, sys.stdout.buffer
    while header := requests.read(_FRAME.size):
        module, function, args, memory = pickle.loads(requests.read(_FRAME.unpack(header)[0]))
        reader = getattr(importlib.import_module(f"dedupe.formats.{module}"), function)
        resident = _cap(memory)
        try:
            reply: tuple[str, object] = ("ok", reader(*args))
        except BaseException as error:  # every failure is the file's, told in one line
            reply = ("memory", "") if _for_want_of_memory(error, resident, memory) else ("error", _reason(error))
        finally:
            _cap(0)
        _write(replies, pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))


def _cap(memory: int) -> int:
    """Cap the address space at its size now plus `memory` (0: uncap), start measuring the peak
    resident size afresh, and give the resident size now. Without /proc (not Linux) the sizes
    are unknown, and the child is left uncapped."""
    if resource is None or not os.path.exists(_STATM):
        return 0
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    with open(_STATM) as statm:
        size, resident = (int(pages) * os.sysconf("SC_PAGE_SIZE") for pages in statm.read().split()[:2])
    soft = hard if memory == 0 else size + memory
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # resets VmHWM, the peak resident size
    return resident


def _peak_resident() -> int:
    if not os.path.exists(_STATUS):
        return 0
    with open(_STATUS) as status:
        line = next((line for line in status if line.startswith("VmHWM:")), "VmHWM: 0 kB")
    return int(line.split()[1]) * 1024


def _for_want_of_memory(error: BaseException | None, resident: int, memory: int) -> bool:
    """Whether the reader failed for want of memory: a MemoryError (or one raised during it), or
    any error after the reader had filled most of the bound (a C library says so in its own
    words, or not at all: lxml raises "unknown error")."""
    if memory and _peak_resident() - resident > memory * _NEAR_BOUND:
        return True
    while error is not None:
        if isinstance(error, MemoryError):
            return True
        error = error.__cause__ or error.__context__
    return False


def _reason(error: BaseException) -> str:
    if isinstance(error, FormatError):
        return str(error)
    return f"the reader failed ({type(error).__name__}: {error})"
