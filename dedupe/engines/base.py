"""What the pipeline asks of an engine."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, Self, TypeVar, runtime_checkable

T = TypeVar("T")
R = TypeVar("R")


class Engine(Protocol):
    """Runs a picklable function over picklable items; results come back in the items' order.

    `workers` sizes the batches; `local` says whether the work runs on this machine, where
    records may carry what was already computed (shingle sets) more cheaply than it is redone."""

    workers: int
    local: bool

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


class ClosedOnExit:
    """`with engine:` closes the engine however the block ends; every engine inherits it."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@runtime_checkable
class Distributed(Engine, Protocol):
    """An engine whose workers keep results (futures) for later stages, so that what the driver
    receives does not grow with the signatures."""

    def submit(self, function: Callable[..., R], *arguments: object) -> Any: ...

    def gather(self, futures: Sequence[Any]) -> list[Any]: ...
