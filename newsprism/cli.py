"""The ``newsprism`` command: a thin shell over the library.

Each command checks its arguments, calls one library function and presents the result.
Exit codes: 0 success, 1 some input was rejected, 2 bad usage or an unusable store.
"""

from __future__ import annotations

import json
import os
import signal
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from ._version import __version__
from .errors import NewsprismError
from .ingest import ingest as ingest_paths
from .ingest import load_articles
from .models import Correction, Rejection
from .nlp import close_default_models
from .progress_log import LogProgress
from .read import FORMATS, ReadOptions
from .report import Report
from .store import DEFAULT_DB, Store

app = typer.Typer(
    name="newsprism",
    help="See one news story through every outlet that covered it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# emoji codes in article texts (":fire:") stay text
console = Console(emoji=False)
errors = Console(stderr=True)

DbOption = Annotated[
    Path,
    typer.Option(
        "--db",
        envvar="NEWSPRISM_DB",
        help="SQLite store file (created if missing).",
        dir_okay=False,
    ),
]


def _open_store(db: Path) -> Store:
    try:
        return Store(db)
    except NewsprismError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


def _existing_store(db: Path, hint: str = "run 'newsprism ingest' first") -> Store:
    """Open a store that must already exist, or exit with a one-line error."""
    if not db.exists():
        errors.print(f"[red]error:[/red] no store at {db}; {hint}", highlight=False)
        raise typer.Exit(2)
    return _open_store(db)


def _parse_fields(pairs: list[str], hint: str = "--field") -> dict[str, str]:
    fields: dict[str, str] = {}
    for pair in pairs:
        name, sep, key = pair.partition("=")
        if not sep or not name or not key:
            raise typer.BadParameter(f"expected NAME=VALUE, got {pair!r}", param_hint=hint)
        fields[name.strip()] = key.strip()
    return fields


SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="Override a threshold, e.g. --set cluster.event_threshold=0.6 "
        "(see 'newsprism config --explain').",
    ),
]


OutletsOption = Annotated[
    Path | None,
    typer.Option(
        "--outlets",
        help="Outlet registry (CSV or JSON: name, domains, aliases, lean, country, owner, "
        "kind) for coverage by lean and claims by side; see 'newsprism outlets'.",
        dir_okay=False,
    ),
]


def _load_registry(path: Path | None):  # type: ignore[no-untyped-def]
    """The registry at ``path`` (None for none), or a one-line error and exit 2."""
    if path is None:
        return None
    from .outlets import load_registry

    try:
        return load_registry(path)
    except NewsprismError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


LimitOption = Annotated[
    list[str] | None,
    typer.Option(
        "--limit",
        help="Change a reading limit, e.g. --limit max_file_bytes=64MB --limit "
        "max_warc_records=5000 (see 'newsprism config --explain').",
    ),
]


def _read_options(fields: dict[str, str], fmt: str, limits: list[str] | None) -> ReadOptions:
    """Reading options from the CLI's --field, --format and --limit values."""
    try:
        return ReadOptions(fields=fields, format=fmt).with_limits(
            _parse_fields(limits or [], "--limit")
        )
    except NewsprismError as error:
        raise typer.BadParameter(error.message, param_hint="--limit") from None


def _analysis_options(pairs: list[str] | None):  # type: ignore[no-untyped-def]
    from .analyze import AnalyzeOptions

    try:
        return AnalyzeOptions.with_overrides(_parse_fields(pairs or [], "--set"))
    except NewsprismError as error:
        raise typer.BadParameter(error.message, param_hint="--set") from None


