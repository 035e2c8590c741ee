"""Dask plugins that end a local cluster's processes with the driver (``lifeline``).

Imported only when the batch driver starts a local Dask cluster: the nannies and the
workers it starts then watch the driver's process and exit once it is gone, instead of
waiting, with their models loaded, for a scheduler that died with it. Not used with an
existing cluster (``--scheduler``): that one outlives any one driver on purpose.
"""

from __future__ import annotations

from distributed.diagnostics.plugin import NannyPlugin, WorkerPlugin

from .lifeline import watch_owner


class OwnerWatch(WorkerPlugin):
    """Each worker exits once the process ``owner`` is gone."""

    name = "newsprism-owner-watch"

    def __init__(self, owner: int) -> None:
        self.owner = owner

    def setup(self, worker: object) -> None:
        watch_owner(self.owner)


class NannyOwnerWatch(NannyPlugin):
    """Each nanny exits once the process ``owner`` is gone, so that it does not start
    its worker again."""

    name = "newsprism-nanny-owner-watch"

    def __init__(self, owner: int) -> None:
        self.owner = owner

    def setup(self, nanny: object) -> None:
        watch_owner(self.owner)
