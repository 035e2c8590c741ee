"""Engines: where a stage's tasks run.

A stage that works on parts of the corpus (a partition of inputs, a batch of sentences,
one story) is a module-level function over picklable records; an engine runs a list of
such tasks and yields each result as it finishes. ``analyze`` and ``batch`` hand their
tasks to the same engines, so the pipeline exists once:

- ``inline``: in this process, one task after the other (``analyze``'s default);
- ``local``: a pool of worker processes on this machine's cores;
- ``dask``: ``dask.distributed`` workers, of a ``LocalCluster`` or of the cluster behind
  a scheduler's address.

Workers load the models once per process (``worker_models``).
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from .errors import UsageError
from .lifeline import watch_owner
from .nlp import Models

__all__ = [
    "ENGINES",
    "DaskEngine",
    "Engine",
    "InlineEngine",
    "LocalEngine",
    "resolve_device",
    "start_engine",
    "worker_models",
]

ENGINES = ("inline", "local", "dask")
# A failed task is tried this many more times before it is given up.
RETRIES = 2
# Tasks submitted ahead per worker: enough to keep every worker busy while results come
# back, few enough that the driver never holds every task's arguments at once (tasks
# are drawn from their iterable only as places free up).
IN_FLIGHT_PER_WORKER = 3

_models: Models | None = None


def resolve_device(device: str) -> str:
    """The encoder's device: ``auto`` is ``cuda`` when torch sees a CUDA device."""
    if device != "auto":
        return device
    try:
        import torch

        return "cuda" if torch.cuda.is_available() else "cpu"
    except ImportError:  # pragma: no cover - torch is a dependency
        return "cpu"


def worker_models(device: str, threads: int | None) -> Models:
    """This process's models, loaded once. The encoder gets ``threads`` threads so that
    the workers of one machine together use its cores once, not once each."""
    global _models
    if _models is None:
        # One parser process per worker: the workers are the parallelism.
        models = Models(device=resolve_device(device), processes=1, threads=threads)
        if threads and models.precision == "float32":
            import torch

            torch.set_num_threads(threads)
        models.load()  # now, timed as loading
        _models = models
    return _models


def _init_local_worker(threads: int) -> None:
    # a worker ends with the driver, however the driver ended
    watch_owner()
    # For the OpenMP and MKL pools of libraries that start them later (torch's own
    # thread count is set when the models load).
    os.environ["OMP_NUM_THREADS"] = str(threads)
    os.environ["MKL_NUM_THREADS"] = str(threads)


class Engine(Protocol):
    """Runs a stage's tasks: module-level functions of picklable arguments."""

    workers: int
    threads: int | None
    dashboard: str | None

    def run(
        self, function: Callable[..., Any], tasks: Iterable[tuple[Any, ...]], name: str
    ) -> Iterator[tuple[int, Any]]:
        """Yield (task index, result or the exception of its last try), as they finish.
        ``tasks`` is drawn lazily: a generator's tasks are made as workers free up."""
        ...

    def close(self) -> None: ...


class InlineEngine:
    """Runs each task in this process, in order: no pickling, the caller's models."""

    workers = 1
    threads: int | None = None
    dashboard: str | None = None

    def run(
        self, function: Callable[..., Any], tasks: Iterable[tuple[Any, ...]], name: str
    ) -> Iterator[tuple[int, Any]]:
        for index, task in enumerate(tasks):
            try:
                result = function(*task)
            except Exception as error:  # the caller decides, as with the other engines
                yield index, error
            else:
                yield index, result

    def close(self) -> None:
        pass