def _refuse_cleaning_settings(options) -> None:  # type: ignore[no-untyped-def]
    """``--set clean.*`` where the articles come from a store: its texts were cleaned
    when they were ingested, so the settings could not act."""
    from .clean import CleanOptions

    if options.clean != CleanOptions():
        raise typer.BadParameter(
            "clean.* settings act where articles are read: give the paths to analyze "
            "(the store keeps the texts its ingest cleaned)",
            param_hint="--set",
        )


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or feed URLs to read.")],
    db: DbOption = Path(DEFAULT_DB),
    fmt: Annotated[
        str, typer.Option("--format", help=f"Reader to use: {', '.join(FORMATS)}.")
    ] = "auto",
    field: Annotated[
        list[str] | None,
        typer.Option(
            "--field",
            help="JSON field mapping FIELD=KEY, e.g. --field text=body --field outlet=site. "
            "Fields: title, text, url, date, outlet, author, language, id.",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    update_stories: Annotated[
        bool,
        typer.Option(
            "--stories/--no-stories",
            help="Bring the store's stories up to date afterwards (what 'serve' shows); "
            "--no-stories for bulk loads, then 'newsprism refresh'.",
        ),
    ] = True,
    limits: LimitOption = None,
    outlets: OutletsOption = None,
) -> None:
    """Read articles (text, HTML, JSON/JSONL, RSS/Atom, WARC) into the store.

    Re-ingesting the same content adds nothing; an interrupted run can simply be
    started again. An input over a reading limit is rejected with a line naming the
    limit (code E102). Exits 1 when any input was rejected or no article was found.
    """
    if fmt not in FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    options = _read_options(_parse_fields(field or []), fmt, limits)
    registry = _load_registry(outlets)
    store = _open_store(db)
    # a new registry changes every story's coverage and sources: refresh even with no
    # new article
    new_registry = registry is not None and (
        (stored := store.registry()) is None or stored.to_json() != registry.to_json()
    )
    if registry is not None and outlets is not None:
        store.save_registry(registry, outlets.name)

    def report(rejection: Rejection) -> None:
        errors.print(f"[yellow]skipped[/yellow] {rejection}", highlight=False, soft_wrap=True)

    progress = _progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}", style="dim"),
        quiet=quiet,
    )
    with store, progress:
        task = progress.add_task("ingest", total=None, current="")
        summary = ingest_paths(
            paths,
            store,
            options,
            on_start=lambda total: progress.update(task, total=total),
            on_progress=lambda location, done: progress.update(
                task, completed=done, current=Path(location).name[:40]
            ),
            on_rejection=report,
        )
        total = store.count()
        catalog = ""
        if update_stories and total and (summary.new or store.uncatalogued() or new_registry):
            # a new registry makes the refresh compare every story afresh by itself
            catalog = " · " + _refresh(store, full=False, quiet=quiet)
    console.print(
        f"read {summary.read} · new {summary.new} · duplicate {summary.duplicate} · "
        f"rejected {summary.rejected}"
        + (
            f" · unchanged inputs skipped {summary.skipped_inputs}"
            if summary.skipped_inputs
            else ""
        )
        + catalog
        + (
            " · limits hit: "
            + ", ".join(f"{name} {count}" for name, count in sorted(summary.limits_hit.items()))
            if summary.limits_hit
            else ""
        )
        + f"  ({total} articles in {db})",
        highlight=False,
    )
    if summary.read_nothing:
        errors.print(
            f"[red]error:[/red] no article found in {summary.inputs} "
            f"input{'s' if summary.inputs != 1 else ''}",
            highlight=False,
        )
    if not summary.ok:
        raise typer.Exit(1)


@app.command("articles")
def list_articles(
    db: DbOption = Path(DEFAULT_DB),
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """List the stored articles."""
    with _existing_store(db) as store:
        stored = store.articles()
    if as_json:
        for article in stored:
            typer.echo(article.model_dump_json(exclude={"text", "boilerplate_removed"}))
        return
    table = Table(title=f"{len(stored)} articles in {db}")
    table.add_column("id", no_wrap=True)
    table.add_column("outlet", max_width=24)
    table.add_column("credited", max_width=20)
    table.add_column("published", no_wrap=True)
    table.add_column("title", ratio=1)
    for article in stored:
        table.add_row(
            article.id,
            article.outlet or "",
            article.credited_outlet or "",
            (article.published or "")[:10],
            article.title or article.text[:80] + "…",
        )
    console.print(table)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id (a unique prefix will do).")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: Annotated[bool, typer.Option("--json", help="Print the article as JSON.")] = False,
) -> None:
    """Show one stored article: metadata, cleaned text and what cleaning removed."""
    with _existing_store(db) as store:
        article = store.get(article_id)
    if article is None:
        errors.print(f"[red]error:[/red] no single article with id {article_id!r} in {db}")
        raise typer.Exit(2)
    if as_json:
        typer.echo(json.dumps(article.model_dump(), ensure_ascii=False, indent=2))
        return
    console.rule(article.title or "(untitled)")
    for name in (
        "id",
        "source_path",
        "url",
        "outlet",
        "credited_outlet",
        "author",
        "dateline",
        "published",
        "language",
        "format",
    ):
        value = getattr(article, name)
        if value:
            console.print(f"[bold]{name}[/bold]: {value}", highlight=False)
    console.print()
    console.print(article.text, highlight=False)
    if article.boilerplate_removed:
        console.print()
        console.print("[bold]removed by cleaning:[/bold]")
        for line in article.boilerplate_removed:
            console.print(f"  [dim]- {line}[/dim]", highlight=False)


