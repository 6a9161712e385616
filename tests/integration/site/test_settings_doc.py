"""Docs are tested code: every environment variable settings.py reads is in docs/reference/settings.md."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_every_setting_is_documented() -> None:
    source = (ROOT / "src/careshift/site/settings.py").read_text()
    names = set(re.findall(r'os\.environ\.get\(\s*"((?:CARESHIFT_[A-Z_]+)|DATABASE_URL)"', source))
    assert "DATABASE_URL" in names and len(names) > 10
    doc = (ROOT / "docs/reference/settings.md").read_text()
    missing = sorted(n for n in names if f"`{n}`" not in doc)
    assert not missing, f"Document these in docs/reference/settings.md: {missing}"
