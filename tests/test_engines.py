"""The local engines: the pool never forks a process that runs other threads."""

from __future__ import annotations

import threading

from dedupe.engines.local import ProcessPool, Serial


def _square(n: int) -> int:
    return n * n


def test_with_a_thread_running_the_pool_starts_through_a_fork_server() -> None:
    stop = threading.Event()
    progress = threading.Thread(target=stop.wait)  # as rich's progress display runs beside a scan
    progress.start()
    try:
        with ProcessPool(2) as pool:
            assert list(pool.map(_square, range(20))) == list(Serial().map(_square, range(20)))
            assert pool.start_method == "forkserver"
    finally:
        stop.set()
        progress.join()


def test_without_threads_the_pool_forks() -> None:
    with ProcessPool(2) as pool:
        assert list(pool.map(_square, range(5))) == [0, 1, 4, 9, 16]
        assert pool.start_method == "fork"
