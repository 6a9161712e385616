"""The appraisal pack as a web page, a PDF and a Word document, with the same contents."""

from __future__ import annotations

import io

import docx
import pypdf
from django.test import Client

from careshift.apps.appraisal.models import Appraisal, EvidenceItem, PanelScore

SECTIONS = (
    "1. Options",
    "2. Hurdles",
    "4. Scores",
    "5. Ranking and how robust it is",
    "Rank acceptability",
    "6. Access to services",
    "7. Equality impact",
    "9. Evidence cited",
)


def _cite_evidence(demo: Appraisal) -> EvidenceItem:
    item = EvidenceItem.objects.order_by("pk").first()
    assert item is not None
    score = PanelScore.objects.filter(option__appraisal=demo).first()
    assert score is not None
    score.evidence.add(item)
    return item


def test_the_page_shows_the_pack_with_its_chart_and_download_links(
    demo: Appraisal, viewer_client: Client
) -> None:
    html = viewer_client.get(f"/appraisal/{demo.slug}/pack/").content.decode()
    assert all(s in html for s in SECTIONS)
    assert "data:image/svg+xml;base64" in html  # rank acceptability drawn server-side
    assert f"/appraisal/{demo.slug}/pack.pdf" in html and f"/appraisal/{demo.slug}/pack.docx" in html
    assert "(scores 4 to 4, 1 scorer)" in html  # the panel's spread beside its mean


def test_the_pdf_has_every_section_and_the_evidence_cited(demo: Appraisal, viewer_client: Client) -> None:
    item = _cite_evidence(demo)
    response = viewer_client.get(f"/appraisal/{demo.slug}/pack.pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert "appraisal-pack-" in response["Content-Disposition"]
    text = " ".join(
        " ".join((page.extract_text() or "").split())
        for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    assert all(s in text for s in SECTIONS), text[:500]
    assert item.title in text and "Care closer to home with six locality hubs" in text


def test_the_word_document_has_the_tables_and_the_chart(demo: Appraisal, viewer_client: Client) -> None:
    item = _cite_evidence(demo)
    response = viewer_client.get(f"/appraisal/{demo.slug}/pack.docx")
    document = docx.Document(io.BytesIO(response.content))
    headings = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert all(s in headings for s in SECTIONS)
    assert item.title in cells and "Rank 1" in cells and "Quintile 1 (most deprived)" in cells
    assert len(document.inline_shapes) == 1  # rank acceptability as a picture


def test_an_unknown_format_is_a_clear_404(demo: Appraisal, viewer_client: Client) -> None:
    response = viewer_client.get(f"/appraisal/{demo.slug}/pack.exe")
    assert response.status_code == 404 and "PDF or a Word document" in response.content.decode()
