"""The public surface: what the package exports, and what the README documents."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import click
import typer

import newsprism
from newsprism.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_all_names_exactly_the_public_names_of_the_package():
    public = {
        name
        for name, value in vars(newsprism).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert sorted(newsprism.__all__) == sorted(public | {"__version__"})
    assert newsprism.__all__ == sorted(newsprism.__all__, key=lambda n: (n.islower(), n))


def _commands(command: click.Command, path: tuple[str, ...] = ()):
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _commands(sub, (*path, name))
    yield path, command


def test_every_command_and_option_of_the_cli_is_in_the_readme():
    missing = []
    for path, command in _commands(typer.main.get_command(app)):
        if path and f"newsprism {' '.join(path)}" not in README:
            missing.append(f"newsprism {' '.join(path)}")
        for parameter in command.params:
            missing += [
                f"{' '.join(path) or 'newsprism'} {flag}"
                for flag in parameter.opts
                if flag.startswith("--") and not re.search(rf"{re.escape(flag)}(?![\w-])", README)
            ]
    assert missing == []
