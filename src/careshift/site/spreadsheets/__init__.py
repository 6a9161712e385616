"""Spreadsheets in and out, for every careshift app: declared tables read from CSV/XLSX uploads into
typed rows with errors by sheet, row and column, and written back as readable, safe CSV and XLSX.

The parts below need no Django; :mod:`careshift.site.spreadsheets.web` adds the upload limit from the
settings (``CARESHIFT_UPLOAD_MAX_BYTES``), download responses and the ``_spreadsheet_preview.html``
partial. Full guide: docs/reference/spreadsheets.md.

Declare a table once::

    from careshift.site.spreadsheets import Column, TableSchema

    PROJECTS = TableSchema(
        "projects",
        title="Programme projects",
        reference="code",                              # matches rows across re-imports
        columns=(
            Column("code", "Project code", required=True),
            Column("name", "Project name", required=True),
            Column("status", "Status", type="choice", choices={"open": "Open", "done": "Done"}),
            Column("budget", "Budget", type="money"),   # header "Budget (£)", cells £#,##0
            Column("progress", "Progress", type="percent"),
            Column("start", "Start date", type="date"),
        ),
    )

Read an upload (a view: ``web.preview_upload(request.FILES["file"], PROJECTS)``)::

    preview = read_table(data, "projects.xlsx", PROJECTS)      # UploadError if unreadable or too big
    preview.errors        # [CellError(sheet, row, column, message)], str(): "sheet 'projects', row 4, ..."
    if preview.is_valid:                                      # the whole file, or nothing
        plan = plan_import(preview.records, {p.code: {...} for p in existing}, "code")
        plan.create, plan.update, plan.unchanged, plan.summary()

Write tables::

    table = Table(PROJECTS, rows, illustrative=True)          # rows: mappings by column key
    to_csv(table)                                             # str; csv_bytes() adds a BOM for Excel
    to_xlsx([table], assumptions=assumptions_table([Assumption("Discount rate", 0.035, "%")]))
    file_name("careshift", "projects", extension="xlsx")      # careshift-projects.xlsx
"""

from careshift.site.spreadsheets.cells import neutralise, restore
from careshift.site.spreadsheets.preview import CellError, Preview, Row, Sheet, validate_sheet
from careshift.site.spreadsheets.reading import DEFAULT_MAX_BYTES, read_sheets
from careshift.site.spreadsheets.reimport import ImportPlan, PlannedRow, plan_import
from careshift.site.spreadsheets.schema import Column, TableSchema
from careshift.site.spreadsheets.tables import read_table, read_tables
from careshift.site.spreadsheets.writing import (
    Assumption,
    Table,
    assumptions_table,
    csv_bytes,
    file_name,
    template,
    to_csv,
    to_xlsx,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Assumption",
    "CellError",
    "Column",
    "ImportPlan",
    "PlannedRow",
    "Preview",
    "Row",
    "Sheet",
    "Table",
    "TableSchema",
    "assumptions_table",
    "csv_bytes",
    "file_name",
    "neutralise",
    "plan_import",
    "read_sheets",
    "read_table",
    "read_tables",
    "restore",
    "template",
    "to_csv",
    "to_xlsx",
    "validate_sheet",
]
