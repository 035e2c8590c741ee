"""Progress as log lines when the output is not a terminal."""

from __future__ import annotations

import io

from rich.console import Console

from newsprism.progress_log import LogProgress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_line_every_interval_with_counts_and_time_left():
    out = io.StringIO()
    clock = Clock()
    with LogProgress(Console(file=out, width=200), interval=10, clock=clock) as progress:
        task = progress.add_task("ingest", total=None, current="")
        progress.update(task, total=1000)
        clock.now += 5
        progress.update(task, completed=100, current="a.html")
        assert out.getvalue() == ""  # not yet ten seconds
        clock.now += 5
        progress.update(task, completed=200, current="b.html")
        assert out.getvalue().splitlines() == [
            "ingest: 200/1,000 (20%), 10 s, about 40 s left · b.html"
        ]
        clock.now += 3
        progress.advance(task, 50)
        assert len(out.getvalue().splitlines()) == 1
    # and a last line when the run ends
    assert (
        out.getvalue().splitlines()[-1] == "ingest: 250/1,000 (25%), 13 s, about 39 s left · b.html"
    )


def test_a_run_shorter_than_the_interval_says_nothing():
    out = io.StringIO()
    with LogProgress(Console(file=out), interval=10, clock=Clock()) as progress:
        task = progress.add_task("analyze", total=5)
        progress.update(task, completed=5)
    assert out.getvalue() == ""


def test_a_task_without_a_total_shows_its_count():
    clock = Clock()
    progress = LogProgress(Console(file=io.StringIO()), clock=clock)
    task = progress.add_task("analyze")
    progress.advance(task, 3)
    clock.now += 2
    assert progress.line(task) == "analyze: 3, 2 s"
