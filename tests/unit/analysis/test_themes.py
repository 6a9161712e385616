"""Theme analysis on small hand-made responses: candidates, coding, learning from codes, PII, F1."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from careshift.analysis.themes import Theme, ThemeCoder, find_pii, propose_themes, redact, sentiment
from careshift.analysis.themes.evaluate import samples_f1, simulate
from careshift.analysis.themes.pii import nhs_number_valid
from careshift.errors import ValidationError

THEMES = [
    Theme("parking", "Parking", "car park spaces cost of parking"),
    Theme("staff", "Staff attitude", "kind caring rude nurses doctors staff"),
    Theme("waiting", "Waiting times", "waiting time delay appointment weeks"),
]
RESPONSES = [
    ("The car park is always full and parking costs too much", {"parking"}),
    ("Nowhere to park, parking charges are a scandal", {"parking"}),
    ("Parking spaces are too few near the hospital", {"parking"}),
    ("The nurses were kind and caring", {"staff"}),
    ("Staff were rude at reception", {"staff"}),
    ("Lovely doctors, very caring team", {"staff"}),
    ("I waited six weeks for an appointment", {"waiting"}),
    ("Long delay before anyone saw me", {"waiting"}),
    ("Waiting times are far too long", {"waiting"}),
    ("Kind staff but I waited three hours", {"staff", "waiting"}),
]


def test_coder_learns_from_examples_and_codes_new_text() -> None:
    coder = ThemeCoder(THEMES).fit([t for t, _ in RESPONSES], [s for _, s in RESPONSES])
    codes = coder.code(["no parking spaces at all", "the nurse was rude", "weeks of waiting"])
    assert [c[0].theme for c in codes] == ["parking", "staff", "waiting"]
    assert all(0 <= c.confidence <= 1 for row in codes for c in row)


def test_names_only_coder_uses_the_descriptions() -> None:
    coder = ThemeCoder(THEMES).fit([], [], corpus=[t for t, _ in RESPONSES])
    assert coder.code(["the car park"])[0][0].theme == "parking"


def test_corrections_change_the_machine() -> None:
    texts = [t for t, _ in RESPONSES]
    before = ThemeCoder(THEMES).fit(texts, [s for _, s in RESPONSES])
    relabelled = [{"staff"} if "park" in t.lower() else s for t, s in RESPONSES]
    after = ThemeCoder(THEMES).fit(texts, relabelled)
    probe = ["parking was awful"]
    assert before.code(probe)[0][0].theme == "parking"
    assert after.probabilities(probe)[0][1] > before.probabilities(probe)[0][1]


def test_unknown_theme_in_codes_is_refused() -> None:
    with pytest.raises(ValidationError, match="Unknown theme"):
        ThemeCoder(THEMES).fit(["x"], [{"nonsense"}])


def test_candidate_themes_group_similar_responses() -> None:
    texts = [t for t, _ in RESPONSES[:9]] * 2
    candidates = propose_themes(texts, max_themes=3, seed=1)
    assert sum(c.size for c in candidates) == len(texts)
    words = {w for c in candidates for w in c.keywords}
    assert "parking" in words
    assert propose_themes(texts, max_themes=3, seed=1) == candidates


def test_too_few_responses_for_candidates() -> None:
    with pytest.raises(ValidationError, match="too few"):
        propose_themes(["one", " ", "two"])


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("The staff were excellent and kind", "positive"),
        ("It was not helpful and the wait was terrible", "negative"),
        ("I attended on Tuesday", "neutral"),
        ("Good nurses but awful parking", "mixed"),
    ],
)
def test_sentiment(text: str, label: str) -> None:
    assert sentiment(text).label == label


def test_pii_found_and_redacted() -> None:
    text = (
        "My name is Jane Smith, call 07700 900123 or jane@example.org; NHS number 943 476 5919, "
        "OX3 9DU. Dr Patel was great."
    )
    kinds = [m.kind for m in find_pii(text)]
    assert kinds == ["name", "phone", "email", "nhs_number", "postcode", "name"]
    clean = redact(text)
    assert "Jane" not in clean and "07700" not in clean and "Patel" not in clean and "[NHS number]" in clean


def test_nhs_number_check_digit() -> None:
    assert nhs_number_valid("9434765919")
    assert not nhs_number_valid("9434765918")


def test_samples_f1() -> None:
    human = np.array([[1, 0, 0], [1, 1, 0], [0, 0, 0]], dtype=bool)
    auto = np.array([[1, 0, 0], [1, 0, 0], [0, 0, 0]], dtype=bool)
    assert samples_f1(auto, human) == pytest.approx((1 + 2 / 3 + 1) / 3)


def test_simulate_measures_only_the_machine_coded_rest() -> None:
    texts = [t for t, _ in RESPONSES] * 2
    labels = [s for _, s in RESPONSES] * 2
    result = simulate(texts, labels, THEMES, human_fraction=0.3, seed=2)
    assert result.n_human_coded == 6 and result.n_evaluated == 14
    assert result.samples_f1 > 0.6


@given(st.text(max_size=200))
def test_redaction_never_grows_pii(text: str) -> None:
    assert find_pii(redact(text)) == []
