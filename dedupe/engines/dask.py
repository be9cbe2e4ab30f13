"""The Dask engine: the same stages on a Dask distributed cluster, local or remote.

`DaskEngine()` starts a local cluster; `DaskEngine("tcp://host:8786")` joins an existing one.
Files must be readable by the workers at the paths the driver names (a shared filesystem mounted
at the same place, or fsspec URLs the workers can reach): each worker is moved to the driver's
working folder, so relative paths work.
Analyses stay on the workers (`submit` returns futures); the driver gathers only what the report
shows for each file, the candidate pairs from the bucketed map/reduce, and resolved components.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from dedupe.engines.base import ClosedOnExit
from dedupe.errors import DedupeError

T = TypeVar("T")
R = TypeVar("R")
SCHEDULER_VARIABLE = "DEDUPE_SCHEDULER"
# The nanny sets MALLOC_TRIM_THRESHOLD_ for its workers, which made the numpy stages 2x slower.
UNSET_MALLOC_TRIM = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


class EngineError(DedupeError):
    """The cluster could not be used (not installed, not reachable)."""


class DaskEngine(ClosedOnExit):
    """Per-item work as Dask futures. `workers` sizes batches: the cluster's thread count."""

    local = False

    def __init__(self, scheduler: str | None = None, workers: int = 0) -> None:
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError:
            raise EngineError("the Dask engine needs Dask: pip install 'dedupe-articles[dask]'") from None
        dask.config.set(UNSET_MALLOC_TRIM)
        scheduler = scheduler or os.environ.get(SCHEDULER_VARIABLE) or None
        self._cluster: Any = None
        try:
            if scheduler is None:
                self._cluster = LocalCluster(
                    n_workers=workers or None, threads_per_worker=1, processes=True, dashboard_address=None
                )
                self.client: Any = Client(self._cluster)
            else:
                self.client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as error:
            self.close()
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
        self.workers = max(1, sum(self.client.nthreads().values()))
        self.client.run(os.chdir, os.getcwd())  # relative paths name the same files on the workers

    def submit(self, function: Callable[..., R], *arguments: object) -> Any:
        """A future of `function(*arguments)` on a worker; futures among the arguments are
        resolved there, not brought to the driver."""
        return self.client.submit(function, *arguments, pure=False)

    def gather(self, futures: Sequence[Any]) -> list[Any]:
        return list(self.client.gather(list(futures)))

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        futures = self.client.map(function, items, pure=False)
        try:
            for future in futures:
                yield future.result()
        except BaseException:
            self.client.cancel(futures)
            raise

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
