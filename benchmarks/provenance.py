"""Provenance along the copy continuum: what is found, and false copies of independent work.

    python benchmarks/provenance.py [--stories 30] [--seed 11] [--tables a,b]

The dev sets' stories are independent reporting: each is one event told by different
outlets (basil-dev, allsides-dev; the example corpus when they are absent). From a
sample of ``--stories`` stories, one article — the source — is copied by the project's
own generator along the continuum of reuse:

- ``reworded`` at rates 0-100 %: that share of the words the synonym table knows
  replaced by a synonym (0 % is a verbatim republication);
- ``spun light / moderate / heavy``: rewording at 30 / 50 / 80 % with, increasingly,
  filler sentences, clauses swapped around their comma, and sentences split at "and"
  (and a paragraph's first two sentences merged when short);
- ``abridged``: the first half of the source's paragraphs;
- ``patchwork``: the first half of the source and the second half of another article
  of the story;
- ``lifted quotes``: the source's quoted sentences inside an article of another story.

*kept* is the share of each copy's words that are its sources' words, averaged per row:
how far from its source the generator took it. Each copy joins its story's articles under an outlet and an id of its own, with the
source's date, its title reworded alike (another story's for lifted quotes) and no
credit line, and ``find_provenance`` runs over them as ``analyze`` runs it (document
vectors and sentence vectors from the encoder). A copy is *found* when it or its source
is called a copy of the other (``of`` or ``same_text_as``), and *directed* when the copy
is the one called the copy (its ``of`` is its source, or it is syndicated copy sharing
its source's text with no direction, as wire copies are). The story's other articles
are independent of the copy: each one called the copy's copy or source is a *false
copy*; and the articles of each whole dev set, analysed alone without any copy, must all
stay original. Two synonym tables and seeds run (``--tables a,b``): tune on one, check
on the other, so that the model does not fit the generator.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import EXAMPLES, load, present_sets

from newsprism.embed import embed_documents
from newsprism.models import Article
from newsprism.nlp import Models
from newsprism.provenance import find_provenance

# Two synonym tables over different words: a spinner's thesaurus, written for this
# benchmark. Table b checks what was tuned on table a.
SYNONYMS = {
    "a": {
        "said": ["stated", "declared", "remarked"],
        "people": ["individuals", "persons", "folks"],
        "government": ["administration", "authorities"],
        "killed": ["slain", "left dead"],
        "president": ["head of state", "leader"],
        "new": ["fresh", "novel"],
        "big": ["large", "huge"],
        "large": ["big", "sizeable"],
        "help": ["aid", "assist"],
        "show": ["demonstrate", "reveal"],
        "shows": ["demonstrates", "reveals"],
        "began": ["started", "commenced"],
        "start": ["begin", "commence"],
        "end": ["finish", "conclude"],
        "ended": ["finished", "concluded"],
        "important": ["significant", "crucial"],
        "country": ["nation", "land"],
        "attack": ["assault", "strike"],
        "attacks": ["assaults", "strikes"],
        "officials": ["authorities", "functionaries"],
        "official": ["functionary", "representative"],
        "week": ["seven days"],
        "talks": ["negotiations", "discussions"],
        "agreement": ["deal", "accord"],
        "plan": ["scheme", "proposal"],
        "city": ["town", "metropolis"],
        "police": ["law enforcement", "officers"],
        "increase": ["rise", "growth"],
        "decision": ["ruling", "determination"],
        "because": ["since", "as"],
        "however": ["nevertheless", "nonetheless"],
        "also": ["additionally", "likewise"],
        "many": ["numerous", "plenty of"],
        "several": ["a number of", "various"],
        "about": ["around", "roughly"],
        "after": ["following", "subsequent to"],
        "before": ["prior to", "ahead of"],
        "during": ["throughout", "in the course of"],
        "told": ["informed", "advised"],
        "asked": ["requested", "inquired of"],
        "wanted": ["desired", "wished"],
        "made": ["created", "produced"],
        "make": ["create", "produce"],
        "called": ["termed", "labelled"],
        "group": ["band", "collective"],
        "support": ["backing", "endorsement"],
        "problem": ["issue", "difficulty"],
        "change": ["alteration", "shift"],
        "report": ["account", "dispatch"],
        "state": ["region", "province"],
        "leaders": ["chiefs", "heads"],
        "quickly": ["rapidly", "swiftly"],
        "major": ["key", "principal"],
        "law": ["statute", "legislation"],
        "money": ["funds", "cash"],
        "house": ["home", "residence"],
        "children": ["kids", "youngsters"],
    },
    "b": {
        "says": ["states", "claims"],
        "year": ["twelve months", "annum"],
        "years": ["twelve-month periods", "annums"],
        "work": ["labour", "toil"],
        "against": ["versus", "opposed to"],
        "under": ["beneath", "below"],
        "public": ["civic", "communal"],
        "military": ["armed forces", "army"],
        "vote": ["ballot", "poll"],
        "court": ["tribunal", "bench"],
        "minister": ["secretary", "cabinet member"],
        "case": ["matter", "instance"],
        "members": ["participants", "affiliates"],
        "part": ["portion", "segment"],
        "days": ["twenty-four-hour periods", "dates"],
        "former": ["previous", "erstwhile"],
        "last": ["previous", "final"],
        "first": ["initial", "earliest"],
        "early": ["initial", "premature"],
        "recent": ["latest", "current"],
        "statement": ["declaration", "announcement"],
        "according": ["as stated"],
        "expected": ["anticipated", "predicted"],
        "including": ["comprising", "counting"],
        "while": ["whereas", "even as"],
        "still": ["yet", "nevertheless"],
        "could": ["might", "may"],
        "would": ["might", "should"],
        "need": ["requirement", "necessity"],
        "needed": ["required", "necessary"],
        "security": ["safety", "protection"],
        "forces": ["troops", "units"],
        "deal": ["arrangement", "bargain"],
        "country's": ["nation's", "land's"],
        "national": ["countrywide", "nationwide"],
        "economy": ["financial system", "markets"],
        "health": ["wellbeing", "well-being"],
        "fight": ["battle", "struggle"],
        "power": ["authority", "strength"],
        "white": ["pale", "snowy"],
        "senate": ["upper chamber", "senate body"],
        "bill": ["measure", "proposed law"],
        "meeting": ["gathering", "session"],
        "announced": ["declared", "proclaimed"],
        "war": ["conflict", "combat"],
        "high": ["elevated", "lofty"],
        "small": ["little", "minor"],
        "think": ["believe", "reckon"],
        "believe": ["think", "consider"],
        "move": ["step", "action"],
        "long": ["lengthy", "extended"],
    },
}
FILLER = [
    "It is worth noting that this matters a great deal.",
    "This is something that many will be watching closely.",
    "Needless to say, the situation remains fluid.",
    "As a matter of fact, there is more to the story.",
    "In other words, the details are still emerging.",
]
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_QUOTED = re.compile(r'"[^"]{20,}"|“[^”]{20,}”')


def reword(text: str, rate: float, table: dict[str, list[str]], chance: random.Random) -> str:
    """Replace ``rate`` of the words ``table`` knows by one of their synonyms."""

    def swap(match: re.Match) -> str:
        word = match.group(0)
        synonyms = table.get(word.lower())
        if not synonyms or chance.random() >= rate:
            return word
        synonym = chance.choice(synonyms)
        return synonym[0].upper() + synonym[1:] if word[0].isupper() else synonym

    return _WORD.sub(swap, text)


def _sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(paragraph.strip()) if s]


def _restructure(sentence: str, chance: random.Random, swap: bool, split: bool) -> list[str]:
    """A sentence with its clauses swapped around its first comma, or split at "and"."""
    head, comma, tail = sentence.partition(", ")
    if (
        swap
        and comma
        and len(head.split()) >= 4
        and len(tail.split()) >= 4
        and chance.random() < 0.5
    ):
        tail = tail.rstrip(".!?")
        sentence = f"{tail[0].upper()}{tail[1:]}, {head[0].lower()}{head[1:]}."
    first, conjunction, rest = sentence.partition(" and ")
    if split and conjunction and len(first.split()) >= 4 and len(rest.split()) >= 4:
        return [f"{first.rstrip(',')}.", f"Also, {rest}"]
    return [sentence]


def spin(
    text: str,
    rate: float,
    table: dict[str, list[str]],
    chance: random.Random,
    filler: float = 0.0,
    swap: bool = False,
    split: bool = False,
) -> str:
    """A spun copy: reworded, with filler after ``filler`` of its sentences, clauses
    swapped and sentences split (and short neighbours merged) when asked."""
    paragraphs = []
    for paragraph in text.split("\n\n"):
        out: list[str] = []
        for sentence in _sentences(paragraph):
            out += _restructure(reword(sentence, rate, table, chance), chance, swap, split)
            if chance.random() < filler:
                out.append(chance.choice(FILLER))
        if split and len(out) >= 2 and len(out[0].split()) + len(out[1].split()) < 30:
            out[:2] = [f"{out[0].rstrip('.')}, and {out[1][0].lower()}{out[1][1:]}"]
        paragraphs.append(" ".join(out))
    return "\n\n".join(p for p in paragraphs if p)


def _halves(text: str) -> tuple[str, str]:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    if len(paragraphs) < 2:
        sentences = _sentences(text)
        middle = max(1, len(sentences) // 2)
        return " ".join(sentences[:middle]), " ".join(sentences[middle:])
    middle = max(1, len(paragraphs) // 2)
    return "\n\n".join(paragraphs[:middle]), "\n\n".join(paragraphs[middle:])


def copies_of(
    source: Article,
    other: Article,
    unrelated: Article,
    table: dict[str, list[str]],
    chance: random.Random,
) -> list[tuple[str, str, str, set[str]]]:
    """(kind, rate, text, ids of the sources) of every copy made from ``source``; lifted
    quotes only when the source has two quotes or more."""
    made = [
        ("reworded", f"{rate:.0%}", spin(source.text, rate, table, chance), {source.id})
        for rate in (0.0, 0.1, 0.25, 0.5, 0.75, 1.0)
    ]
    made += [
        ("spun light", "30%", spin(source.text, 0.3, table, chance, filler=0.15), {source.id}),
        (
            "spun moderate",
            "50%",
            spin(source.text, 0.5, table, chance, filler=0.25, swap=True),
            {source.id},
        ),
        (
            "spun heavy",
            "80%",
            spin(source.text, 0.8, table, chance, filler=0.35, swap=True, split=True),
            {source.id},
        ),
        ("abridged", "-", _halves(source.text)[0], {source.id}),
        (
            "patchwork",
            "-",
            _halves(source.text)[0] + "\n\n" + _halves(other.text)[1],
            {source.id, other.id},
        ),
    ]
    quotes = _QUOTED.findall(source.text)
    if len(quotes) >= 2:
        around = _sentences(unrelated.text)[:6]
        lifted = [f"{quote}, a report said." for quote in quotes]
        mixed = [s for pair in zip(around, lifted, strict=False) for s in pair]
        made.append(("lifted quotes", "-", " ".join(mixed + lifted[len(around) :]), {source.id}))
    return made


def _stories(articles: list[Article]) -> list[list[Article]]:
    by_event: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_event[str(article.metadata.get("event", article.outlet))].append(article)
    return [story for story in by_event.values() if len(story) >= 3]


def _provenance(articles: list[Article], models: Models):
    return find_provenance(articles, models, embeddings=embed_documents(articles, models))


def run(sets: dict[str, list[Article]], models: Models, stories: int, seed: int, table: str):
    chance = random.Random(seed)
    found: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    called: dict[tuple[str, str], Counter] = defaultdict(Counter)
    # per kind, the share of each copy's words that are its sources' words
    kept: dict[tuple[str, str], list[float]] = defaultdict(list)
    independent = false_copies = 0
    pool = [story for articles in sets.values() for story in _stories(articles)]
    if len(pool) < 2:
        raise SystemExit("fewer than two stories of three articles: nothing to copy from")
    sample = chance.sample(pool, min(stories, len(pool)))
    for number, story in enumerate(sample):
        source, other = story[0], story[1]
        unrelated = sample[(number + 1) % len(sample)][0]  # of another story
        for kind, rate, text, sources in copies_of(
            source, other, unrelated, SYNONYMS[table], chance
        ):
            title = unrelated.title if kind == "lifted quotes" else source.title
            if kind.startswith(("reworded", "spun")) and title:
                title = reword(title, float(rate.rstrip("%")) / 100, SYNONYMS[table], chance)
            copy = source.model_copy(
                update={
                    "id": f"{chance.getrandbits(64):016x}",
                    "text": text,
                    "title": title,
                    "outlet": "Copy Desk",
                    "url": None,
                    "credited_outlet": None,
                    "credit_kind": None,
                }
            )
            result = _provenance([*story, copy], models)
            mine = result[copy.id]
            points = {mine.of, *mine.same_text_as} & sources
            inverted = any(result[s].of == copy.id for s in sources if s in result)
            tally = found[(kind, rate)]
            copy_words, source_words = _WORD.findall(text.lower()), set()
            for article in story:
                if article.id in sources:
                    source_words |= set(_WORD.findall(article.text.lower()))
            kept[(kind, rate)].append(
                sum(w in source_words for w in copy_words) / max(1, len(copy_words))
            )
            tally[0] += 1
            tally[1] += bool(points) or inverted
            # the copy called the copy: of its source, or wire-like copy of no direction
            tally[2] += mine.of in sources or (
                mine.kind == "syndicated" and mine.of is None and bool(points) and not inverted
            )
            called[(kind, rate)][mine.kind] += 1
            for article in story:
                if article.id not in sources:
                    independent += 1
                    linked = result[article.id]
                    false_copies += copy.id in {linked.of, *linked.same_text_as}
    return found, called, kept, independent, false_copies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=30)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--tables", default="a,b", help="synonym tables to run, in order")
    arguments = parser.parse_args()
    present = present_sets()
    sets = {name: load(path) for name, path in present} or {"examples": load(EXAMPLES)}
    started = time.perf_counter()
    with Models() as models:
        for name, articles in sets.items():
            kinds = Counter(p.kind for p in _provenance(articles, models).values())
            print(
                f"{name}: {len(articles)} independent articles, "
                f"{len(articles) - kinds['original']} not called original {dict(kinds)}"
            )
        for offset, table in enumerate(arguments.tables.split(",")):
            seed = arguments.seed + offset
            found, called, kept, independent, false_copies = run(
                sets, models, arguments.stories, seed, table
            )
            print(f"\nsynonym table {table}, seed {seed}, {arguments.stories} stories")
            print(
                f"{'copy':15s} {'rate':>5s} {'kept':>5s} {'copies':>6s} {'found':>6s} "
                f"{'directed':>8s}  called"
            )
            for (kind, rate), (total, hit, directed) in found.items():
                kinds = ", ".join(f"{k} {n}" for k, n in called[(kind, rate)].most_common())
                print(
                    f"{kind:15s} {rate:>5s} {sum(kept[(kind, rate)]) / total:5.0%} {total:6d} "
                    f"{hit / total:6.0%} {directed / total:8.0%}"
                    f"  {kinds}"
                )
            print(
                "false copies (another article of the story called the copy's copy or "
                f"source): {false_copies} of {independent}"
            )
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
