"""Test tiers: every test lives in tests/unit, tests/integration or tests/e2e and carries exactly that
tier's marker (added here from its folder); a test marked with another tier's marker fails collection."""

from __future__ import annotations

from pathlib import Path

import pytest

TIERS = ("unit", "integration", "e2e")
_ROOT = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        rel = Path(str(item.fspath)).resolve().relative_to(_ROOT.resolve())
        tier = rel.parts[0]
        if tier not in TIERS:
            raise pytest.UsageError(f"{rel}: tests must live in tests/unit, tests/integration or tests/e2e")
        others = [t for t in TIERS if t != tier and item.get_closest_marker(t)]
        if others:
            raise pytest.UsageError(f"{item.nodeid}: in tests/{tier} but marked {others[0]}")
        item.add_marker(getattr(pytest.mark, tier))
