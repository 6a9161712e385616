"""Propose candidate themes for one question from its responses, for an analyst to edit and sign off.

Responses are represented by TF-IDF word weights, reduced by latent semantic analysis (truncated SVD,
Deerwester et al., 1990) and grouped by k-means (Lloyd, 1982); each group becomes a candidate named by
its most characteristic words, with its size and the responses nearest its centre as examples. The
number of groups grows with the square root of the number of responses, between 2 and ``max_themes``.
Seeded: the same responses and seed give the same candidates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from careshift.errors import ValidationError

MIN_RESPONSES = 4


@dataclass(frozen=True)
class CandidateTheme:
    name: str
    keywords: tuple[str, ...]
    size: int
    examples: tuple[int, ...]  # indices of the responses nearest the centre


def _groups(n: int, max_themes: int) -> int:
    return max(2, min(max_themes, round(math.sqrt(n / 2)), n - 1))


def propose_themes(
    responses: Sequence[str], *, max_themes: int = 12, seed: int = 0, n_examples: int = 3
) -> list[CandidateTheme]:
    """Candidate themes, largest first."""
    texts = [r for r in responses if r and r.strip()]
    if len(texts) < MIN_RESPONSES:
        raise ValidationError(
            f"Only {len(texts)} responses have text: too few to propose themes from.",
            hint=f"Wait for at least {MIN_RESPONSES} responses, or add themes by hand.",
        )
    vectoriser = TfidfVectorizer(
        stop_words="english", sublinear_tf=True, min_df=1, max_df=0.9, ngram_range=(1, 2)
    )
    try:
        x = vectoriser.fit_transform(texts)
    except ValueError:
        raise ValidationError(
            "The responses have no words to group by (only common words or symbols).",
            hint="Add themes by hand.",
        ) from None
    k = _groups(len(texts), max_themes)
    dims = max(1, min(100, x.shape[1] - 1, len(texts) - 1))
    reduced = normalize(TruncatedSVD(dims, random_state=seed).fit_transform(x)) if dims > 1 else x.toarray()
    model = KMeans(n_clusters=k, n_init=4, random_state=seed).fit(reduced)
    terms = np.array(vectoriser.get_feature_names_out())
    found = []
    for group in range(k):
        members = np.flatnonzero(model.labels_ == group)
        if not len(members):
            continue
        weights = np.asarray(x[members].mean(axis=0)).ravel()
        keywords = tuple(terms[np.argsort(-weights)[:5]])
        distance = np.linalg.norm(reduced[members] - model.cluster_centers_[group], axis=1)
        examples = tuple(int(i) for i in members[np.argsort(distance)[:n_examples]])
        found.append(CandidateTheme(", ".join(keywords[:3]).capitalize(), keywords, len(members), examples))
    return sorted(found, key=lambda c: -c.size)
