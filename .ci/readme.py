"""The README's own commands, for CI: print a marked block, or check the demo's output.

    python3 .ci/readme.py block setup     # the code of <!-- ci:setup --> ... <!-- /ci:setup -->
    python3 .ci/readme.py check-demo LOG  # the demo reported the example corpus's stories

Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def block(name: str) -> str:
    """The fenced code between ``<!-- ci:NAME -->`` and ``<!-- /ci:NAME -->`` in README.md."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    marked = re.search(
        rf"<!-- ci:{name} -->\s*```\w*\n(.*?)```\s*<!-- /ci:{name} -->", readme, re.DOTALL
    )
    if marked is None:
        raise SystemExit(
            f"README.md: no code block marked <!-- ci:{name} --> ... <!-- /ci:{name} -->"
        )
    return marked.group(1)


def check_demo(log: Path) -> None:
    """The demo's ``analyze`` printed a JSON report whose stories hold the example
    corpus's gold stories (most of each gold story's articles in one reported story)."""
    output = log.read_text(encoding="utf-8")
    start = output.find('{\n  "schema_version"')
    if start < 0:
        raise SystemExit(f"{log}: the demo printed no JSON report")
    report, _ = json.JSONDecoder().raw_decode(output[start:])
    gold = json.loads((ROOT / "examples" / "gold.json").read_text(encoding="utf-8"))
    titles = {a["title"]: a["story"] for a in gold["articles"] if a.get("title")}
    by_id = {a["id"]: a for a in report["articles"]}
    problems = []
    for story_name in sorted(set(titles.values())):
        wanted = {t for t, s in titles.items() if s == story_name}
        best = max(
            (sum(by_id[i]["title"] in wanted for i in s["article_ids"]) for s in report["stories"]),
            default=0,
        )
        if best * 2 <= len(wanted):
            problems.append(
                f"story {story_name!r}: at most {best} of {len(wanted)} articles together"
            )
    if problems:
        raise SystemExit(
            f"{log}: the demo's report misses the example stories: " + "; ".join(problems)
        )
    print(
        f"demo: {len(report['articles'])} articles, {len(report['stories'])} stories; "
        f"the example corpus's {len(set(titles.values()))} stories found"
    )


if __name__ == "__main__":
    command, argument = sys.argv[1:3]
    if command == "block":
        print(block(argument), end="")
    elif command == "check-demo":
        check_demo(Path(argument))
    else:
        raise SystemExit(f"unknown command {command!r}")
