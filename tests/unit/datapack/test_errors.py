"""Broken copies of the pack: every error names the file, the row (header = row 1) and the column."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careshift.datapack import SHIPPED_PACK, load_pack
from careshift.datapack.manifest import read_manifest
from careshift.datapack.validate import read_table
from careshift.errors import DataPackError

from .conftest import edit, rows_of, set_cell, text_of


def load_error(folder: Path) -> str:
    with pytest.raises(DataPackError) as info:
        load_pack(folder)
    return str(info.value)


def test_negative_population_names_file_row_and_column(pack_copy: Path) -> None:
    edit(pack_copy, "population.csv", lambda t: set_cell(t, 37, "female", "-12"))
    assert load_error(pack_copy) == (
        "population.csv row 37 column 'female': '-12' is negative; female must be >= 0."
    )


def test_missing_file(pack_copy: Path) -> None:
    (pack_copy / "rates.csv").unlink()
    assert load_error(pack_copy).startswith("rates.csv: file missing")


def test_missing_manifest(tmp_path: Path) -> None:
    assert "no manifest.yaml" in load_error(tmp_path)


def test_missing_column(pack_copy: Path) -> None:
    rows = lambda t: text_of([r[:-1] for r in rows_of(t)])  # noqa: E731 (drop the last column)
    edit(pack_copy, "unit_costs.csv", rows)
    assert load_error(pack_copy) == "unit_costs.csv row 1: column 'basis' is missing."


def test_extra_column(pack_copy: Path) -> None:
    edit(pack_copy, "variants.csv", lambda t: text_of([[*r, "x"] for r in rows_of(t)]))
    assert "variants.csv row 1: column 'x' is not declared in manifest.yaml" in load_error(pack_copy)


def test_wrong_type(pack_copy: Path) -> None:
    edit(pack_copy, "population.csv", lambda t: set_cell(t, 5, "year", "2023.5"))
    assert load_error(pack_copy) == "population.csv row 5 column 'year': '2023.5' is not a whole number."


def test_not_a_number(pack_copy: Path) -> None:
    edit(pack_copy, "rates.csv", lambda t: set_cell(t, 100, "rate_male", "lots"))
    assert load_error(pack_copy) == "rates.csv row 100 column 'rate_male': 'lots' is not a number."


def test_activity_with_unknown_setting(pack_copy: Path) -> None:
    edit(pack_copy, "activities.csv", lambda t: set_cell(t, 3, "setting", "moon_base"))
    assert (
        load_error(pack_copy) == "activities.csv row 3 column 'setting': 'moon_base' is not a known setting."
    )


def test_unknown_locality(pack_copy: Path) -> None:
    edit(pack_copy, "rates.csv", lambda t: set_cell(t, 2, "locality", "atlantis"))
    assert load_error(pack_copy) == "rates.csv row 2 column 'locality': 'atlantis' is not a known locality."


def test_unknown_age_band(pack_copy: Path) -> None:
    edit(pack_copy, "rates.csv", lambda t: set_cell(t, 4, "age_band", "15-20"))
    assert load_error(pack_copy).startswith("rates.csv row 4 column 'age_band': '15-20' is not one of 0-4")


def test_duplicate_key(pack_copy: Path) -> None:
    def duplicate(text: str) -> str:
        rows = rows_of(text)
        return text_of([*rows[:3], rows[2], *rows[3:]])

    edit(pack_copy, "unit_costs.csv", duplicate)
    assert load_error(pack_copy).startswith("unit_costs.csv row 4 column 'activity': duplicate key")


def test_missing_row(pack_copy: Path) -> None:
    edit(pack_copy, "rates.csv", lambda t: text_of(rows_of(t)[:-1]))
    assert load_error(pack_copy) == (
        "rates.csv: no row for activity=gp_appointment, locality=south_east, age_band=90+."
    )


def test_empty_required_cell(pack_copy: Path) -> None:
    edit(pack_copy, "settings.csv", lambda t: set_cell(t, 2, "label", ""))
    assert load_error(pack_copy) == "settings.csv row 2 column 'label': empty; label is required."


def test_bad_manifest_field(pack_copy: Path) -> None:
    edit(pack_copy, "manifest.yaml", lambda t: t.replace("base_year: 2023", "base_year: soon", 1))
    assert load_error(pack_copy).startswith("manifest.yaml field 'base_year':")


def test_errors_carry_a_hint(pack_copy: Path) -> None:
    edit(pack_copy, "population.csv", lambda t: set_cell(t, 2, "male", "-1"))
    with pytest.raises(DataPackError) as info:
        load_pack(pack_copy)
    assert info.value.hint and info.value.as_dict()["error"]["type"] == "DataPackError"


_RATES = read_manifest(SHIPPED_PACK).table("rates")
_RATES_TEXT = (SHIPPED_PACK / "rates.csv").read_text(encoding="utf-8")
_N_ROWS = len(rows_of(_RATES_TEXT))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    row=st.integers(min_value=2, max_value=_N_ROWS),
    column=st.sampled_from(["rate_female", "rate_male", "los_female", "los_male"]),
    value=st.floats(max_value=-1e-6, min_value=-1e9, allow_nan=False),
)
def test_any_negative_rate_is_reported_at_its_own_row_and_column(row: int, column: str, value: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "rates.csv").write_text(set_cell(_RATES_TEXT, row, column, repr(value)), encoding="utf-8")
        with pytest.raises(DataPackError) as info:
            read_table(folder, _RATES)
    assert re.match(rf"rates\.csv row {row} column '{column}': .* is negative", str(info.value))


def test_contact_activity_with_a_stay(pack_copy: Path) -> None:
    edit(pack_copy, "rates.csv", lambda t: set_cell(t, 6, "los_male", "2"))
    assert load_error(pack_copy).startswith(
        "rates.csv row 6 column 'los_male': 2 bed days, but 'ae_walkin' is in the contact setting"
    )


def test_empty_and_ragged_files(pack_copy: Path) -> None:
    (pack_copy / "variants.csv").write_text("", encoding="utf-8")
    assert load_error(pack_copy) == "variants.csv: the file is empty."
    (pack_copy / "variants.csv").write_text("code,label\nv1,Principal,extra,cells\n", encoding="utf-8")
    assert load_error(pack_copy).startswith(
        "variants.csv: not a valid CSV file (Error tokenizing data. C error: Expected 2 fields in line 2"
    )


@pytest.mark.parametrize("text", ["nan", "inf", "1e999", "12 people"])
def test_non_finite_numbers_are_rejected(pack_copy: Path, text: str) -> None:
    edit(pack_copy, "unit_costs.csv", lambda t: set_cell(t, 3, "value", text))
    assert load_error(pack_copy) == f"unit_costs.csv row 3 column 'value': {text!r} is not a number."
