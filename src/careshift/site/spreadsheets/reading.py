"""Reading an uploaded CSV or XLSX file into sheets of cells, safely, before any schema is applied.

Every check runs before the file is parsed: its size (``max_bytes``, 2 MB by default), its kind (CSV or
XLSX; macro-enabled, binary ``.xls`` and password-protected workbooks are refused with what to do), and
for XLSX, a zip archive, the size it would unpack to (a small file that inflates to gigabytes, a "zip
bomb", is refused). CSV text is decoded as UTF-8 (with or without a byte-order mark) or Windows-1252, the
two encodings Excel saves CSV in; anything else is refused with a hint. Workbooks are read with
openpyxl in read-only mode, formulas as their cached values, external links not loaded; with
``defusedxml`` installed openpyxl refuses XML entity tricks.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import PurePath
from typing import Any

from careshift.errors import UploadError
from careshift.site.spreadsheets.preview import Sheet

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # what an XLSX may inflate to
MAX_RATIO = 200  # uncompressed/compressed for one archive member; real sheets are well under 100
MAX_ROWS = 100_000  # per sheet, whatever the schema allows
CSV_EXTENSIONS = {".csv", ".txt"}
XLSX_EXTENSIONS = {".xlsx"}
REFUSED_EXTENSIONS = {
    ".xlsm": "it can hold macros",
    ".xltm": "it can hold macros",
    ".xlsb": "it is a binary workbook",
    ".xls": "it is the old binary Excel format",
    ".ods": "it is an OpenDocument spreadsheet",
}
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and every password-protected workbook
SAVE_AS_HINT = "Save it as an Excel workbook (.xlsx) or CSV UTF-8 and upload that."


def check_size(size: int, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Refuse a file over ``max_bytes`` (before reading it)."""
    if size > max_bytes:
        raise UploadError(
            f"The file is {size / 1e6:.1f} MB; the most this site accepts is {max_bytes / 1e6:.1f} MB.",
            hint="Split it into smaller files, or remove unused sheets and rows, then upload each part.",
        )


def kind_of(filename: str) -> str:
    """``csv`` or ``xlsx`` from the file name; other kinds are refused with the reason."""
    extension = PurePath(filename or "").suffix.lower()
    if extension in CSV_EXTENSIONS:
        return "csv"
    if extension in XLSX_EXTENSIONS:
        return "xlsx"
    if extension in REFUSED_EXTENSIONS:
        raise UploadError(
            f"{filename!r} cannot be uploaded: {REFUSED_EXTENSIONS[extension]}.", hint=SAVE_AS_HINT
        )
    raise UploadError(f"{filename!r} is not a CSV or XLSX file.", hint=SAVE_AS_HINT)


def decode_csv(data: bytes) -> str:
    """CSV bytes as text: UTF-8 (byte-order mark or not), else Windows-1252; other encodings refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise UploadError(
            "The CSV file is in UTF-16 (or is not text).", hint="In Excel choose Save As > CSV UTF-8."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as err:
        raise UploadError(
            f"The CSV file is neither UTF-8 nor Windows-1252 text (byte {err.start + 1} cannot be read).",
            hint="In Excel choose Save As > CSV UTF-8, then upload that file.",
        ) from None


def delimiter_of(text: str) -> str:
    """Comma, semicolon (Excel in some locales) or tab: whichever the header line has most of."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(data: bytes, name: str = "csv") -> Sheet:
    text = decode_csv(data)
    try:
        rows = []
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text)):
            rows.append(tuple(row))
            if len(rows) > MAX_ROWS:
                raise UploadError(f"The CSV file has more than {MAX_ROWS:,} rows: split it.")
    except csv.Error as err:
        raise UploadError(
            f"The CSV file cannot be read: {err}.", hint="Check its quotes, or save it again."
        ) from None
    return Sheet(name, rows)


def check_xlsx_archive(data: bytes) -> None:
    """Refuse what is not a plain XLSX archive: encrypted, macro-enabled, or inflating past the limit."""
    if data.startswith(OLE_SIGNATURE):
        raise UploadError(
            "The workbook is password-protected or in the old .xls format, so it cannot be read.",
            hint="Remove the password (File > Info > Protect Workbook) and save as .xlsx.",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UploadError("The file is not a valid XLSX workbook.", hint=SAVE_AS_HINT) from None
    with archive:
        members = archive.infolist()
        names = {m.filename.lower() for m in members}
        if any(m.flag_bits & 0x1 for m in members):
            raise UploadError("The workbook is encrypted.", hint="Remove its password and save it again.")
        if any(n.endswith("vbaproject.bin") for n in names) or "xl/workbook.bin" in names:
            raise UploadError("The workbook holds macros (or is binary).", hint=SAVE_AS_HINT)
        if "xl/workbook.xml" not in names:
            raise UploadError("The file is a zip archive but not an XLSX workbook.", hint=SAVE_AS_HINT)
        unpacked = sum(m.file_size for m in members)
        ratios = (m.file_size / max(m.compress_size, 1) for m in members if m.file_size > 1_000_000)
        if unpacked > MAX_UNPACKED_BYTES or any(r > MAX_RATIO for r in ratios):
            raise UploadError(
                f"The workbook would unpack to {unpacked / 1e6:,.0f} MB, far more than its size suggests.",
                hint="Upload a workbook that holds only the table (copy it into a new workbook).",
            )


def read_xlsx(data: bytes) -> list[Sheet]:
    check_xlsx_archive(data)
    from openpyxl import load_workbook  # imported here: CSV-only callers need not load it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as err:  # openpyxl raises many types for malformed parts
        raise UploadError(f"The workbook cannot be read ({type(err).__name__}).", hint=SAVE_AS_HINT) from None
    try:
        return [Sheet(ws.title, _rows(ws)) for ws in book.worksheets]
    finally:
        book.close()


def _rows(worksheet: Any) -> list[tuple[Any, ...]]:
    rows = []
    for row in worksheet.iter_rows(values_only=True):
        rows.append(tuple(row))
        if len(rows) > MAX_ROWS:
            raise UploadError(f"Sheet {worksheet.title!r} has more than {MAX_ROWS:,} rows: split it.")
    return rows


def read_sheets(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Sheet]:
    """The file's sheets (a CSV file is one sheet named after the file), after every safety check."""
    check_size(len(data), max_bytes)
    if kind_of(filename) == "csv":
        return [read_csv(data, PurePath(filename).stem or "csv")]
    return read_xlsx(data)
