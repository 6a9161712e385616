"""Code responses to themes with a large language model behind an OpenAI-compatible endpoint (optional).

Off unless configured: careshift never sends a response anywhere by itself. When an organisation runs
(or contracts) a model with an OpenAI-compatible ``/chat/completions`` API (vLLM, llama.cpp's server,
Ollama, Azure OpenAI and others speak it), :class:`LLMCoder` asks it to code responses in batches, as
the UK government's *Consult* tool does: the themes (key, name, description), a few of the person's own
coded answers as examples, then numbered responses; the model answers with JSON naming the theme keys
of each response. Personal information is redacted (:func:`careshift.analysis.themes.pii.redact`)
before any text leaves careshift, and only the answer text is sent, never who wrote it.

Unknown theme keys in the answer are dropped; a response the model skipped gets its own retry once and
then no codes (it stays for a person to code). Every failure (unreachable endpoint, HTTP error, an
answer that is not the JSON asked for) raises :class:`~careshift.errors.AnalysisError` saying what
happened and what to check.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import requests

from careshift.analysis.themes.coder import Code, Theme
from careshift.analysis.themes.pii import redact
from careshift.errors import AnalysisError

BATCH = 20  # responses per request: short prompts keep a small model accurate
MAX_EXAMPLES = 40  # of the person's codes, shown to the model as examples
CONFIDENCE = 0.9  # recorded on each machine code the model gives (it gives no probability)

SYSTEM = (
    "You code free-text responses to a public consultation into themes. You are given the themes "
    "(key: name - description) and examples coded by a person. For each numbered response, choose every "
    "theme that applies (usually one to three; none if nothing applies), using only the keys given. "
    'Answer with JSON only, of the form {"codes": [{"id": 1, "themes": ["key", ...]}, ...]}, one entry '
    "per response."
)


@dataclass(frozen=True)
class Endpoint:
    """Where the model is: ``url`` is the API base (e.g. ``http://localhost:8000/v1``)."""

    url: str
    model: str
    api_key: str = ""
    timeout: float = 60.0

    def __post_init__(self) -> None:
        if not re.match(r"^https?://", self.url):
            raise AnalysisError(
                f"The language model address {self.url!r} is not an http(s) URL.",
                hint="Set CARESHIFT_THEMES_LLM_URL to the API base, e.g. http://localhost:8000/v1.",
            )
        if not self.model:
            raise AnalysisError(
                "No language model is named.", hint="Set CARESHIFT_THEMES_LLM_MODEL to the model's name."
            )


Post = Callable[..., requests.Response]


class LLMCoder:
    """Codes responses by asking the model at ``endpoint``; ``examples`` are (text, theme keys) pairs."""

    def __init__(
        self,
        endpoint: Endpoint,
        themes: Sequence[Theme],
        examples: Sequence[tuple[str, set[str]]] = (),
        *,
        post: Post = requests.post,
    ):
        if not themes:
            raise AnalysisError("There are no themes to code to.", hint="Add or propose themes first.")
        self.endpoint = endpoint
        self.themes = list(themes)
        self.keys = {t.key for t in themes}
        self.examples = [(redact(text), sorted(keys & self.keys)) for text, keys in examples][:MAX_EXAMPLES]
        self._post = post

    method = "llm"

    def prompt(self, texts: Sequence[str]) -> list[dict[str, str]]:
        """The chat messages for one batch (texts already redacted)."""
        themes = "\n".join(
            f"{t.key}: {t.name}" + (f" - {t.description}" if t.description else "") for t in self.themes
        )
        shots = "\n".join(f"- {json.dumps(text)} -> {json.dumps(keys)}" for text, keys in self.examples)
        numbered = "\n".join(f"{i}. {json.dumps(text)}" for i, text in enumerate(texts, start=1))
        user = f"Themes:\n{themes}\n\n"
        if shots:
            user += f"Examples coded by a person:\n{shots}\n\n"
        user += f"Responses:\n{numbered}"
        return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]

    def code(self, texts: Sequence[str]) -> list[list[Code]]:
        """The codes of each text, in order."""
        out: list[list[Code]] = []
        for start in range(0, len(texts), BATCH):
            batch = [redact(t) for t in texts[start : start + BATCH]]
            answer = self._ask(batch)
            for i, text in enumerate(batch, start=1):
                keys = answer.get(i)
                if keys is None:  # skipped: ask about this response alone, once
                    keys = self._ask([text]).get(1, [])
                out.append([Code(k, CONFIDENCE) for k in dict.fromkeys(keys) if k in self.keys])
        return out

    def _ask(self, batch: Sequence[str]) -> dict[int, list[str]]:
        url = self.endpoint.url.rstrip("/") + "/chat/completions"
        headers = {"Content-Type": "application/json"}
        if self.endpoint.api_key:
            headers["Authorization"] = f"Bearer {self.endpoint.api_key}"
        body = {"model": self.endpoint.model, "messages": self.prompt(batch), "temperature": 0}
        try:
            response = self._post(url, json=body, headers=headers, timeout=self.endpoint.timeout)
        except requests.RequestException as exc:
            raise AnalysisError(
                f"The language model at {self.endpoint.url} could not be reached ({type(exc).__name__}).",
                hint="Check CARESHIFT_THEMES_LLM_URL and that the model server is running, or unset it "
                "to code with careshift's own coder.",
            ) from exc
        if response.status_code != 200:
            raise AnalysisError(
                f"The language model answered HTTP {response.status_code}.",
                hint="Check the model name (CARESHIFT_THEMES_LLM_MODEL) and key "
                "(CARESHIFT_THEMES_LLM_API_KEY).",
            )
        return parse_answer(response)


def parse_answer(response: requests.Response) -> dict[int, list[str]]:
    """``{response number: [theme keys]}`` from an OpenAI-style chat completion."""
    try:
        content = response.json()["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise AnalysisError(
            "The language model's answer is not an OpenAI-style chat completion.",
            hint="Point CARESHIFT_THEMES_LLM_URL at an OpenAI-compatible API base (ending /v1).",
        ) from exc
    match = re.search(r"\{.*\}", content or "", re.DOTALL)  # models sometimes wrap JSON in prose
    try:
        codes = json.loads(match.group() if match else "")["codes"]
        return {int(row["id"]): [str(k) for k in row["themes"]] for row in codes}
    except (ValueError, KeyError, TypeError) as exc:
        raise AnalysisError(
            "The language model did not answer with the JSON asked for.",
            hint="Use a model that follows instructions (an instruction-tuned chat model).",
        ) from exc
