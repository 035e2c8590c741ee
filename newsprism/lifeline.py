"""Worker processes that end with the process that started them.

newsprism starts worker processes — the spaCy parser processes of ``Models``, the batch
driver's local pool, the processes of a local Dask cluster — each holding its models
(300-600 MB). A pool is shut down when its owner closes it, but an owner killed with
SIGKILL (or by the kernel for memory) closes nothing, and its workers would stay alive,
holding their memory, with nobody to give them work. So each worker watches the process
it works for, and exits as soon as that process is gone.

The watch is a daemon thread that looks once a ``WATCH_INTERVAL_SECONDS``: cheap, and it
works whatever killed the owner, on any POSIX system (unlike Linux's parent-death
signal, which follows the thread that forked, not the process). Process start times
tell the owner from a new process that reused its pid.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time

import psutil

# How often a worker checks that its owner is alive: an orphan lives at most this long.
WATCH_INTERVAL_SECONDS = 1.0
# Exit status of a worker that ended because its owner was gone.
ORPHANED_EXIT_STATUS = 70


def _alive(process: psutil.Process, created: float) -> bool:
    """Whether the process still runs: the same process (not a new one that reused its
    pid) and not a zombie waiting to be reaped."""
    try:
        return process.create_time() == created and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def watch_owner(pid: int | None = None, interval: float = WATCH_INTERVAL_SECONDS) -> None:
    """In a worker process: exit as soon as the process ``pid`` has ended — by default
    the process that started this one, known from ``multiprocessing`` even when it died
    before this call. Returns at once; the watching is done by a daemon thread."""
    if pid is None:
        started_by = multiprocessing.parent_process()
        pid = started_by.pid if started_by is not None else os.getppid()
        if pid != os.getppid():
            os._exit(ORPHANED_EXIT_STATUS)  # re-parented already: the starter has died
    try:
        owner = psutil.Process(pid)
        created = owner.create_time()
    except psutil.Error:
        os._exit(ORPHANED_EXIT_STATUS)

    def watch() -> None:
        while _alive(owner, created):
            time.sleep(interval)
        os._exit(ORPHANED_EXIT_STATUS)

    threading.Thread(target=watch, name="newsprism-owner-watch", daemon=True).start()
