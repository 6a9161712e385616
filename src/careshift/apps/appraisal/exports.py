"""The appraisal as a workbook: scores with their sources, the ranking, rank acceptability, hurdles and
the criteria with weights and principles (formula-safe, via the shared spreadsheet toolkit)."""

from __future__ import annotations

from typing import Any

from careshift.apps.appraisal.access import basis_label
from careshift.apps.appraisal.models import Appraisal
from careshift.site.spreadsheets import (
    Assumption,
    Column,
    Table,
    TableSchema,
    assumptions_table,
    file_name,
    to_xlsx,
)

SCORES = TableSchema(
    "scores",
    title="Scores by option and criterion",
    columns=(
        Column("option", "Option"),
        Column("criterion", "Criterion"),
        Column("value", "Value", type="number"),
        Column("source", "Where the number comes from"),
    ),
)
RANKING = TableSchema(
    "ranking",
    title="Ranking",
    columns=(
        Column("rank", "Rank", type="integer"),
        Column("option", "Option"),
        Column("value", "Score", type="number"),
    ),
)
ACCEPTABILITY = TableSchema(
    "rank acceptability",
    title="Share of weight draws in which each option takes each rank",
    columns=(
        Column("option", "Option"),
        Column("rank", "Rank"),
        Column("share", "Share of draws", type="percent"),
    ),
)
CRITERIA = TableSchema(
    "criteria",
    title="Criteria, weights and principles",
    columns=(
        Column("name", "Criterion"),
        Column("kind", "Kind"),
        Column("source", "Source"),
        Column("higher_is_better", "More is better", type="boolean"),
        Column("weight", "Weight", type="number"),
        Column("weight_low", "Lowest acceptable weight", type="number"),
        Column("weight_high", "Highest acceptable weight", type="number"),
        Column("principles", "Principles"),
    ),
)


def workbook(appraisal: Appraisal, results: dict[str, Any]) -> tuple[bytes, str]:
    flag = appraisal.illustrative
    tables = [Table.from_frame(SCORES, results["frame"], illustrative=flag)]
    ranking = results.get("ranking")
    if ranking is not None:
        rows = [{"rank": r, "option": o.name, "value": v} for o, v, r, _ in results["ranked"]]
        tables.append(Table(RANKING, rows, illustrative=flag))
        from careshift.apps.appraisal.charts import acceptability_table

        tables.append(Table.from_frame(ACCEPTABILITY, acceptability_table(ranking), illustrative=flag))
    criteria = [
        {
            "name": c.name,
            "kind": c.get_kind_display(),
            "source": c.get_source_display(),
            "higher_is_better": c.higher_is_better,
            "weight": c.weight,
            "weight_low": c.weight_low,
            "weight_high": c.weight_high,
            "principles": "; ".join(str(p) for p in c.principles.all()),
        }
        for c in appraisal.criteria.prefetch_related("principles")
    ]
    tables.append(Table(CRITERIA, criteria, illustrative=flag))
    assumptions = assumptions_table(
        [
            Assumption("Method", appraisal.get_method_display()),
            Assumption("Horizon year", appraisal.horizon_year),
            Assumption("Travel times for the access criteria", basis_label(appraisal)),
            Assumption(
                "Model figures",
                "Median (P50) of each option scenario's latest finished run",
                basis="careshift model",
            ),
        ],
        illustrative=flag,
    )
    return to_xlsx(tables, assumptions=assumptions), file_name(
        "careshift", "appraisal", appraisal.slug, extension="xlsx"
    )
