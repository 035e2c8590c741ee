"""Sentence encoder: speed of the int8 ONNX model against the published PyTorch model,
and how far its vectors and similarities move.

    python benchmarks/encoder.py [--sentences 600]

Real news sentences (basil-dev when present, else the example corpus). Prints sentences
per second of each, the cosine between each sentence's two vectors, and how much the
similarity of sentence pairs changes in the range the pipeline's thresholds live in.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import EXAMPLES, labelled_set, load

from newsprism.nlp import Models
from newsprism.sentences import split_sentences


def best_rate(models: Models, sentences: list[str], repeats: int = 3) -> tuple[float, np.ndarray]:
    """Best of ``repeats`` runs, in sentences per second, and the vectors."""
    best = float("inf")
    vectors = models.encode(sentences[:8])
    for _ in range(repeats):
        started = time.perf_counter()
        vectors = models.encode(sentences)
        best = min(best, time.perf_counter() - started)
    return len(sentences) / best, vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=600)
    args = parser.parse_args()
    source = labelled_set("basil-dev")
    articles = load(source or EXAMPLES)
    # distinct sentences: the int8 encoder encodes a repeated text once, PyTorch does not
    sentences = list(dict.fromkeys(s for a in articles for s in split_sentences(a.text)))
    sentences = sentences[: args.sentences]

    exact_rate, exact = best_rate(Models(precision="float32"), sentences)
    fast_rate, fast = best_rate(Models(precision="int8"), sentences)
    same = (exact * fast).sum(axis=1)
    pairs = np.triu_indices(len(sentences), 1)
    before = (exact @ exact.T)[pairs]
    after = (fast @ fast.T)[pairs]
    name = source.parent.name if source else "examples"
    print(f"encoder benchmark: {len(sentences)} sentences from {name}")
    print(f"  float32 (PyTorch)      {exact_rate:6.0f} sentences/s")
    print(f"  int8 (ONNX Runtime)    {fast_rate:6.0f} sentences/s  (x{fast_rate / exact_rate:.2f})")
    print(f"  cosine of a sentence's two vectors: mean {same.mean():.4f}, min {same.min():.4f}")
    for low, high in ((0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 1.01)):
        chosen = (before >= low) & (before < high)
        if chosen.any():
            change = after[chosen] - before[chosen]
            print(
                f"  pair similarity {low:.1f}-{min(high, 1):.1f} ({chosen.sum():6d} pairs): "
                f"change mean {change.mean():+.4f}, sd {change.std():.4f}, "
                f"largest {np.abs(change).max():.4f}"
            )


if __name__ == "__main__":
    main()
