"""The document service's shared part (careshift.site.documents): one format check, one dispatch to
PDF, Word or HTML, one file-name pattern, used by the board pack, the appraisal pack and the scenarios'
results and comparison documents."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest

from careshift.errors import NotFound, ValidationError
from careshift.site import documents

HTML = "<h1>Plan</h1><p>Illustrative <strong>figures</strong>.</p><ul><li>One lever</li></ul>"


def test_render_gives_each_format_from_the_same_html() -> None:
    assert documents.render(HTML, {}, "pdf", title="Plan").startswith(b"%PDF")
    word = docx.Document(io.BytesIO(documents.render(HTML, {}, "docx", title="Plan")))
    assert [p.text for p in word.paragraphs] == ["Plan", "Illustrative figures.", "One lever"]
    assert word.core_properties.title == "Plan"
    assert b"<strong>figures</strong>" in documents.render(HTML, {}, "html", title="Plan")


def test_an_unknown_format_names_the_document() -> None:
    with pytest.raises(ValidationError, match="A results document is a PDF or a Word document, not 'exe'"):
        documents.render(HTML, {}, "exe", title="Plan", document="A results document")


def test_check_format_accepts_downloads_only_and_raises_the_error_asked_for() -> None:
    assert documents.check_format("docx", "A pack") == "docx"
    with pytest.raises(ValidationError):
        documents.check_format("html", "A pack")
    with pytest.raises(NotFound, match="A pack is a PDF or a Word document, not 'xlsx'"):
        documents.check_format("xlsx", "A pack", error=NotFound)


def test_file_name_and_content_type() -> None:
    name = documents.file_name("care", "results", "pdf", dt.date(2026, 12, 4))
    assert name == "care-results-2026-12-04.pdf"
    assert documents.FORMATS["docx"].endswith("wordprocessingml.document")


SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "title": {"text": "Cost", "subtitle": "Whole county · scenario: Care closer to home"},
    "width": "container",
    "data": {"values": [{"x": 1, "y": 2}, {"x": 2, "y": 3}]},
    "mark": "line",
    "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}},
}


def test_a_chart_image_is_named_by_its_whole_title() -> None:
    assert documents.chart_title(SPEC) == "Cost · Whole county · scenario: Care closer to home"
    assert documents.chart_title({"title": "Beds"}) == "Beds" and documents.chart_title({}, "gap") == "gap"
    page = documents.with_charts("<div data-chart='cost'></div>", {"cost": SPEC})
    assert 'alt="Cost · Whole county · scenario: Care closer to home"' in page


def test_a_chart_is_drawn_once_for_the_same_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    import vl_convert

    drawn: list[dict[str, object]] = []
    real = vl_convert.vegalite_to_svg
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", lambda spec: drawn.append(spec) or real(spec))
    spec = {**SPEC, "title": "Drawn once (test)"}
    first = documents.chart_svg(spec)
    assert documents.chart_svg(dict(spec)) == first and len(drawn) == 1
    assert drawn[0]["width"] == 620  # "container" made a fixed width for paper
    documents.chart_svg({**spec, "mark": "point"})
    assert len(drawn) == 2


def test_a_bad_chart_is_a_document_error() -> None:
    with pytest.raises(documents.DocumentError, match="A chart could not be drawn"):
        documents.chart_svg({"mark": {"type": "no-such-mark"}, "data": {"values": []}})
