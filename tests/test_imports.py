"""Every module of the package imports in a fresh interpreter.

A dependency reached only through an optional code path (a reader, the web app, the
batch runner) would otherwise go unnoticed until a user takes that path; here it fails
the suite. The imports run in a new interpreter, so nothing the test process imported
already can hide a missing one.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import newsprism

MODULES = sorted(
    module.name
    for module in pkgutil.walk_packages(newsprism.__path__, prefix="newsprism.")
    if module.name != "newsprism.__main__"
)
# Imports each module named on the command line and prints those that fail, with why.
IMPORT_EACH = """
import importlib, sys, traceback
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except Exception:
        print(name, "->", traceback.format_exc(limit=-3))
"""


def test_the_package_has_its_stage_modules():
    for stage in ("read", "clean", "annotate", "provenance", "cluster", "compare", "render"):
        assert f"newsprism.{stage}" in MODULES


def test_every_module_imports_in_a_fresh_interpreter():
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_EACH, *MODULES], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == "", f"modules that fail to import:\n{done.stdout[-4000:]}"


def test_every_public_name_resolves():
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import newsprism; [getattr(newsprism, n) for n in newsprism.__all__]",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_every_imported_package_is_a_direct_requirement():
    """A package the code imports must be pinned in pyproject.toml itself, not reached
    through another package's requirements (or an extra that an older pip skips)."""
    import ast
    import importlib.metadata
    import tomllib
    from pathlib import Path

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    root = Path(newsprism.__file__).parent
    imported: set[str] = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    imported -= set(sys.stdlib_module_names) | {"newsprism"}
    project = tomllib.loads((root.parent / "pyproject.toml").read_text(encoding="utf-8"))
    pinned = {
        canonicalize_name(Requirement(line).name) for line in project["project"]["dependencies"]
    }
    distributions = importlib.metadata.packages_distributions()
    unpinned = {
        module: distributions.get(module)
        for module in imported
        if not {canonicalize_name(d) for d in distributions.get(module, [module])} & pinned
    }
    assert unpinned == {}
