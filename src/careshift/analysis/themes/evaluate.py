"""How well the automatic codes agree with a person's: samples-averaged F1 on human-coded responses.

:func:`samples_f1` is the mean over responses of 2|A∩H| / (|A| + |H|) between the automatic set A and
the human set H (scikit-learn's ``average="samples"``; a response both left uncoded scores 1).
:func:`simulate` replays coding a CSV: a person codes ``human_fraction`` of the responses, chosen by
the coder itself in rounds (uncertainty sampling; the "person" is simulated by the file's own codes),
or none at all (then only the theme names and descriptions guide the coder); the coder codes the rest,
and F1 is measured on the rest only, so the person's own codes never flatter the figure.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from careshift.analysis.themes.coder import Theme, ThemeCoder
from careshift.analysis.themes.llm import Endpoint, LLMCoder
from careshift.errors import ValidationError

FIRST_ROUND = 0.2  # the share of the person's budget spent on a random first sample
ROUNDS = 4


def samples_f1(automatic: np.ndarray, human: np.ndarray) -> float:
    """Samples-averaged F1 of two boolean (responses x themes) arrays."""
    a, h = automatic.astype(bool), human.astype(bool)
    both = (a & h).sum(axis=1)
    sizes = a.sum(axis=1) + h.sum(axis=1)
    per = np.where(sizes == 0, 1.0, 2 * both / np.maximum(sizes, 1))
    return float(per.mean()) if len(per) else 0.0


@dataclass(frozen=True)
class Evaluation:
    samples_f1: float
    n_responses: int
    n_human_coded: int
    n_evaluated: int
    seconds: float
    method: str = "tfidf"


def choose_for_person(
    coder: ThemeCoder,
    texts: Sequence[str],
    labelled: list[int],
    budget: int,
    rng: np.random.Generator,
    corpus: Sequence[str],
    truth: Sequence[set[str]],
) -> list[int]:
    """Active learning: a random first sample, then rounds asking about the least certain responses."""
    n = len(texts)
    first = min(budget, max(1, int(budget * FIRST_ROUND)))
    chosen = list(rng.choice(n, size=first, replace=False))
    step = max(1, (budget - first + ROUNDS - 1) // ROUNDS)
    while len(chosen) < budget:
        coder.fit([texts[i] for i in chosen], [truth[i] for i in chosen], corpus=corpus)
        rest = np.setdiff1d(np.arange(n), chosen)
        order = np.argsort(-coder.uncertainty(coder.probabilities([texts[i] for i in rest])), kind="stable")
        chosen += [int(i) for i in rest[order[: min(step, budget - len(chosen))]]]
    return chosen + labelled


def simulate(
    texts: Sequence[str],
    truth: Sequence[set[str]],
    themes: Sequence[Theme],
    *,
    human_fraction: float,
    seed: int,
    threshold: float | None = None,
    llm: Endpoint | None = None,
) -> Evaluation:
    if not 0 <= human_fraction < 1:
        raise ValidationError(
            f"The human-coded fraction {human_fraction} is outside 0 to 1.",
            hint="Pass a fraction such as 0.1 for 10%.",
        )
    started = time.perf_counter()
    if llm is not None:
        return _simulate_llm(texts, truth, themes, human_fraction, seed, llm, started)
    coder = ThemeCoder(themes) if threshold is None else ThemeCoder(themes, threshold=threshold)
    rng = np.random.default_rng(seed)
    budget = round(human_fraction * len(texts))
    person = choose_for_person(coder, texts, [], budget, rng, texts, truth) if budget else []
    coder.fit([texts[i] for i in person], [truth[i] for i in person], corpus=texts)
    rest = np.setdiff1d(np.arange(len(texts)), person)
    automatic = coder.decide(coder.probabilities([texts[i] for i in rest]))
    human = np.array([[t.key in truth[i] for t in themes] for i in rest], dtype=bool)
    return Evaluation(
        samples_f1(automatic, human),
        len(texts),
        len(person),
        len(rest),
        time.perf_counter() - started,
        coder.method,
    )


def _simulate_llm(
    texts: Sequence[str],
    truth: Sequence[set[str]],
    themes: Sequence[Theme],
    human_fraction: float,
    seed: int,
    endpoint: Endpoint,
    started: float,
) -> Evaluation:
    """The language model codes the responses a person did not; the person's share (a random sample:
    the model gives no uncertainty to choose by) becomes its examples."""
    rng = np.random.default_rng(seed)
    person = [int(i) for i in rng.choice(len(texts), size=round(human_fraction * len(texts)), replace=False)]
    coder = LLMCoder(endpoint, themes, [(texts[i], truth[i]) for i in person])
    rest = np.setdiff1d(np.arange(len(texts)), person)
    codes = coder.code([texts[i] for i in rest])
    keys = [t.key for t in themes]
    automatic = np.array([[k in {c.theme for c in row} for k in keys] for row in codes], dtype=bool)
    human = np.array([[k in truth[i] for k in keys] for i in rest], dtype=bool)
    return Evaluation(
        samples_f1(automatic.reshape(human.shape), human),
        len(texts),
        len(person),
        len(rest),
        time.perf_counter() - started,
        coder.method,
    )