def _progress(*columns: ProgressColumn, quiet: bool) -> Progress | LogProgress:
    """A progress bar on stderr when it is a terminal; else progress as a log line every
    few seconds, so that a run under a pipe or a scheduler is not silent for minutes."""
    if errors.is_terminal or quiet:
        return Progress(*columns, console=errors, disable=quiet, transient=True)
    return LogProgress(errors)


class _Stages:
    """Progress of an analysis: a line (a bar on a terminal) per stage, with counts and
    time left for the stages that report them (annotate, compare)."""

    def __init__(self, label: str, quiet: bool) -> None:
        self.label = label
        self.progress = _progress(
            TextColumn("[bold]{task.description:18s}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            quiet=quiet,
        )
        self.tasks: dict[str, int] = {}

    def __enter__(self) -> _Stages:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.progress.__exit__(*exc_info)

    def stage(self, name: str) -> None:
        if name not in self.tasks:
            self.tasks[name] = self.progress.add_task(f"{self.label}: {name}", total=None)

    def advance(self, name: str, done: int, total: int) -> None:
        self.stage(name)
        self.progress.update(self.tasks[name], total=total, completed=done)


def _refresh(store: Store, full: bool, quiet: bool) -> str:
    """Update the store's stories; a one-line account of what changed."""
    from .catalog import refresh_stories

    with _Stages("stories", quiet) as stages:
        done = refresh_stories(store, full=full, on_stage=stages.stage, on_progress=stages.advance)
    return f"stories {done.stories} ({done.compared} compared, {done.kept} unchanged)"


@app.command()
def refresh(
    db: DbOption = Path(DEFAULT_DB),
    full: Annotated[
        bool, typer.Option("--full", help="Compare every story afresh, changed or not.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")] = False,
) -> None:
    """Bring the store's stories (what 'serve' shows) up to date with its articles."""
    with _existing_store(db) as store:
        if not store.count():
            errors.print(f"[red]error:[/red] {db} holds no articles")
            raise typer.Exit(2)
        console.print(_refresh(store, full=full, quiet=quiet), highlight=False)


@app.command()
def analyze(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files, folders or feed URLs; none: the store.")
    ] = None,
    db: DbOption = Path(DEFAULT_DB),
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="json, md, html or text (default: a view on a terminal, "
            "json when writing to a file or a pipe).",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report here.", dir_okay=False)
    ] = None,
    overrides: SetOption = None,
    limits: LimitOption = None,
    outlets: OutletsOption = None,
) -> None:
    """Analyze articles into stories and compare their coverage; print or write the report.

    With --outlets (or, from the store, the registry it keeps), each story also gets its
    coverage by lean, country and owner, and its claims by side."""
    from .analyze import analyze as run_analysis
    from .render import FORMATS as REPORT_FORMATS
    from .render import render, report_renderables

    if fmt is not None and fmt not in REPORT_FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r}; use one of {', '.join(REPORT_FORMATS)}")
    options = _analysis_options(overrides)
    rejected = 0
    if not paths:
        _refuse_cleaning_settings(options)
    if paths:
        articles, rejections = load_articles(
            paths, _read_options({}, "auto", limits), options.clean
        )
        for rejection in rejections:
            errors.print(f"[yellow]skipped[/yellow] {rejection}", highlight=False, soft_wrap=True)
        rejected = len(rejections)
    else:
        if not db.exists():
            errors.print(
                f"[red]error:[/red] no store at {db}; give paths or run 'newsprism ingest'"
            )
            raise typer.Exit(2)
    registry = _load_registry(outlets)
    store = None if paths else _open_store(db)
    if store is not None:
        articles = store.articles()
        if registry is None:
            registry = store.registry()
    if not articles:
        errors.print("[red]error:[/red] no articles to analyze")
        raise typer.Exit(2)
    if registry is not None:
        from .outlets import matching_summary

        errors.print(escape(matching_summary(articles, registry)), highlight=False, soft_wrap=True)
    with _Stages(f"analyze {len(articles)}", quiet=False) as stages:
        report = run_analysis(
            articles,
            options=options,
            # a store lends its cache of annotations and vectors
            store=store,
            on_stage=stages.stage,
            on_progress=stages.advance,
            registry=registry,
        )
    if store is not None:
        store.close()
    _say_not_analysed(report)
    if output is not None:
        output.write_text(render(report, fmt or "json"), encoding="utf-8")
        errors.print(
            f"wrote {output} ({len(report.stories)} stories, {len(report.articles)} articles)"
        )
    elif fmt is None and console.is_terminal:
        for renderable in report_renderables(report):
            console.print(renderable)
    else:
        typer.echo(render(report, fmt or "json"), nl=False)
    if rejected:
        raise typer.Exit(1)


