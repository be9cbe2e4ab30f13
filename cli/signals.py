"""Ctrl-C and SIGTERM: one line, dedupe's temporary files removed, the workers ended, exit at once.

Python's default turns SIGINT into KeyboardInterrupt wherever the main thread is: during the
imports (a traceback, exit -2), inside click (exit 1), or while the process pool shuts down,
whose manager thread the interpreter then joins at exit, sometimes forever. Instead the handler
removes what `leftovers` has registered, kills the worker processes, prints one line and leaves
with `os._exit`: 130 for SIGINT, 143 for SIGTERM (128 + the signal, as shells report it). Files
are never half-written by this: each is renamed into place whole, and a temporary file is
removed, never renamed, by the handler.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from types import FrameType

_ENDINGS = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated"}
_main = 0


def install() -> None:
    """Handle SIGINT and SIGTERM in this process (the main one) from now on."""
    global _main
    _main = os.getpid()
    for number in _ENDINGS:
        signal.signal(number, _stop)


def _stop(number: int, _frame: FrameType | None) -> None:
    if os.getpid() != _main:  # a forked worker (`scan` has them ignore SIGINT once started)
        if number != signal.SIGINT:
            os._exit(128 + number)
        return
    for other in _ENDINGS:
        signal.signal(other, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
    leftovers = sys.modules.get("dedupe.sinks.leftovers")  # not imported here: importing the
    if leftovers is not None:  # `dedupe` package would delay these handlers by the whole library
        leftovers.remove_registered()
    _end_workers()
    with contextlib.suppress(OSError):
        os.write(2, f"dedupe: {_ENDINGS[signal.Signals(number)]}\n".encode())
    os._exit(128 + number)


def _end_workers() -> None:
    """Kill this process's multiprocessing children (the pool's workers), if it has any, and
    its helpers (the fork server, and the resource tracker, which would warn of the pool's
    semaphores left behind: they are unlinked at creation, nothing is leaked)."""
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is None:
        return
    pids: list[int | None] = []
    with contextlib.suppress(Exception):
        pids += [child.pid for child in multiprocessing.active_children()]
    for module, server, attribute in (
        ("forkserver", "_forkserver", "_forkserver_pid"),
        ("resource_tracker", "_resource_tracker", "_pid"),
    ):
        helper = getattr(sys.modules.get(f"multiprocessing.{module}"), server, None)
        pids.append(getattr(helper, attribute, None))
    for pid in pids:
        if pid:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
