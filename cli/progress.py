"""Progress on stderr, shown only to a person watching a terminal: a rich bar where colour is
welcome, plain text otherwise (--color never, NO_COLOR, TERM=dumb), since the bar's cursor moves
and line erasures are escape codes too."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import TaskID

ProgressCallback = Callable[[str, int, int], None]
_PLAIN_EVERY = 0.1  # seconds between two rewrites of the plain line: a terminal need not see more


@contextmanager
def progress_bar(quiet: bool, color: str = "auto") -> Iterator[ProgressCallback | None]:
    """The progress callback for a scan, or none when nobody watches; `color` is --color's value.
    Quiet, or with no terminal to show it on (a commit hook), it does not import rich's
    progress display."""
    if quiet:
        yield None
        return
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    if color == "never" or (color == "auto" and (console.no_color or console.is_dumb_terminal)):
        plain = _PlainProgress(console.file)
        try:
            yield plain.update
        finally:
            plain.clear()
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description:>10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


class _PlainProgress:
    """One line, `  reading 120/4,000`, rewritten after a carriage return (as git prints its
    progress) and blanked at the end, so the report starts on a clean line."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream, self.width, self.shown_at = stream, 0, 0.0

    def update(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.shown_at < _PLAIN_EVERY:
            return
        self.shown_at = now
        line = f"{stage:>10} {done:,}/{total:,}"
        self._write("\r" + line.ljust(self.width))
        self.width = max(self.width, len(line))

    def clear(self) -> None:
        if self.width:
            self._write("\r" + " " * self.width + "\r")

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()
