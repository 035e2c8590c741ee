"""One table of quality on every labelled set present, with the plain references.

    python benchmarks/quality.py

Runs ``newsprism evaluate`` on basil-dev (stories with and without dates, quotes),
allsides-dev (stories, summaries) and ecb-dev (undated events of one kind per topic;
also how far storylines keep its events apart), and in the same run the plain
references a user would build: all-MiniLM-L6-v2 and TF-IDF, each with average-link
clustering and its threshold tuned on that very set, and LEAD (each article's first
sentence) for summaries. Every set is analyzed whole, so that the citations of its
summaries are checked against the articles.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import ALL_SETS, DATA, load, present_sets
from clustering import reference, tfidf_vectors

from newsprism.embed import embed_documents
from newsprism.evaluate import evaluate
from newsprism.nlp import Models


def main() -> None:
    models = Models()
    # the plain reference a user would build: the published (float32) encoder
    plain_models = Models(precision="float32")
    rows: list[tuple[str, str, str]] = []
    for name, path in present_sets(ALL_SETS):
        quotes = DATA / name / "quotes.json"
        summaries = DATA / name / "roundups.jsonl"
        result = evaluate(
            [path],
            quotes=quotes if quotes.exists() else None,
            summaries=summaries if summaries.exists() else None,
            models=models,
            citations=True,
        )
        articles = load(path)
        dated = any(a.published for a in articles)
        undated = evaluate([path], ignore_dates=True, models=models) if dated else None
        gold = [a.metadata["event"] for a in articles]
        _, ref_b3, ref_pair = reference(embed_documents(articles, plain_models), gold)
        _, tfidf_b3, tfidf_pair = reference(tfidf_vectors(articles), gold)
        clustering = result.clustering
        rows.append(
            (
                name,
                "stories B3 F1" + (" (with dates)" if dated else ""),
                f"{clustering['bcubed_f1']:.3f}",
            )
        )
        if undated is not None:
            rows.append(
                (name, "stories B3 F1 (dates ignored)", f"{undated.clustering['bcubed_f1']:.3f}")
            )
        rows += [
            (name, "stories pairwise F1", f"{clustering['pairwise_f1']:.3f}"),
            (
                name,
                "storylines: B3 precision against events",
                f"{clustering['storyline_bcubed_precision']:.3f} "
                f"({clustering['storylines']} storylines, {clustering['stories']} stories)",
            ),
            (name, "reference MiniLM avg-link tuned on itself: B3 F1", f"{ref_b3:.3f}"),
            (name, "reference MiniLM avg-link tuned on itself: pair F1", f"{ref_pair:.3f}"),
            (name, "reference TF-IDF avg-link tuned on itself: B3 F1", f"{tfidf_b3:.3f}"),
            (name, "reference TF-IDF avg-link tuned on itself: pair F1", f"{tfidf_pair:.3f}"),
        ]
        if result.quotes:
            rows += [
                (name, "quotes found", f"{result.quotes['found']:.3f}"),
                (name, "quote speakers right", f"{result.quotes['speaker_right']:.3f}"),
                (
                    name,
                    "quote speakers right (gold speaker a person)",
                    f"{result.quotes['speaker_right_persons']:.3f} "
                    f"of {result.quotes['annotated_persons']}",
                ),
            ]
        if result.summaries:
            s = result.summaries
            rows += [
                (
                    name,
                    "summary ROUGE-1 / 2 / L",
                    f"{s['system_rouge1']:.3f} / {s['system_rouge2']:.3f} / {s['system_rougeL']:.3f}",
                ),
                (
                    name,
                    "LEAD ROUGE-1 / 2 / L",
                    f"{s['lead_rouge1']:.3f} / {s['lead_rouge2']:.3f} / {s['lead_rougeL']:.3f}",
                ),
                (name, "summary sentences cited", f"{s['cited_share']:.3f}"),
                (
                    name,
                    "loaded terms per 1000 words: summaries / articles",
                    f"{s['loaded_per_1000_words_summaries']:.2f} / {s['loaded_per_1000_words_articles']:.2f}",
                ),
            ]
        if result.citations:
            c = result.citations
            rows.append(
                (
                    name,
                    "summary citations backed (figure sentences)",
                    f"{c['citation_support']:.3f} of {c['citations']} citations; "
                    f"{c['sentences_wholly_backed']:.3f} of {c['figure_sentences']} sentences",
                )
            )
            rows.append(
                (
                    name,
                    "summary citations: article writes every number",
                    f"{c['numeral_support']:.3f} of {c['numbered_citations']} citations",
                )
            )
        rows.append(
            (
                name,
                "speed (articles/s), peak memory",
                f"{result.articles / result.seconds:.1f}, {result.peak_memory_mb:.0f} MiB",
            )
        )
    width = max(len(r[1]) for r in rows) if rows else 10
    for name, measure, value in rows:
        print(f"{name:13s} {measure:{width}s} {value}")


if __name__ == "__main__":
    main()
