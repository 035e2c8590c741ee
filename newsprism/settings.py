"""Every setting of the pipeline in one place: name, value, and where it comes from.

The settings of the stages (``clean``, ``annotate``, ``embed``, ``cluster``,
``provenance``, ``outlets``, ``compare``, ``summary``) are the fields of their options
dataclasses, read from the dataclasses themselves (``newsprism.options``): ``newsprism
config --explain`` shows what actually runs, with the data each was calibrated on and
the score it reached there, and ``--set section.name=value`` changes any of them for one
run. The reading limits are ``ReadOptions`` fields, changed with ``--limit NAME=VALUE``.

``clean.*`` settings act where articles are read (``analyze PATHS``, ``batch``): a
store keeps the texts its ingest cleaned. ``annotate.*`` settings act everywhere
annotations are made; the store caches annotations per settings.
"""

from __future__ import annotations

from dataclasses import fields

from .options import Setting, registered
from .read import LIMITS, ReadOptions

__all__ = ["FIXED_SECTIONS", "Setting", "settable", "settings"]

# Sections that ``--set`` does not change, and why.
FIXED_SECTIONS = {
    "read": "reading limits are set with --limit NAME=VALUE",
}


def _analysis_settings() -> list[Setting]:
    from .analyze import AnalyzeOptions  # analyze imports this module's users

    options = AnalyzeOptions()
    return [
        setting
        for section in fields(options)
        for setting in registered(section.name, getattr(options, section.name))
    ]


def settable() -> list[str]:
    """The names ``--set`` accepts: every setting of the analysis stages."""
    return [setting.name for setting in _analysis_settings()]


def settings() -> list[Setting]:
    """The pipeline's settings with their values and why: the reading limits, then
    every stage's options."""
    read = ReadOptions()
    limits = [
        Setting(f"read.{name}", getattr(read, name), "read", why) for name, why in LIMITS.items()
    ]
    return [*limits, *_analysis_settings()]
