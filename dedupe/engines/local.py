"""The local engines: in this process, or a pool of worker processes on this machine.

The pool starts its workers with an explicit method chosen when it starts: `fork` while this
process has no other thread (the cheapest, and a Ctrl-C during start-up finds the handlers
already installed), else `forkserver` (or `spawn`): never a fork of a process whose other
threads (a progress display, a Dask client) may hold locks the child would inherit locked.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import forkserver, resource_tracker
from typing import TypeVar

from dedupe.engines.base import ClosedOnExit

T = TypeVar("T")
R = TypeVar("R")
_PRELOAD = ["dedupe.stages.analyze", "dedupe.stages.duplicates"]  # imported once, before workers fork


class Serial(ClosedOnExit):
    """Everything in this process, in order."""

    workers = 1
    local = True

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        return map(function, items)

    def close(self) -> None:
        """Nothing to release."""


class ProcessPool(ClosedOnExit):
    """`workers` processes, started on first use and kept for every later stage of the run."""

    local = True

    def __init__(self, workers: int = 0, start_method: str | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.start_method = start_method
        self._pool: ProcessPoolExecutor | None = None

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        if self.workers == 1 or len(items) < 2:
            return map(function, items)
        return self._mapped(function, items)

    def _mapped(self, function: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        pool = self._started()
        try:
            yield from pool.map(function, items)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
            raise

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self.start_method = self.start_method or _start_method()
            context = multiprocessing.get_context(self.start_method)
            with _interrupts_ignored():  # the helper processes are born ignoring Ctrl-C
                if self.start_method == "forkserver":
                    context.set_forkserver_preload(_PRELOAD)
                    forkserver.ensure_running()
                    resource_tracker.ensure_running()
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_ignore_interrupts)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _start_method() -> str:
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


@contextmanager
def _interrupts_ignored() -> Iterator[None]:
    """SIGINT ignored while helper processes are spawned: they start ignoring it (a fresh
    interpreter hit by the terminal's Ctrl-C in its start-up prints a fatal error), and the main
    process alone answers. The window is the spawning call, not the helpers' start-up."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C reaches the whole process group, and only the main process answers it
    (a worker's KeyboardInterrupt would print a traceback of its own)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
