"""The docs/background method documents as HTML inside the site's pages (markdown-it, CommonMark)."""

from __future__ import annotations

import re
from typing import Any


def render_markdown(text: str) -> str:
    """Markdown as HTML for a page: raw HTML escaped, headings with anchors, NHS.UK tables, links to
    other files shown as text (they are not pages of the site)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.add_render_rule("heading_open", _heading_open)
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("link_close", _link_close)
    md.add_render_rule("table_open", lambda *a: '<table class="nhsuk-table">\n')
    return str(md.render(text))


def slug(text: str) -> str:
    """A heading's anchor: 'Effect of rebasing' -> 'effect-of-rebasing'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _heading_open(renderer: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    tokens[idx].attrSet("id", slug(tokens[idx + 1].content))
    return str(renderer.renderToken(tokens, idx, options, env))


def _external(token: Any) -> bool:
    return str(token.attrGet("href") or "").startswith(("https://", "http://", "#"))


def _link_open(renderer: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    return str(renderer.renderToken(tokens, idx, options, env)) if _external(tokens[idx]) else ""


def _link_close(renderer: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    opening = next(t for t in reversed(tokens[:idx]) if t.type == "link_open")
    return str(renderer.renderToken(tokens, idx, options, env)) if _external(opening) else ""
