"""The settings registry: every stage's options dataclass, its fields and their calibration.

A stage's options are a dataclass whose fields are made with ``setting(default,
calibration)``: the default is the value that runs, the calibration says on which data
it was chosen and what it scored there. ``registered(section, options)`` reads the
fields back, so ``newsprism config --explain``, ``--set section.name=value`` and the web
all see the dataclasses themselves, not a copy of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

CALIBRATION = "calibration"


@dataclass(frozen=True)
class Setting:
    """One named setting: ``section.name``, its value, its stage and its calibration."""

    name: str
    value: object
    stage: str
    calibration: str


def setting(default: Any, calibration: str) -> Any:
    """A field of a stage's options: its default and how that default was chosen."""
    return field(default=default, metadata={CALIBRATION: calibration})


def registered(section: str, options: object) -> list[Setting]:
    """The settings of one section (``options``, an options dataclass instance): every
    field that carries a calibration, with its current value."""
    return [
        Setting(f"{section}.{f.name}", getattr(options, f.name), section, f.metadata[CALIBRATION])
        for f in fields(options)  # type: ignore[arg-type]
        if CALIBRATION in f.metadata
    ]


def changed(options: Any) -> dict[str, Any]:
    """The fields of an options dataclass instance that differ from its class's
    defaults, in field order: what sets a run apart where results are cached or marked
    done."""
    default = type(options)()
    return {
        f.name: getattr(options, f.name)
        for f in fields(options)
        if getattr(options, f.name) != getattr(default, f.name)
    }
