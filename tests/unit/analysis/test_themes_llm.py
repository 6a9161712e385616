"""The optional language-model coder, against a real loopback OpenAI-compatible server."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from careshift.analysis.themes import Theme
from careshift.analysis.themes.evaluate import simulate
from careshift.analysis.themes.llm import BATCH, Endpoint, LLMCoder
from careshift.errors import AnalysisError
from tests.unit.analysis.fake_llm import fake_llm

THEMES = [
    Theme("transport", "Transport", "buses, travel, parking"),
    Theme("staff", "Staff", "kindness and attitude of staff"),
    Theme("waiting", "Waiting", "waiting times and delays"),
]


def test_codes_each_response_with_the_keys_the_model_names() -> None:
    with fake_llm() as (url, model):
        coder = LLMCoder(Endpoint(url, "test-model", "secret-key"), THEMES)
        codes = coder.code(["Transport was poor", "Lovely staff, but waiting was long", "Nothing to add"])
    assert [[c.theme for c in row] for row in codes] == [["transport"], ["staff", "waiting"], []]
    assert model.requests[0]["model"] == "test-model" and model.requests[0]["temperature"] == 0
    assert model.headers[0]["Authorization"] == "Bearer secret-key"


def test_prompt_lists_themes_examples_and_numbered_responses() -> None:
    coder = LLMCoder(Endpoint("http://x/v1", "m"), THEMES, [("Bus was late", {"transport", "unknown"})])
    system, user = coder.prompt(["first", "second"])
    assert system["role"] == "system" and "JSON" in system["content"]
    text = user["content"]
    assert "transport: Transport - buses, travel, parking" in text
    assert '- "Bus was late" -> ["transport"]' in text  # unknown keys never shown as examples
    assert '1. "first"\n2. "second"' in text


def test_personal_information_is_redacted_before_it_is_sent() -> None:
    with fake_llm() as (url, model):
        coder = LLMCoder(
            Endpoint(url, "m"), THEMES, [("Email me at jo@example.org about transport", {"transport"})]
        )
        coder.code(["Call 07700 900123 about transport", "write to sam@example.com"])
    sent = json.dumps(model.requests)
    assert "jo@example.org" not in sent and "sam@example.com" not in sent and "07700 900123" not in sent


def test_batches_and_a_skipped_response_is_asked_about_alone() -> None:
    texts = [f"transport {i}" for i in range(BATCH + 3)]
    with fake_llm() as (url, model):
        model.behaviour = "skip-first"
        codes = LLMCoder(Endpoint(url, "m"), THEMES).code(texts)
    assert len(codes) == len(texts) and all([c.theme for c in row] == ["transport"] for row in codes)
    # two batches, and each batch's skipped first response asked again on its own
    assert [
        len(r["messages"][1]["content"].split("Responses:")[1].strip().splitlines()) for r in model.requests
    ] == [
        BATCH,
        1,
        3,
        1,
    ]


def test_json_wrapped_in_prose_is_read() -> None:
    with fake_llm() as (url, model):
        model.behaviour = "prose"
        codes = LLMCoder(Endpoint(url, "m"), THEMES).code(["staff were kind"])
    assert [c.theme for c in codes[0]] == ["staff"]


@pytest.mark.parametrize(
    ("behaviour", "message"),
    [("not-json", "did not answer with the JSON"), ("http-500", "answered HTTP 500")],
)
def test_a_bad_answer_is_a_clear_error(behaviour: str, message: str) -> None:
    with fake_llm() as (url, model):
        model.behaviour = behaviour
        with pytest.raises(AnalysisError, match=message) as caught:
            LLMCoder(Endpoint(url, "m"), THEMES).code(["anything"])
    assert "CARESHIFT_THEMES_LLM" in caught.value.hint or "model" in caught.value.hint


def test_an_unreachable_endpoint_and_a_bad_address_are_clear_errors() -> None:
    with fake_llm() as (url, _model):
        dead = url  # the server stops when the block ends
    with pytest.raises(AnalysisError, match="could not be reached"):
        LLMCoder(Endpoint(dead, "m", timeout=2), THEMES).code(["anything"])
    with pytest.raises(AnalysisError, match="not an http"):
        Endpoint("localhost:8000", "m")
    with pytest.raises(AnalysisError, match="No language model"):
        Endpoint("http://localhost:8000/v1", "")


def test_evaluation_with_the_model_measures_f1_on_the_responses_the_person_did_not_code() -> None:
    texts = ["Transport", "Staff", "Waiting", "Staff and transport", "nothing"] * 4
    truth = [{"transport"}, {"staff"}, {"waiting"}, {"staff", "transport"}, set()] * 4
    with fake_llm() as (url, _model):
        perfect = simulate(texts, truth, THEMES, human_fraction=0.2, seed=1, llm=Endpoint(url, "m"))
        wrong_truth = [{"waiting"}] * len(texts)
        poor = simulate(texts, wrong_truth, THEMES, human_fraction=0.2, seed=1, llm=Endpoint(url, "m"))
    assert perfect.method == "llm" and perfect.n_human_coded == 4 and perfect.n_evaluated == 16
    assert perfect.samples_f1 == 1.0
    assert poor.samples_f1 == pytest.approx(4 / 16 * 1.0, abs=0.01)  # only the "Waiting" answers agree


def test_the_evaluate_command_takes_a_model(tmp_path: object) -> None:
    from pathlib import Path

    from careshift.analysis.themes.cli import themes

    path = Path(str(tmp_path)) / "coded.csv"
    rows = ["answer,Transport,Staff"] + ["buses and transport were poor,1,0", "staff were kind,0,1"] * 5
    path.write_text("\n".join(rows) + "\n")
    with fake_llm() as (url, _model):
        result = CliRunner().invoke(
            themes,
            [
                "evaluate",
                str(path),
                "--text-column",
                "answer",
                "--label-columns",
                "Transport..Staff",
                "--human-coded-fraction",
                "0.2",
                "--llm-url",
                url,
                "--llm-model",
                "m",
            ],
        )
    assert result.exit_code == 0, result.output
    assert "method=llm" in result.output and result.output.strip().endswith("samples_f1=1.000")
