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
