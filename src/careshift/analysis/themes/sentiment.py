"""Sentiment of a response: positive, negative, neutral or mixed, from a small lexicon with negation.

Offline and explainable (the words that decided are returned). In the style of VADER (Hutto and
Gilbert, 2014) but much smaller: a word list scored +1/-1, a negator ("not", "never", "no", "n't")
within the three words before a term flips it, and "but" gives the clause after it double weight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _words(text: str) -> list[str]:
    return text.split()


POSITIVE = frozenset(
    _words(
        """
excellent good great brilliant amazing wonderful fantastic helpful kind caring friendly supportive
lovely happy pleased grateful thank thanks thankful professional polite efficient quick prompt clean
welcoming reassuring listened understanding compassionate patient best better improved improve easy
comfortable safe respectful love loved superb outstanding nice calm clear informative positive
"""
    )
)
NEGATIVE = frozenset(
    _words(
        """
bad poor terrible awful rude unhelpful slow late delay delayed delays waiting wait worse worst dirty
unsafe ignored dismissive upset angry disappointed disappointing difficult hard confusing confused
cancelled cancel lost never nobody closure close closed closing cut cuts far expensive unclear
worried worry concern concerned concerns lack lacking shortage short understaffed impossible fail
failed failing problem problems complaint unacceptable stressful stress pain painful negative miss
"""
    )
)
NEGATORS = frozenset(
    {
        "not",
        "never",
        "no",
        "nothing",
        "without",
        "hardly",
        "dont",
        "didnt",
        "wasnt",
        "isnt",
        "cant",
        "couldnt",
        "wont",
        "wouldnt",
        "arent",
        "werent",
    }
)
WORD = re.compile(r"[a-z']+")
LABELS = ("positive", "negative", "neutral", "mixed")


@dataclass(frozen=True)
class Sentiment:
    label: str
    score: float
    evidence: tuple[str, ...]


def _score_clause(words: list[str]) -> tuple[float, float, list[str]]:
    pos = neg = 0.0
    evidence = []
    for i, word in enumerate(words):
        polarity = 1 if word in POSITIVE else -1 if word in NEGATIVE else 0
        if not polarity:
            continue
        if any(w in NEGATORS for w in words[max(0, i - 3) : i]):
            polarity = -polarity
        if polarity > 0:
            pos += 1
        else:
            neg += 1
        evidence.append(word)
    return pos, neg, evidence


def sentiment(text: str) -> Sentiment:
    words = [w.replace("'", "") for w in WORD.findall(text.lower())]
    before, _, after = " ".join(words).partition(" but ")
    pos, neg, evidence = _score_clause(before.split())
    if after:
        p2, n2, e2 = _score_clause(after.split())
        pos, neg, evidence = pos + 2 * p2, neg + 2 * n2, evidence + e2
    total = pos + neg
    score = 0.0 if not total else (pos - neg) / total
    if not total:
        label = "neutral"
    elif pos and neg and abs(score) < 0.34:
        label = "mixed"
    else:
        label = "positive" if score > 0 else "negative"
    return Sentiment(label, round(score, 3), tuple(evidence))
