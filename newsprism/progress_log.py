"""Progress as periodic log lines, for when the output is not a terminal.

Rich's progress bar draws nothing when stderr is a pipe or a file, so a long ingest run
by a script or a scheduler would be silent for minutes. ``LogProgress`` takes the part
of Rich's ``Progress`` API the command line uses (``add_task``, ``update``, ``advance``,
use as a context manager) and writes a line per task every ``interval`` seconds, with
counts, elapsed time and an estimate of the time left.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console

# Seconds between two lines of one task: often enough to see a run is alive, rarely
# enough to keep a log readable.
LOG_INTERVAL_SECONDS = 10.0


@dataclass
class _Task:
    description: str
    total: float | None
    completed: float = 0.0
    fields: dict[str, Any] = field(default_factory=dict)
    started: float = 0.0
    last_line: float = 0.0
    lines: int = 0


class LogProgress:
    """Progress written as a line per task every ``interval`` seconds, and once more at
    the end for the tasks that wrote any."""

    def __init__(
        self,
        console: Console,
        interval: float = LOG_INTERVAL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.console = console
        self.interval = interval
        self.clock = clock
        self.tasks: list[_Task] = []

    def __enter__(self) -> LogProgress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        # where it ends, said for the tasks long enough to have said something: a short
        # run stays as quiet as it was
        for task in self.tasks:
            if task.lines:
                self._write(task)

    def add_task(self, description: str, total: float | None = None, **fields: Any) -> int:
        now = self.clock()
        self.tasks.append(_Task(description, total, fields=fields, started=now, last_line=now))
        return len(self.tasks) - 1

    def update(
        self,
        task_id: int,
        *,
        total: float | None = None,
        completed: float | None = None,
        advance: float | None = None,
        **fields: Any,
    ) -> None:
        task = self.tasks[task_id]
        if total is not None:
            task.total = total
        if completed is not None:
            task.completed = completed
        if advance:
            task.completed += advance
        task.fields.update(fields)
        if self.clock() - task.last_line >= self.interval:
            self._write(task)

    def advance(self, task_id: int, advance: float = 1) -> None:
        self.update(task_id, advance=advance)

    def line(self, task_id: int) -> str:
        """The task's progress as one line: 'ingest: 120/1,000 (12%), 30 s, about 220 s
        left · name'."""
        task = self.tasks[task_id]
        return _line(task, self.clock())

    def _write(self, task: _Task) -> None:
        task.last_line = self.clock()
        task.lines += 1
        self.console.print(_line(task, task.last_line), highlight=False, soft_wrap=True)


def _line(task: _Task, now: float) -> str:
    elapsed = now - task.started
    done = f"{task.completed:,.0f}"
    if task.total:
        share = task.completed / task.total
        done += f"/{task.total:,.0f} ({share:.0%})"
    text = f"{task.description}: {done}, {elapsed:,.0f} s"
    if task.total and 0 < task.completed < task.total:
        left = elapsed * (task.total - task.completed) / task.completed
        text += f", about {left:,.0f} s left"
    current = str(task.fields.get("current") or "")
    return text + (f" · {current}" if current else "")