def _say_not_analysed(report: Report) -> None:
    """One line when some articles were left out of the comparisons for their language."""
    language_of = {a.id: a.language for a in report.articles}
    left_out = Counter(language_of[i] or "?" for s in report.stories for i in s.not_analysed)
    if left_out:
        languages = ", ".join(f"{code} {count}" for code, count in left_out.most_common())
        errors.print(
            f"[yellow]note:[/yellow] {left_out.total()} articles are not in English "
            f"({languages}): clustered into stories, left out of their comparisons",
            highlight=False,
        )


@app.command()
def batch(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or feed URLs to read.")],
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="Output folder: store, report, per-story reports, Parquet tables."
        ),
    ],
    engine: Annotated[
        str, typer.Option("--engine", help="local (this machine's cores) or dask.")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", help="Worker processes (default: the cores of this machine)."),
    ] = None,
    device: Annotated[
        str, typer.Option("--device", help="Sentence encoder device: auto, cpu or cuda.")
    ] = "auto",
    partition_size: Annotated[
        int | None,
        typer.Option("--partition-size", help="Articles per partition (estimated; default 64)."),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="Reader to use: auto, text, html, json, feed, warc.")
    ] = "auto",
    field: Annotated[
        list[str] | None, typer.Option("--field", help="JSON field mapping FIELD=KEY.")
    ] = None,
    overrides: SetOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    outlets: OutletsOption = None,
) -> None:
    """Run the whole pipeline over many articles in parallel partitions, locally or on a
    Dask cluster, and write the store, the report, one report per story and Parquet tables.

    A rerun skips the partitions already done. Exits 1 when an input was rejected or a
    partition failed.
    """
    from .batch import PARTITION_ARTICLES, BatchOptions, run_batch

    if fmt not in FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    options = BatchOptions(
        engine=engine,
        workers=workers,
        scheduler=scheduler,
        device=device,
        partition_articles=partition_size or PARTITION_ARTICLES,
        read=ReadOptions(fields=_parse_fields(field or []), format=fmt),
        analysis=_analysis_options(overrides),
        registry=_load_registry(outlets),
        registry_source=outlets.name if outlets else "",
    )
    try:
        options.check()
    except NewsprismError as error:
        raise typer.BadParameter(error.message) from None
    if out.exists() and not out.is_dir():
        raise typer.BadParameter(f"{out} is not a folder", param_hint="--out")
    progress = _progress(
        TextColumn("[bold]{task.description:9s}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        quiet=quiet,
    )
    phases: dict[str, int] = {}

    class Shown:
        def start(self, phase: str, total: int) -> None:
            phases[phase] = progress.add_task(phase, total=total)

        def advance(self, phase: str, steps: int = 1) -> None:
            progress.advance(phases[phase], steps)

        def note(self, message: str) -> None:
            if message.startswith("Dask dashboard"):
                errors.print(message, highlight=False, soft_wrap=True)
            elif "analyze" not in phases:
                phases["analyze"] = progress.add_task("analyze", total=None)

    def report(rejection: Rejection) -> None:
        errors.print(f"[yellow]skipped[/yellow] {rejection}", highlight=False, soft_wrap=True)

    try:
        with progress:
            summary = run_batch(paths, out, options, progress=Shown(), on_rejection=report)
    except NewsprismError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    for failure in summary.failed_partitions:
        errors.print(f"[red]failed[/red] {failure}", highlight=False, soft_wrap=True)
    console.print(
        f"read {summary.read} · articles {summary.articles} · duplicate {summary.duplicate} · "
        f"rejected {summary.rejected} · stories {summary.stories} · partitions "
        f"{summary.partitions - summary.skipped_partitions - len(summary.failed_partitions)} "
        f"done, {summary.skipped_partitions} already done, "
        f"{len(summary.failed_partitions)} failed  ({summary.engine}, {summary.workers} workers, "
        f"{summary.seconds:.0f} s) -> {out}",
        highlight=False,
    )
    if not summary.ok:
        raise typer.Exit(1)


stories_app = typer.Typer(
    help="List the stories in the store, or correct them: merge two, split one.",
    no_args_is_help=False,
)
app.add_typer(stories_app, name="stories")


def _correct_stories(
    db: Path, correct: Callable[[Store], Correction], told: Callable[[Correction], str]
) -> None:
    """Record a correction of the stories (a one-line error if it is refused), say what
    it did, and refresh the catalog with it."""
    with _existing_store(db) as store:
        try:
            correction = correct(store)
        except NewsprismError as error:
            errors.print(f"[red]error:[/red] {escape(str(error))}", highlight=False)
            raise typer.Exit(2) from None
        console.print(told(correction), highlight=False)
        console.print(_refresh(store, full=False, quiet=False), highlight=False)


@stories_app.command("merge")
def stories_merge(
    story_ids: Annotated[list[str], typer.Argument(help="Two or more catalog story ids.")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Make stories one: recorded in the store, kept by every later refresh and analysis."""
    from .catalog import merge_stories

    _correct_stories(
        db,
        lambda store: merge_stories(store, story_ids),
        lambda merged: f"merged: {len(merged.article_ids)} articles are one story",
    )


@stories_app.command("split")
def stories_split(
    story_id: Annotated[str, typer.Argument(help="The catalog story to split.")],
    article_ids: Annotated[
        list[str],
        typer.Option("--articles", help="Article ids that form a story of their own (repeat)."),
    ],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Take articles out of a story into one of their own: recorded in the store, kept by
    every later refresh and analysis."""
    from .catalog import split_story

    _correct_stories(
        db,
        lambda store: split_story(store, story_id, article_ids),
        lambda split: (
            f"split: {len(split.article_ids)} articles of {story_id} are a story of their own"
        ),
    )


@stories_app.callback(invoke_without_command=True)
def stories(
    context: typer.Context,
    db: DbOption = Path(DEFAULT_DB),
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
    overrides: SetOption = None,
) -> None:
    """List the stories in the store, as 'serve' shows them: size, outlets, time span and
    a one-line title (with 'merge' or 'split', correct them). With --set, the articles
    are clustered afresh with those settings instead, and the catalog is left alone."""
    if context.invoked_subcommand is not None:
        return
    options = _analysis_options(overrides)
    _refuse_cleaning_settings(options)
    with _existing_store(db) as store:
        if not store.count():
            errors.print(f"[red]error:[/red] {db} holds no articles")
            raise typer.Exit(2)
        if overrides:
            from .analyze import find_stories

            articles = store.articles()
            with errors.status(f"clustering {len(articles)} articles with --set…"):
                found = find_stories(articles, options=options, store=store)
        else:
            found = list(store.catalog_stories().values())
            behind = store.uncatalogued()
            if behind:
                errors.print(
                    f"[yellow]note:[/yellow] {behind} stored articles are in no story yet: "
                    f"run 'newsprism refresh --db {db}'",
                    highlight=False,
                )
    found.sort(key=lambda story: (-len(story.article_ids), story.id))
    if as_json:
        for story in found:
            typer.echo(
                story.model_dump_json(
                    include={
                        "id",
                        "storyline",
                        "title",
                        "article_ids",
                        "outlets",
                        "first_published",
                        "last_published",
                    }
                )
            )
        return
    table = Table(title=f"{len(found)} stories in {db}")
    table.add_column("story", no_wrap=True)
    table.add_column("storyline", no_wrap=True)
    table.add_column("articles", justify="right")
    table.add_column("outlets", justify="right")
    table.add_column("span", no_wrap=True)
    table.add_column("title", ratio=1)
    for story in found:
        span = " – ".join(
            dict.fromkeys(filter(None, (story.first_published, story.last_published)))
        )
        table.add_row(
            story.id,
            story.storyline,
            str(len(story.article_ids)),
            str(len(story.outlets)),
            span,
            story.title,
        )
    console.print(table)


outlets_app = typer.Typer(
    help="The store's outlet registry: list it with how many articles each outlet has, or "
    "import one.",
    no_args_is_help=False,
)
app.add_typer(outlets_app, name="outlets")


@outlets_app.command("import")
def outlets_import(
    path: Annotated[Path, typer.Argument(help="Registry file, CSV or JSON.", dir_okay=False)],
    db: DbOption = Path(DEFAULT_DB),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")] = False,
) -> None:
    """Keep an outlet registry in the store (replacing any before) and compare every
    story again with it: coverage by lean, country and owner, claims by side, and
    outlets of one owner counted as one source."""
    from .catalog import import_registry
    from .outlets import matching_summary

    with _open_store(db) as store:
        try:
            registry = import_registry(store, path)
        except NewsprismError as error:
            errors.print(f"[red]error:[/red] {escape(str(error))}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
        console.print(f"imported {len(registry)} outlets from {path}", highlight=False)
        if store.count():
            console.print(escape(matching_summary(store.articles(), registry)), highlight=False)
            console.print(_refresh(store, full=False, quiet=quiet), highlight=False)


@outlets_app.callback(invoke_without_command=True)
def outlets(
    context: typer.Context,
    db: DbOption = Path(DEFAULT_DB),
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """List the store's outlet registry: each outlet's lean, side, country, owner and
    kind, and how many stored articles it has; then the outlets of stored articles
    that are not in it."""
    if context.invoked_subcommand is not None:
        return
    from .outlets import lean_label, match_outlets, unmatched_outlets

    with _existing_store(db) as store:
        registry = store.registry()
        if registry is None:
            errors.print(
                f"[red]error:[/red] {db} holds no outlet registry; "
                "'newsprism outlets import FILE' keeps one",
                highlight=False,
                soft_wrap=True,
            )
            raise typer.Exit(2)
        articles = store.articles()
    matched = match_outlets(articles, registry)
    counts = Counter(outlet.name for outlet in matched.values())
    if as_json:
        for outlet in registry.outlets:
            row = {
                "name": outlet.name,
                "domains": list(outlet.domains),
                "aliases": list(outlet.aliases),
                "lean": outlet.lean,
                "side": outlet.side,
                "country": outlet.country,
                "owner": outlet.owner,
                "kind": outlet.kind,
                "articles": counts[outlet.name],
            }
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table(
        title=escape(f"{len(registry)} outlets in {db} (scale: {', '.join(registry.scale)})")
    )
    for column in ("outlet", "lean", "side", "country", "owner", "kind", "domains"):
        table.add_column(column, overflow="fold")
    table.add_column("articles", justify="right")
    for outlet in registry.outlets:
        table.add_row(
            *(
                escape(value or "")
                for value in (
                    outlet.name,
                    lean_label(outlet.lean),
                    outlet.side,
                    outlet.country,
                    outlet.owner,
                    outlet.kind,
                    ", ".join(outlet.domains),
                )
            ),
            str(counts[outlet.name]),
        )
    console.print(table)
    missing = unmatched_outlets(articles, matched)
    if missing:
        console.print(
            f"{missing.total()} of {len(articles)} stored articles match no outlet: "
            + escape(", ".join(f"{name} ({count})" for name, count in missing.most_common())),
            highlight=False,
            soft_wrap=True,
        )


@app.command()
def evaluate(
    data: Annotated[
        list[str], typer.Argument(help="Labelled articles (JSONL/JSON with a gold field).")
    ],
    gold_field: Annotated[
        str, typer.Option("--gold-field", help="Record field holding the gold story id.")
    ] = "event",
    summaries: Annotated[
        Path | None,
        typer.Option("--summaries", help="Reference summaries: JSONL of {event, summary}."),
    ] = None,
    quotes: Annotated[
        Path | None,
        typer.Option("--quotes", help="Annotated quotes: JSON of {article, speaker, text}."),
    ] = None,
    ignore_dates: Annotated[
        bool, typer.Option("--ignore-dates", help="Cluster without dates.")
    ] = False,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    citations: Annotated[
        bool,
        typer.Option(
            "--citations",
            help="Run the whole analysis and score how far summary citations are backed "
            "(always with --summaries).",
        ),
    ] = False,
) -> None:
    """Score the pipeline on labelled news: stories, quotes, summaries, citations, speed."""
    from .evaluate import evaluate as run_evaluation

    if fmt not in ("text", "json"):
        raise typer.BadParameter("use text or json", param_hint="--format")
    try:
        with errors.status("evaluating…") as status:
            result = run_evaluation(
                data,
                gold_field,
                summaries,
                quotes,
                ignore_dates,
                on_stage=lambda name: status.update(f"evaluating: {name}…"),
                citations=citations,
            )
    except NewsprismError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    if fmt == "json":
        typer.echo(result.to_json())
        return
    table = Table(
        title=f"newsprism evaluation: {result.articles} articles"
        + (" (dates ignored)" if ignore_dates else "")
    )
    table.add_column("measure")
    table.add_column("value", justify="right")
    sections = (
        ("stories", result.clustering),
        ("quotes", result.quotes),
        ("summaries", result.summaries),
        ("citations", result.citations),
    )
    for section, values in sections:
        for name, value in values.items():
            shown = f"{value:.3f}" if isinstance(value, float) else str(value)
            table.add_row(f"{section}: {name.replace('_', ' ')}", shown)
    table.add_row("speed: articles/s", f"{result.articles / result.seconds:.1f}")
    table.add_row("peak memory (MiB)", f"{result.peak_memory_mb:.0f}")
    console.print(table)


@app.command()
def config(
    explain: Annotated[
        bool, typer.Option("--explain", help="Say where each value comes from.")
    ] = False,
) -> None:
    """Show the pipeline's thresholds (with --explain: their calibration)."""
    from .settings import settings

    table = Table(title="newsprism settings")
    table.add_column("setting", no_wrap=True)
    table.add_column("value", justify="right")
    if explain:
        table.add_column("calibrated on / why", ratio=1)
    for setting in settings():
        row = [setting.name, str(setting.value)]
        if explain:
            row.append(setting.calibration)
        table.add_row(*row)
    console.print(table)


@app.command()
def serve(
    db: DbOption = Path(DEFAULT_DB),
    host: Annotated[
        str, typer.Option(help="Address to listen on; 127.0.0.1 keeps it to this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    max_upload_mb: Annotated[
        int, typer.Option(help="Largest request body accepted (uploads), in MiB.")
    ] = 64,
) -> None:
    """Browse the store's stories in a browser, with a JSON API (/docs).

    Read-only unless the environment variable NEWSPRISM_TOKEN is set: then uploads
    (the /ingest page, POST /api/ingest) are accepted with that token.
    """
    import uvicorn

    from .web import ServerSettings, create_app

    token = os.environ.get("NEWSPRISM_TOKEN") or None
    settings = ServerSettings(db=db, token=token, max_upload_bytes=max_upload_mb * 1024 * 1024)
    if not db.exists():
        errors.print(f"[yellow]note:[/yellow] no store at {db} yet; it is created by 'ingest'")
    errors.print(
        f"serving {db} at http://{host}:{port}/ "
        + ("(uploads accepted with NEWSPRISM_TOKEN)" if token else "(read-only)"),
        highlight=False,
    )
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the report (the contract every renderer reads)."""
    from .report import json_schema

    typer.echo(json_schema())


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsprism {__version__}")
        raise typer.Exit()


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@app.callback()
def main(
    context: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """See one news story through every outlet that covered it."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # SIGTERM (a scheduler's stop, `kill`) ends the run as Ctrl-C does: through the
    # clean-up below, which stops the worker processes, not past it
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop_on_sigterm)
    # parser processes and encoder threads stop before the interpreter does
    context.call_on_close(close_default_models)
