"""Where work runs: in this process, a local process pool, or a Dask cluster (issue 14).

`batch`, `stories` and :func:`newsbrief.analyze.analyze_many` hand a function and its inputs to an
:class:`Executor` and read the results back; none of them knows where the work ran::

    with executor_for(processes=2) as ex:             # or cluster="tcp://host:8786", or "local:4"
        for result in ex.map(brief_one, tasks, setup=(load_model, settings)):
            ...

``setup`` is ``(callable, *args)``, run once per worker process before its first task (the spaCy
pipeline is loaded once per process, not once per task): a per-process cache keyed by the setup,
so it works the same in a forked pool, a Dask worker or this process.

Dask is an optional extra (``pip install 'newsbrief[cluster]'``), imported only by
:class:`DaskExecutor`. Task functions and their arguments must be picklable module-level objects.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .errors import ClusterError, ConfigError, WorkerLost

log = logging.getLogger(__name__)

Setup = tuple  # (callable, *args), picklable

# Setups already run in this process, by their pickled form.
_ready: set[bytes] = set()
_ready_lock = threading.Lock()


def ensure_setup(setup: Setup | None) -> None:
    """Run ``setup`` unless this process already has (thread-safe: a Dask worker may run threads)."""
    if not setup:
        return
    key = pickle.dumps(setup)
    if key in _ready:
        return
    with _ready_lock:
        if key not in _ready:
            setup[0](*setup[1:])
            _ready.add(key)


def _call(setup: Setup | None, fn: Callable, item: Any) -> Any:
    ensure_setup(setup)
    return fn(item)


class Executor:
    """Runs a function over items, somewhere; subclasses decide where.

    ``map`` yields results in input order; ``as_completed`` yields ``(index, result)`` as tasks
    finish. Both raise :class:`WorkerLost` (local pool) or :class:`ClusterError` (cluster) when
    tasks cannot be finished, after yielding every result that was.
    """

    name = "this process"
    workers = 1
    dashboard: str | None = None

    def map(self, fn: Callable, items: Iterable, *, setup: Setup | None = None) -> Iterator:
        items = list(items)
        done: dict[int, Any] = {}
        want = 0
        for index, result in self.as_completed(fn, items, setup=setup):
            done[index] = result
            while want in done:
                yield done.pop(want)
                want += 1

    def as_completed(self, fn: Callable, items: Iterable, *, setup: Setup | None = None) -> Iterator[tuple[int, Any]]:
        for index, item in enumerate(items):
            yield index, _call(setup, fn, item)

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class InProcess(Executor):
    """Every task in this process, one after another (``--processes 1``)."""


class LocalPool(Executor):
    """A pool of forked worker processes on this machine (``--processes N``)."""

    def __init__(self, processes: int) -> None:
        if processes < 1:
            raise ConfigError(f"--processes must be at least 1, got {processes}")
        self.workers = processes
        self.name = f"{processes} local processes"

    def as_completed(self, fn, items, *, setup=None):
        items = list(items)
        if self.workers <= 1 or len(items) <= 1:
            yield from super().as_completed(fn, items, setup=setup)
            return
        # fork: workers inherit the imported modules (spaCy, scikit-learn), so starting one costs
        # milliseconds instead of the seconds a fresh interpreter needs to import them.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        # An executor, not multiprocessing.Pool: when a worker dies (OOM killer, kill -9) a Pool
        # waits forever for its task, an executor raises BrokenProcessPool.
        pool = ProcessPoolExecutor(
            min(self.workers, len(items)), mp_context=multiprocessing.get_context(method),
            initializer=ensure_setup, initargs=(setup,),
        )
        finished = False
        try:
            from concurrent.futures import as_completed

            futures = {pool.submit(_call, None, fn, item): i for i, item in enumerate(items)}
            lost = 0
            for future in as_completed(futures):
                try:
                    result = future.result()
                except BrokenProcessPool:
                    lost += 1  # keep going: tasks that finished before the crash are still yielded
                    continue
                yield futures[future], result
            if lost:
                raise WorkerLost(f"a worker process died (killed, or out of memory?); {lost} tasks were not run", lost)
            finished = True
        finally:
            # On an error or Ctrl-C, drop the queued tasks instead of waiting for all of them...
            workers = list((getattr(pool, "_processes", None) or {}).values())
            # Every task done: wait for the pool's threads, which costs nothing now. Left running
            # (wait=False), they can write to a pipe the shutdown closed and print an "Exception
            # ignored ... Bad file descriptor" traceback at exit (CPython gh-83279, gh-132969).
            pool.shutdown(wait=finished, cancel_futures=True)
            if not finished:
                # ...and stop the ones in flight: nothing of theirs is used, a re-run repeats them.
                for worker in workers:
                    worker.terminate()


class DaskExecutor(Executor):
    """Tasks on a Dask distributed cluster: ``tcp://host:8786`` (a running scheduler) or ``local:N``.

    A worker that dies mid-task (SIGKILL, OOM) is replaced by the scheduler rerunning its tasks on
    the others; the scheduler going away is a :class:`ClusterError` naming it.
    """

    def __init__(self, address: str, *, quiet_logs: bool = True) -> None:
        try:
            import distributed
        except ImportError as exc:
            raise ConfigError(
                f"--cluster needs the [cluster] extra: pip install 'newsbrief[cluster]' ({exc.name} is missing)"
            ) from None
        if quiet_logs:
            # The client's own warnings (lost workers it recovers from) are not the user's problem.
            for name in ("distributed", "distributed.client", "distributed.scheduler", "distributed.nanny"):
                logging.getLogger(name).setLevel(logging.CRITICAL)
        self.address = address
        self._cluster = None
        try:
            if address.startswith("local:"):
                self._cluster = _local_cluster(address)
                target = self._cluster
            elif "://" in address or ":" in address:
                target = address
            else:
                raise ConfigError(f"--cluster must be tcp://HOST:PORT or local:N, got {address!r}")
            self.client = distributed.Client(target, timeout="20s", set_as_default=False)
        except ConfigError:
            raise
        except (OSError, TimeoutError) as exc:
            self.close()
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        info = self.client.scheduler_info(n_workers=-1) if _takes_n_workers(self.client) else self.client.scheduler_info()
        self.workers = max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))
        self.name = f"Dask cluster {address} ({self.workers} worker threads)"
        has_page = "dashboard" in info.get("services", {}) and not (self._cluster is not None and not _has_bokeh())
        self.dashboard = self.client.dashboard_link if has_page else None

    def as_completed(self, fn, items, *, setup=None):
        from distributed import as_completed

        items = list(items)
        futures = []
        try:
            try:
                futures = [self.client.submit(_call, setup, fn, item, pure=False) for item in items]
                index = {f.key: i for i, f in enumerate(futures)}
                for future in as_completed(futures, loop=self.client.loop):
                    yield index[future.key], self._result(future)
            except ClusterError:
                raise
            except (OSError, TimeoutError) as exc:
                raise self._lost(exc) from None
            except Exception as exc:
                if _is_cluster_failure(exc):
                    raise self._lost(exc) from None
                raise
        finally:
            if futures:
                try:
                    self.client.cancel(futures)
                except Exception:  # the scheduler may already be gone; nothing left to cancel then
                    pass

    def _result(self, future):
        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker as exc:
            raise ClusterError(
                f"a task killed every Dask worker that ran it (out of memory?): {exc}; run the same command again "
                "to retry what is missing"
            ) from None

    def _lost(self, exc: BaseException) -> ClusterError:
        # A cancelled future's own text ("_call-3b77... cancelled for reason: unknown") says nothing useful.
        reason = (str(exc).splitlines() or [""])[0] if isinstance(exc, OSError) else ""
        reason = reason or "connection closed"
        return ClusterError(
            f"lost the Dask scheduler at {self.address} ({reason}); finished work is kept: run the same command "
            "again to finish the rest"
        )

    def close(self) -> None:
        client, self.client = getattr(self, "client", None), None
        if client is not None:
            try:
                client.close(timeout=5)
            except Exception:  # closing a client whose scheduler is gone must not mask the real error
                pass
        if self._cluster is not None:
            try:
                self._cluster.close(timeout=10)
            except Exception:
                pass
            self._cluster = None


def _local_cluster(address: str):
    from distributed import LocalCluster

    try:
        n = int(address.split(":", 1)[1])
    except ValueError:
        n = 0
    if n < 1:
        raise ConfigError(f"--cluster local:N needs a whole number of workers N >= 1, got {address!r}")
    # A free port, never 8787: a second cluster on the machine (another run, a test) must not collide.
    # Without bokeh the scheduler serves no dashboard page, only its HTTP routes.
    dashboard = "127.0.0.1:0"
    # One thread per worker process: spaCy and our stages hold the GIL, so threads would not help.
    return LocalCluster(
        n_workers=n, threads_per_worker=1, processes=True, dashboard_address=dashboard,
        host="127.0.0.1", silence_logs=logging.CRITICAL,
    )


def _has_bokeh() -> bool:
    import importlib.util

    return importlib.util.find_spec("bokeh") is not None


def _takes_n_workers(client) -> bool:
    import inspect

    return "n_workers" in inspect.signature(client.scheduler_info).parameters


def _is_cluster_failure(exc: BaseException) -> bool:
    """The connection to the scheduler broke (as opposed to a bug in a task)."""
    from distributed.client import FutureCancelledError
    from distributed.comm.core import CommClosedError

    return isinstance(exc, (CommClosedError, FutureCancelledError)) or type(exc).__name__ in (
        "CancelledError", "FutureCancelledError", "CommClosedError",
    )


def executor_for(*, processes: int | None = 1, cluster: str | None = None) -> Executor:
    """The executor for ``--processes`` / ``--cluster``: a cluster when given, else a pool of N, else this process.

    Args:
        processes: local worker processes; None means one per core.
        cluster: ``tcp://host:8786`` or ``local:N``; None stays on this machine.

    Raises:
        ConfigError: a bad address or count, or Dask is not installed.
        ClusterError: the scheduler cannot be reached.
    """
    if cluster:
        return DaskExecutor(cluster)
    if processes is None:
        processes = os.cpu_count() or 1
    return LocalPool(processes) if processes > 1 else InProcess()
