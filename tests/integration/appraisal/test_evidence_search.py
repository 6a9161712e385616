"""Full-text search of the evidence bank: ranked, stemmed, kept in step with edits, safe with any query.
The same tests run on SQLite (FTS5) and on PostgreSQL (DATABASE_URL=postgres://...)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client

from careshift.apps.appraisal import search
from careshift.apps.appraisal.models import EffectSize, EvidenceItem


def _item(title: str, **fields: Any) -> EvidenceItem:
    defaults = {"citation": "A. Author (2024)", "kind": "review", "grade": "moderate", "summary": ""}
    return EvidenceItem.objects.create(title=title, **{**defaults, **fields})


@pytest.fixture
def bank(db: None) -> dict[str, EvidenceItem]:
    return {
        "title": _item("Reablement after hospital discharge", summary="Short-term support at home."),
        "summary": _item("Home care packages", summary="Reablement reduced home care hours a year later."),
        "citation": _item("Intermediate care audit", citation="NHS Benchmarking, reablement module (2023)"),
        "other": _item("Virtual wards for frailty", summary="Hospital at home for older people."),
    }


def test_the_database_has_full_text_search(db: None) -> None:
    expected = {"postgresql": "PostgreSQL", "sqlite": "SQLite FTS5"}[connection.vendor]
    assert search.method().startswith(expected)


def test_a_title_match_ranks_above_a_summary_match_above_a_citation_match(
    bank: dict[str, EvidenceItem],
) -> None:
    found = list(search.search("reablement"))
    assert found == [bank["title"], bank["summary"], bank["citation"]]


def test_words_are_stemmed_and_prefixes_match(bank: dict[str, EvidenceItem]) -> None:
    assert list(search.search("discharges")) == [bank["title"]]  # stem of "discharge"
    assert list(search.search("frail")) == [bank["other"]]  # the start of "frailty"
    assert list(search.search("hospital home")) == [bank["title"], bank["other"]]  # title first
    assert not search.search("reablement frailty").exists()  # every word must match


def test_the_index_follows_edits_effects_and_deletions(bank: dict[str, EvidenceItem]) -> None:
    item = bank["other"]
    assert not search.search("telemonitoring").exists()
    item.summary = "Telemonitoring of older people at home."
    item.save()
    assert list(search.search("telemonitoring")) == [item]
    effect = EffectSize.objects.create(
        evidence=item, outcome="Bed days saved", unit="%", low=1, central=2, high=3
    )
    assert list(search.search("bed days")) == [item]
    effect.delete()
    assert not search.search("bed days").exists()
    item.delete()
    assert not search.search("telemonitoring").exists()


@pytest.mark.parametrize(
    "query", ['"', "*", "NEAR(a b)", "reablement AND", "'; DROP TABLE x; --", "a:b", "é", "   ", "OR"]
)
def test_any_query_is_answered_never_a_syntax_error(bank: dict[str, EvidenceItem], query: str) -> None:
    list(search.search(query))


def test_the_page_and_the_api_give_ranked_results(
    bank: dict[str, EvidenceItem], viewer_client: Client, api_token: str
) -> None:
    page = viewer_client.get("/appraisal/evidence/", {"q": "reablement"})
    assert page.status_code == 200 and next(iter(page.context["items"])) == bank["title"]
    assert "best match first" in page.content.decode()
    api = Client(headers={"Authorization": f"Bearer {api_token}"})
    titles = [e["title"] for e in api.get("/api/appraisal/evidence/", {"q": "reablement"}).json()]
    assert titles == [bank[k].title for k in ("title", "summary", "citation")]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
def test_rebuild_refills_the_index_after_a_bulk_load(db: None) -> None:
    EvidenceItem.objects.bulk_create(
        [EvidenceItem(title="Falls prevention", citation="x", kind="trial", grade="high")]
    )
    assert not search.search("falls").exists()  # bulk_create sends no signals
    assert search.rebuild() == 1 and search.search("falls").count() == 1
