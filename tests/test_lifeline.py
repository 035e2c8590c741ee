"""Worker processes end with the process they work for: after SIGKILL or SIGTERM of
``newsprism batch`` (local pool and a Dask LocalCluster) no process of it is left."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time

import psutil
import pytest

from newsprism.lifeline import WATCH_INTERVAL_SECONDS

from .conftest import EXAMPLES
from .test_batch import PARTITION, wait_for_a_partition

OWNER = textwrap.dedent(
    """
    import multiprocessing, sys, time
    from newsprism.lifeline import watch_owner

    def work():
        watch_owner()
        time.sleep(120)

    if __name__ == "__main__":
        workers = [multiprocessing.get_context(sys.argv[1]).Process(target=work) for _ in range(2)]
        for w in workers:
            w.start()
        print(" ".join(str(w.pid) for w in workers), flush=True)
        time.sleep(120)
    """
)


def _gone(processes: list[psutil.Process], within: float) -> list[psutil.Process]:
    """The processes still running after ``within`` seconds (zombies count as gone)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        alive = [p for p in processes if _running(p)]
        if not alive:
            return []
        time.sleep(0.2)
    return [p for p in processes if _running(p)]


def _running(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_a_worker_exits_once_its_owner_is_killed(tmp_path, start_method):
    script = tmp_path / "owner.py"
    script.write_text(OWNER)
    owner = subprocess.Popen(
        [sys.executable, str(script), start_method], stdout=subprocess.PIPE, text=True
    )
    workers = [psutil.Process(int(pid)) for pid in owner.stdout.readline().split()]
    assert len(workers) == 2 and all(_running(w) for w in workers)
    time.sleep(2 * WATCH_INTERVAL_SECONDS)  # the watches have started
    owner.kill()
    owner.wait()
    assert _gone(workers, within=5 * WATCH_INTERVAL_SECONDS) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("engine", "stop"),
    [("local", signal.SIGKILL), ("local", signal.SIGTERM), ("dask", signal.SIGKILL)],
)
def test_no_process_of_a_stopped_batch_run_is_left(tmp_path, engine, stop):
    out = tmp_path / "out"
    command = [
        *(sys.executable, "-m", "newsprism", "batch", str(EXAMPLES), "--out", str(out)),
        *("--engine", engine, "--workers", "2", "--partition-size", str(PARTITION), "-q"),
    ]
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    driver = psutil.Process(run.pid)
    # stopped once its workers are at work: a first partition is done
    wait_for_a_partition(run, out / "newsprism.db")
    assert run.poll() is None, "the run ended before it could be stopped"
    workers = driver.children(recursive=True)
    assert len(workers) >= 2
    run.send_signal(stop)  # the driver alone, not its process group
    run.wait(timeout=60)
    assert _gone(workers, within=15) == []
