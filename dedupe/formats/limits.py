"""Bounds on one file's extraction: sizes checked before parsing, and time and memory.

A reader's library works in C; a malformed file could keep it busy or make it allocate without
end. The size checks keep what is decompressed or parsed within `max_file_bytes`. Time and memory
are bounded by the capped child that reads the file (`dedupe.formats.isolated`); with no memory
bound (`max_extract_memory = 0`) the file is read here, and an alarm interrupts the reader
between calls back into Python (every page, every paragraph).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

from dedupe.formats.registry import FormatError

SECONDS_PER_FILE = 60.0
MAX_PAGES = 5000  # a PDF's pages read; a longer one is read in part and says so


class _OutOfTime(BaseException):
    """Raised by the alarm; a BaseException, so a library's `except Exception` does not swallow it."""


@contextlib.contextmanager
def bounded(seconds: float = SECONDS_PER_FILE) -> Iterator[None]:
    """Run the block for at most `seconds` (in the main thread, where signals are delivered;
    elsewhere, unbounded in time). Memory errors become a one-line `FormatError` too."""
    if threading.current_thread() is not threading.main_thread():
        with _memory():
            yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        with _memory():
            yield
    except _OutOfTime:
        raise FormatError(f"extraction took longer than {seconds:g} s") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _memory() -> Iterator[None]:
    try:
        yield
    except MemoryError:
        raise FormatError("extraction ran out of memory") from None


def check_size(size: int, limit: int, what: str) -> None:
    """Refuse to expand `what` beyond `limit` bytes (a zip or gzip bomb)."""
    if size > limit:
        raise FormatError(f"{what} unpacks to more than max_file_bytes ({limit:,} bytes)")
