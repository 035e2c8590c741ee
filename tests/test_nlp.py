"""The model layer: the int8 encoder against the published model, and the parser processes."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest

from newsprism.annotate import annotate
from newsprism.models import Article
from newsprism.nlp import Models

SENTENCES = [
    "The ceasefire talks resumed in the capital on Tuesday after a week-long pause.",
    "Negotiators met again on Tuesday, ending a pause of seven days.",
    "The central bank raised its main interest rate by half a percentage point.",
    "Heavy rain flooded roads across the northern province overnight.",
    "A spokesman said the government would publish the full agreement next week.",
]


def test_int8_vectors_stay_close_to_the_published_model(models):
    exact = Models(precision="float32").encode(SENTENCES)
    fast = models.encode(SENTENCES)
    assert models.precision == "int8"
    assert fast.shape == exact.shape == (len(SENTENCES), 384)
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-4)
    assert float((fast * exact).sum(axis=1).min()) > 0.97
    # what the pipeline relies on: the paraphrase pair is the closest pair either way
    for vectors in (fast, exact):
        similarity = vectors @ vectors.T - np.eye(len(SENTENCES)) * 2
        assert np.unravel_index(similarity.argmax(), similarity.shape) in ((0, 1), (1, 0))


def test_truncation_and_input_order(models):
    long_text = " ".join(["word"] * 600)
    rows = models.encode([SENTENCES[0], long_text, SENTENCES[2]], max_tokens=16)
    assert np.allclose(rows[0], models.encode([SENTENCES[0]], max_tokens=16)[0], atol=1e-5)
    assert np.allclose(rows[2], models.encode([SENTENCES[2]])[0], atol=1e-5)
    assert models.encode([]).shape == (0, 384)


def test_the_quantized_model_is_made_once_in_the_cache_dir(tmp_path, monkeypatch):
    from newsprism.quantized import EXPORT_FORMAT

    monkeypatch.setenv("NEWSPRISM_CACHE_DIR", str(tmp_path))
    older = ["all-minilm-l6-v2-0.1.0-int8.onnx", "all-minilm-l6-v2-0.0.9-int8-f1.onnx"]
    kept = [f"all-minilm-l6-v2-0.1.0-int8-f{EXPORT_FORMAT + 1}.onnx", "notes.onnx"]
    for name in older + kept:
        (tmp_path / name).write_bytes(b"")
    Models().encode(SENTENCES[:1])
    (made,) = tmp_path.glob(f"*-int8-f{EXPORT_FORMAT}.onnx")
    # earlier formats are removed once the new one is made; later ones and others stay
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([made.name, *kept])
    stamp = made.stat().st_mtime_ns
    again = Models().encode(SENTENCES[:1])
    assert made.stat().st_mtime_ns == stamp and len(list(tmp_path.iterdir())) == 3
    assert again.shape == (1, 384)


def test_precision_names_the_cached_vectors_and_is_checked():
    assert Models().encoder_id != Models(precision="float32").encoder_id
    with pytest.raises(ValueError, match="precision"):
        Models(precision="int4")
    with pytest.raises(ValueError, match="CPU"):
        Models(device="cuda", precision="int8")


def _articles(count: int) -> list[Article]:
    return [
        Article(
            id=f"a{n:02d}",
            source_path=f"a{n:02d}.txt",
            title=f"Report {n}",
            format="text",
            raw_text="",
            text=(
                f"Officials in Varno said on Monday that {n + 3} bridges had closed. "
                f'"We will reopen them soon," said Mayor Ilse Brandt, who spoke to reporters.'
            ),
        )
        for n in range(count)
    ]


@pytest.mark.skipif(not Models(processes=2).can_fork_parsers, reason="needs fork")
def test_parser_processes_give_what_one_process_gives(models):
    articles = _articles(20)
    here = annotate(articles, Models(processes=1))
    pooled = Models(processes=2)
    pooled.__dict__["spacy"] = models.spacy  # share the loaded pipeline
    done: list[int] = []
    try:
        assert annotate(articles, pooled, done.append) == here
        assert done[-1] == len(articles) and done == sorted(done)
    finally:
        pooled.drop_parser_pool()


@pytest.mark.skipif(not Models(processes=2).can_fork_parsers, reason="needs fork")
def test_closing_models_stops_their_processes_and_they_start_again_when_needed(models):
    articles = _articles(20)
    pooled = Models(processes=2)
    pooled.__dict__["spacy"] = models.spacy
    with pooled:
        first = annotate(articles, pooled)
        workers = list(pooled.parser_pool._processes.values())
        encoded = pooled.encode(["Officials said the bridges would reopen."])
    assert workers and not any(worker.is_alive() for worker in workers)
    try:  # still usable: processes and threads start again
        assert annotate(articles, pooled) == first
        assert np.array_equal(pooled.encode(["Officials said the bridges would reopen."]), encoded)
    finally:
        pooled.close()
    pooled.close()  # closing twice is harmless


def test_closing_waits_for_an_encoding_under_way(models):
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"Officials said {n} bridges would reopen on Monday." for n in range(200)]
    with ThreadPoolExecutor(1) as caller:
        encoding = caller.submit(models.encode, texts)
        models.close()
        assert encoding.result().shape == (200, 384)
    assert models.encode(texts[:1]).shape == (1, 384)


def _die(items, options):
    """A parser task whose process is gone (killed for memory), mid-run."""
    os._exit(1)


@pytest.mark.skipif(not Models(processes=2).can_fork_parsers, reason="needs fork")
def test_a_dead_parser_process_loses_no_article(models, monkeypatch):
    annotate_module = sys.modules["newsprism.annotate"]  # the package, not its function

    articles = _articles(20)
    here = annotate(articles, Models(processes=1))
    monkeypatch.setattr(annotate_module, "_annotate_task", _die)
    pooled = Models(processes=2)
    pooled.__dict__["spacy"] = models.spacy
    try:
        assert annotate(articles, pooled) == here
        assert "parser_pool" not in pooled.__dict__  # dropped, started afresh next time
    finally:
        pooled.drop_parser_pool()


def test_one_blas_thread_is_shared_and_restored_by_the_last_user():
    from threadpoolctl import threadpool_info

    from newsprism.nlp import one_blas_thread

    def blas_threads():
        return {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}

    before = blas_threads()
    with one_blas_thread():
        with one_blas_thread():
            assert blas_threads() <= {1}
        assert blas_threads() <= {1}  # the outer user still holds the limit
    assert blas_threads() == before


def test_repeated_texts_are_encoded_once_and_returned_in_place(models):
    texts = ["The dam was approved.", "Villagers vowed to fight.", "The dam was approved."]
    vectors = models.encode(texts)
    assert vectors.shape == (3, 384)
    assert (vectors[0] == vectors[2]).all() and not (vectors[0] == vectors[1]).all()
