"""What the pipeline asks of an engine."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Engine(Protocol):
    """Runs a picklable function over picklable items; results come back in the items' order.

    `workers` sizes the batches; `shares_memory` says whether items reach the function without
    being copied (then records may carry what was already computed, like shingle sets)."""

    workers: int
    shares_memory: bool

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> Iterator[R]: ...

    def close(self) -> None: ...
