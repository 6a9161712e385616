"""Documents from HTML, for every app: a page of HTML with chart placeholders becomes a PDF (WeasyPrint)
or a Word document (python-docx), with the same charts drawn server-side from their Vega-Lite specs
(vl-convert: no browser, no network).

Write the document as plain HTML (headings, paragraphs, lists, tables) and mark each chart with a
placeholder naming its spec::

    html = "<h1>Board pack</h1><p>...</p><div data-chart='gap'></div><table>...</table>"
    charts = {"gap": vega_lite_spec}
    pdf = to_pdf(html, charts, title="Board pack")       # bytes
    docx = to_docx(html, charts, title="Board pack")     # bytes
    page = with_charts(html, charts)                      # the same HTML with inline SVG, for a web page

An app's pack or report writes its HTML (a template) and its chart specs, then calls :func:`render` with the
format asked for, names the file with :func:`file_name` and answers the download with :func:`attachment`
(after :func:`check_format` has refused anything but PDF and Word with a message naming the document).
The programme board pack, the appraisal pack and the scenarios' results and comparison documents do.

Word gets what Word can hold: headings (h1-h4), paragraphs (with bold and italic), bullet and numbered
lists, tables (the first row bold) and the charts as PNG pictures; other markup keeps its text.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import io
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from lxml import html as lxml_html

from careshift.errors import CareshiftError, ValidationError

if TYPE_CHECKING:
    from django.http import HttpResponse

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}
DOWNLOADS = ("pdf", "docx")
DRAWINGS_KEPT = 64  # charts remembered as SVG and as PNG (tens of KB each)

PDF_CSS = """
@page { size: A4; margin: 18mm 15mm; @bottom-right { content: "Page " counter(page) " of " counter(pages);
  font-size: 8pt; color: #4c6272; } }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9.5pt; color: #212b32; line-height: 1.35; }
h1 { font-size: 20pt; color: #005eb8; margin: 0 0 6pt; } h2 { font-size: 14pt; color: #005eb8;
  margin: 14pt 0 4pt; page-break-after: avoid; } h3 { font-size: 11pt; margin: 10pt 0 3pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; page-break-inside: auto; }
th, td { border: 0.5pt solid #aeb7bd; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #e8edee; } tr { page-break-inside: avoid; }
img.careshift-chart-image { max-width: 100%; } .illustrative { color: #7c2855; font-weight: bold; }
.keep-together { break-inside: avoid; } caption { caption-side: top; text-align: left; font-weight: bold; }
"""
CHART_ATTRIBUTE = "data-chart"


class DocumentError(CareshiftError):
    status_code = 500
    default_hint = "Check the chart specification and the document's HTML; this is a bug if it persists."


def check_format(fmt: str, document: str, *, error: type[CareshiftError] = ValidationError) -> str:
    """``fmt`` if it is a download format (pdf, docx); else ``error`` saying that ``document`` ("A board
    pack") is a PDF or a Word document."""
    if fmt not in DOWNLOADS:
        raise error(f"{document} is a PDF or a Word document, not {fmt!r}.", hint="Use .pdf or .docx.")
    return fmt


def render(
    html: str, charts: Mapping[str, Mapping[str, Any]], fmt: str, *, title: str, document: str = "A document"
) -> bytes:
    """The HTML as ``pdf``, ``docx`` or ``html`` bytes (the HTML with its charts inline as SVG)."""
    if fmt == "pdf":
        return to_pdf(html, charts, title=title)
    if fmt == "docx":
        return to_docx(html, charts, title=title)
    if fmt == "html":
        return with_charts(html, charts).encode()
    raise ValidationError(f"{document} is a PDF or a Word document, not {fmt!r}.", hint="Use .pdf or .docx.")


def file_name(slug: str, kind: str, fmt: str, day: dt.date | None = None) -> str:
    """``<slug>-<kind>-<date>.<fmt>``: ``oxfordshire-board-pack-2026-12-04.pdf``."""
    return f"{slug}-{kind}-{day or dt.date.today():%Y-%m-%d}.{fmt}"


def attachment(content: bytes, fmt: str, filename: str) -> HttpResponse:
    """A download of ``content`` in ``fmt`` (its content type) saved as ``filename``."""
    from django.http import HttpResponse

    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def fixed_width(spec: Mapping[str, Any], width: int = 620) -> dict[str, Any]:
    """The spec with ``width: "container"`` (a web page's) replaced by a fixed width for paper."""
    result = dict(spec)
    if result.get("width") == "container":
        result["width"] = width
    return result


def chart_title(spec: Mapping[str, Any], fallback: str = "Chart") -> str:
    """A spec's whole title on one line: 'Cost · Whole county · scenario: Care closer to home'."""
    title = spec.get("title")
    if isinstance(title, Mapping):
        return " · ".join(str(p) for p in (title.get("text"), title.get("subtitle")) if p) or fallback
    return str(title or fallback)


def _key(spec: Mapping[str, Any]) -> str:
    return json.dumps(fixed_width(spec), sort_keys=True, separators=(",", ":"), default=str)


def chart_svg(spec: Mapping[str, Any]) -> str:
    """The chart as SVG. Drawings are remembered by spec (:data:`DRAWINGS_KEPT`): a run's charts never
    change, so a second download of its document does not draw them again."""
    return _svg(_key(spec))


def chart_png(spec: Mapping[str, Any], scale: float = 2.0) -> bytes:
    """The chart as a PNG at ``scale`` (remembered like :func:`chart_svg`)."""
    return _png(_key(spec), scale)


@functools.lru_cache(maxsize=DRAWINGS_KEPT)
def _svg(key: str) -> str:
    import vl_convert

    try:
        return str(vl_convert.vegalite_to_svg(json.loads(key)))
    except Exception as exc:  # vl-convert raises plain ValueErrors on a bad spec
        raise DocumentError(f"A chart could not be drawn: {exc}") from exc


@functools.lru_cache(maxsize=DRAWINGS_KEPT)
def _png(key: str, scale: float) -> bytes:
    import vl_convert

    try:
        return bytes(vl_convert.vegalite_to_png(json.loads(key), scale=scale))
    except Exception as exc:
        raise DocumentError(f"A chart could not be drawn: {exc}") from exc


def _replace_placeholders(tree: Any, charts: Mapping[str, Mapping[str, Any]], make: Any) -> None:
    for node in tree.xpath(f"//*[@{CHART_ATTRIBUTE}]"):
        key = node.get(CHART_ATTRIBUTE)
        if key not in charts:
            raise DocumentError(f"The document names a chart {key!r} that was not given.")
        replacement = make(key, charts[key])
        replacement.tail = node.tail
        node.getparent().replace(node, replacement)


def _svg_image(key: str, spec: Mapping[str, Any]) -> Any:
    data = base64.b64encode(chart_svg(spec).encode()).decode()
    element = lxml_html.Element(
        "img",
        {
            "class": "careshift-chart-image",
            "alt": chart_title(spec, key),
            "src": f"data:image/svg+xml;base64,{data}",
        },
    )
    return element


def with_charts(html: str, charts: Mapping[str, Mapping[str, Any]]) -> str:
    """The HTML with every chart placeholder replaced by an inline SVG image."""
    tree = lxml_html.fragment_fromstring(html, create_parent="div")
    _replace_placeholders(tree, charts, _svg_image)
    return "".join(lxml_html.tostring(child, encoding="unicode") for child in tree)


def to_pdf(
    html: str, charts: Mapping[str, Mapping[str, Any]] | None = None, *, title: str = "careshift"
) -> bytes:
    """An A4 PDF of the HTML (charts as vector images)."""
    from weasyprint import CSS, HTML

    body = with_charts(html, charts or {})
    page = (
        "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
        f"<title>{_escape(title)}</title></head>"
        f"<body>{body}</body></html>"
    )
    return bytes(HTML(string=page).write_pdf(stylesheets=[CSS(string=PDF_CSS)]))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_docx(
    html: str, charts: Mapping[str, Mapping[str, Any]] | None = None, *, title: str = "careshift"
) -> bytes:
    """A Word document of the HTML (charts as PNG pictures)."""
    import docx

    document = docx.Document()
    document.core_properties.title = title
    tree = lxml_html.fragment_fromstring(html, create_parent="div")
    _DocxWriter(document, charts or {}).block(tree)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _DocxWriter:
    """Walks the HTML tree and writes the matching Word blocks."""

    def __init__(self, document: Any, charts: Mapping[str, Mapping[str, Any]]) -> None:
        self.document, self.charts = document, charts

    def block(self, node: Any) -> None:
        for child in node:
            if not isinstance(child.tag, str):
                continue
            tag = child.tag.lower()
            if child.get(CHART_ATTRIBUTE) is not None:
                self.chart(child.get(CHART_ATTRIBUTE))
            elif tag in ("h1", "h2", "h3", "h4"):
                self.document.add_heading(_text(child), level=int(tag[1]))
            elif tag == "p":
                self.inline(self.document.add_paragraph(), child)
            elif tag in ("ul", "ol"):
                style = "List Bullet" if tag == "ul" else "List Number"
                for item in child.findall("li"):
                    self.inline(self.document.add_paragraph(style=style), item)
            elif tag == "table":
                self.table(child)
            elif tag in ("div", "section", "figure", "header", "footer", "article", "main"):
                self.block(child)
            elif tag in ("figcaption", "caption", "dl", "blockquote", "pre"):
                self.document.add_paragraph(_text(child))

    def inline(self, paragraph: Any, node: Any) -> None:
        if node.text:
            paragraph.add_run(node.text)
        for child in node:
            if isinstance(child.tag, str):
                run = paragraph.add_run(child.text_content())
                run.bold = child.tag in ("strong", "b", "th")
                run.italic = child.tag in ("em", "i")
            if child.tail:
                paragraph.add_run(child.tail)

    def table(self, node: Any) -> None:
        rows = node.xpath(".//tr")
        if not rows:
            return
        width = max(len(r.xpath("./th|./td")) for r in rows)
        table = self.document.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        for row in rows:
            cells = table.add_row().cells
            for k, cell in enumerate(row.xpath("./th|./td")):
                cells[k].text = _text(cell)
                if cell.tag == "th":
                    for run in cells[k].paragraphs[0].runs:
                        run.bold = True
        caption = node.find("caption")
        if caption is not None and _text(caption):
            self.document.add_paragraph().add_run(_text(caption)).italic = True

    def chart(self, key: str) -> None:
        from docx.shared import Cm

        if key not in self.charts:
            raise DocumentError(f"The document names a chart {key!r} that was not given.")
        self.document.add_picture(io.BytesIO(chart_png(self.charts[key])), width=Cm(16))


def _text(node: Any) -> str:
    return " ".join(node.text_content().split())