class LocalEngine:
    """A pool of worker processes on this machine, each with its own models. A task that
    raises is retried; a worker that dies (killed, out of memory) takes down the pool,
    which is started again and the unfinished tasks resubmitted."""

    def __init__(self, workers: int, retries: int = RETRIES) -> None:
        self.workers = workers
        self.threads: int | None = max(1, (os.cpu_count() or 1) // workers)
        self.retries = retries
        self.dashboard = None
        self._pool: ProcessPoolExecutor | None = None

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn: a fresh interpreter per worker, safe with threads and torch.
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_local_worker,
                initargs=(self.threads or 1,),
            )
        return self._pool

    def _retire(self, pool: ProcessPoolExecutor) -> None:
        """Shut down a broken pool; a newer one (a run within this run may have started
        it) stays."""
        pool.shutdown(wait=False, cancel_futures=True)
        if self._pool is pool:
            self._pool = None

    def _submit(
        self, function: Callable[..., Any], arguments: tuple[Any, ...]
    ) -> tuple[Future, ProcessPoolExecutor]:
        pool = self._start()
        try:
            return pool.submit(function, *arguments), pool
        except (BrokenProcessPool, RuntimeError):
            # broken, or shut down by a run within this one, since it was started
            self._retire(pool)
            pool = self._start()
            return pool.submit(function, *arguments), pool

    def run(
        self, function: Callable[..., Any], tasks: Iterable[tuple[Any, ...]], name: str
    ) -> Iterator[tuple[int, Any]]:
        drawn = enumerate(tasks)
        limit = IN_FLIGHT_PER_WORKER * self.workers
        # the arguments of the tasks in flight or waiting for another try
        arguments: dict[int, tuple[Any, ...]] = {}
        tries: dict[int, int] = {}
        # each task in flight, with the pool it went to: drawing a task may start a run
        # within this one, which may replace a broken pool
        pending: dict[Future, tuple[int, ProcessPoolExecutor]] = {}
        waiting: list[int] = []
        exhausted = False
        while True:
            while len(pending) < limit:
                if waiting:
                    index = waiting.pop(0)
                elif not exhausted:
                    drawn_next = next(drawn, None)
                    if drawn_next is None:
                        exhausted = True
                        continue
                    index, arguments[index] = drawn_next
                    tries[index] = 0
                else:
                    break
                future, pool = self._submit(function, arguments[index])
                pending[future] = (index, pool)
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken: set[ProcessPoolExecutor] = set()
            for future in done:
                index, pool = pending.pop(future)
                error = future.exception()
                if error is None:
                    del arguments[index], tries[index]
                    yield index, future.result()
                    continue
                if isinstance(error, BrokenProcessPool):
                    broken.add(pool)
                tries[index] += 1
                if tries[index] > self.retries:
                    del arguments[index], tries[index]
                    yield index, error
                else:
                    waiting.append(index)
            for pool in broken:
                # Every task in flight in a pool that broke died with it: all go again.
                for future, (index, owner) in list(pending.items()):
                    if owner is not pool:
                        continue
                    del pending[future]
                    future.cancel()
                    tries[index] += 1
                    if tries[index] > self.retries:
                        del arguments[index], tries[index]
                        yield index, BrokenProcessPool("a worker process died")
                    else:
                        waiting.append(index)
                self._retire(pool)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskEngine:
    """``dask.distributed``: a ``LocalCluster`` of ``workers`` single-threaded processes,
    or an existing cluster through its scheduler's address. Dask retries failed tasks
    and reschedules the tasks of a worker that dies."""

    def __init__(
        self, workers: int | None, scheduler: str | None = None, retries: int = RETRIES
    ) -> None:
        from dask.distributed import Client, LocalCluster

        self.retries = retries
        self._cluster = None
        if scheduler:
            self.client = Client(scheduler)
            info = self.client.scheduler_info(n_workers=-1)["workers"]
            self.workers = len(info) or 1
            # Unknown hardware: each worker decides from its own cores (see below).
            self.threads = None
        else:
            self.workers = workers or os.cpu_count() or 1
            self.threads = max(1, (os.cpu_count() or 1) // self.workers)
            has_bokeh = importlib.util.find_spec("bokeh") is not None
            self._cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                # a free port: other clusters may run on this machine
                dashboard_address=":0" if has_bokeh else None,
                silence_logs=logging.ERROR,
                env={"OMP_NUM_THREADS": str(self.threads), "MKL_NUM_THREADS": str(self.threads)},
            )
            self.client = Client(self._cluster)
            # the cluster's processes end with this one, however it ends
            from .dask_watch import NannyOwnerWatch, OwnerWatch

            self.client.register_plugin(NannyOwnerWatch(os.getpid()))
            self.client.register_plugin(OwnerWatch(os.getpid()))
        self.dashboard = self.client.dashboard_link if (scheduler or self._cluster) else None
        if self._cluster is not None and importlib.util.find_spec("bokeh") is None:
            self.dashboard = None

    def run(
        self, function: Callable[..., Any], tasks: Iterable[tuple[Any, ...]], name: str
    ) -> Iterator[tuple[int, Any]]:
        from dask.distributed import as_completed

        token = hashlib.blake2b(os.urandom(8), digest_size=4).hexdigest()
        drawn = enumerate(tasks)
        futures: dict[Any, int] = {}

        def submit() -> bool:
            found = next(drawn, None)
            if found is None:
                return False
            index, task = found
            future = self.client.submit(
                function, *task, retries=self.retries, pure=False, key=f"{name}-{token}-{index}"
            )
            futures[future] = index
            running.add(future)
            return True

        running = as_completed()
        for _ in range(IN_FLIGHT_PER_WORKER * self.workers):
            if not submit():
                break
        for future in running:
            index = futures.pop(future)
            if future.status == "finished":
                yield index, future.result()
            else:
                yield index, future.exception()
            future.release()
            submit()

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def start_engine(
    kind: str, workers: int | None = None, scheduler: str | None = None, retries: int = RETRIES
) -> Engine:
    """An engine of ``kind`` (one of ``ENGINES``); ``workers`` default to the cores."""
    if kind == "dask":
        try:
            return DaskEngine(workers, scheduler, retries)
        except ImportError:
            raise UsageError(
                "the dask engine needs dask.distributed: pip install 'distributed'"
            ) from None
    if kind == "inline":
        return InlineEngine()
    return LocalEngine(workers or os.cpu_count() or 1, retries)
