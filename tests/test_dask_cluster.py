"""Batch on a real Dask cluster of separate OS processes: a ``dask scheduler`` and a
``dask worker`` (two single-threaded worker processes under their nannies), started
here as ``python -m dask`` subprocesses on free local ports, give the report the local
engine gives for the same inputs and options.

Every process is started in a session (process group) of its own and the fixture's
finalizer kills each group, whatever the test did; a watchdog kills them too once the
whole module has run too long, so a stuck cluster fails the test instead of hanging CI.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from newsprism.batch import BatchOptions, run_batch
from newsprism.outlets import load_registry

from .conftest import EXAMPLES, ROOT

# Small partitions: the example corpus (11 articles, two multi-article stories, copies
# among them) spreads over several tasks, and so over both workers.
PARTITION = 3
OUTLETS = EXAMPLES.parent / "outlets.csv"
WORKERS = 2
# Seconds allowed: the cluster to come up and its workers to register; one batch run;
# the whole module (the watchdog then kills the cluster, which fails a run in flight).
START_TIMEOUT = 120
RUN_TIMEOUT = 300
MODULE_TIMEOUT = 900
# Seconds a process has to exit after SIGTERM before it gets SIGKILL.
STOP_TIMEOUT = 10


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """The scheduler and worker processes, their logs, and how to stop them."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.logs: list[Path] = []
        self.address = ""
        # The workers must import the newsprism under test (this checkout), not some
        # other installed copy: put it first on their path.
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
            ),
        }

    def start(self, name: str, arguments: list[str]) -> subprocess.Popen:
        log = self.directory / f"{name}.log"
        self.logs.append(log)
        with open(log, "wb") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "dask", *arguments],
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                env=self.env,
                cwd=self.directory,
                # a process group of its own: the nannies' worker processes are in it too
                start_new_session=True,
            )
        self.processes.append((name, process))
        return process

    def fail(self, why: str) -> None:
        """Fail the test with ``why`` and the end of every process's log."""
        tails = []
        for log in self.logs:
            text = log.read_text(errors="replace") if log.exists() else ""
            tails.append(f"--- {log.name} (last lines) ---\n" + "\n".join(text.splitlines()[-30:]))
        pytest.fail(f"{why}\n" + "\n".join(tails), pytrace=False)

    def check_alive(self) -> None:
        for name, process in self.processes:
            if process.poll() is not None:
                self.fail(f"the dask {name} process exited early (code {process.returncode})")

    def stop(self) -> None:
        """SIGTERM to each process group, SIGKILL to whatever is left after a while."""
        for _, process in self.processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for _, process in self.processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
        for _, process in self.processes:
            # the whole group, also when its leader exited and left children behind
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=STOP_TIMEOUT)


def wait_for_port(cluster: Cluster, port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        cluster.check_alive()
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.2)
    cluster.fail(f"the dask scheduler did not listen on port {port} within {START_TIMEOUT} s")


def wait_for_workers(cluster: Cluster, deadline: float) -> None:
    from dask.distributed import Client

    with Client(cluster.address, timeout=30) as client:
        while True:
            cluster.check_alive()
            registered = len(client.scheduler_info(n_workers=-1)["workers"])
            if registered >= WORKERS:
                break
            if time.monotonic() > deadline:
                cluster.fail(
                    f"{registered} of {WORKERS} dask workers registered with the scheduler "
                    f"at {cluster.address} within {START_TIMEOUT} s"
                )
            time.sleep(0.5)
        # the workers run this checkout's newsprism, as the driver does
        import newsprism

        where = client.run(lambda: str(Path(__import__("newsprism").__file__).resolve()))
        assert set(where.values()) == {str(Path(newsprism.__file__).resolve())}, where


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """The address of a running scheduler with ``WORKERS`` registered workers."""
    directory = tmp_path_factory.mktemp("dask-cluster")
    cluster = Cluster(directory)
    watchdog = threading.Timer(MODULE_TIMEOUT, cluster.stop)
    watchdog.daemon = True
    watchdog.start()
    try:
        deadline = time.monotonic() + START_TIMEOUT
        port = free_port()
        cluster.address = f"tcp://127.0.0.1:{port}"
        cluster.start(
            "scheduler",
            ["scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        )
        wait_for_port(cluster, port, deadline)
        cluster.start(
            "worker",
            [
                *("worker", cluster.address, "--host", "127.0.0.1"),
                *("--nworkers", str(WORKERS), "--nthreads", "1", "--memory-limit", "4GiB"),
                "--no-dashboard",
                *("--local-directory", str(directory / "workers")),
                # a worker whose scheduler is gone exits instead of waiting for it
                *("--death-timeout", "30"),
            ],
        )
        wait_for_workers(cluster, deadline)
        yield cluster.address
    finally:
        watchdog.cancel()
        cluster.stop()


def run_with_deadline(function, seconds: float):
    """``function()`` in a thread; a failure if it takes longer than ``seconds``."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["result"] = function()
        except BaseException as error:  # re-raised in the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"the batch run took longer than {seconds} s", pytrace=False)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def batch_report(engine: str, out: Path, scheduler: str | None = None) -> dict:
    options = BatchOptions(
        engine=engine,
        workers=None if scheduler else WORKERS,
        scheduler=scheduler,
        partition_articles=PARTITION,
        registry=load_registry(OUTLETS),
        registry_source=OUTLETS.name,
    )
    summary = run_with_deadline(lambda: run_batch([EXAMPLES], out, options), RUN_TIMEOUT)
    assert summary.ok and summary.failed_partitions == [], summary
    assert summary.workers == WORKERS
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_a_dask_cluster_of_separate_processes_gives_the_local_engines_report(
    dask_cluster, tmp_path
):
    on_dask = batch_report("dask", tmp_path / "dask", scheduler=dask_cluster)
    on_local = batch_report("local", tmp_path / "local")
    # several multi-article stories, so comparison and provenance ran across partitions
    assert sum(len(story["article_ids"]) > 1 for story in on_dask["stories"]) >= 2
    # The report holds no timings, paths of the output folder or engine names, so the
    # whole report is compared: nothing is left out.
    assert on_dask == on_local
