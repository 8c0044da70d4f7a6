"""Check an upload's type and size, and read CSV and XLSX bytes into numbered rows.

CSV may be UTF-8 (with or without BOM) or GB18030/GBK, separated by commas, tabs or
semicolons. XLSX archives are checked for zip bombs before openpyxl opens them.
"""

from __future__ import annotations

import codecs
import io
import itertools
import re
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd

from corridormap import settings
from corridormap.errors import UploadError, UploadTooLargeError
from corridormap.uploads._schema import MAX_ROWS, PLACE_FIELDS
from corridormap.uploads._text import blank, key, shown

_ENCODINGS = (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030 (GBK, GB2312)"))
_XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_ZIP_RATIO = 100
_MAX_COLUMNS = 200


def checked_suffix(content: bytes, filename: str, accepted: tuple[str, ...]) -> str:
    """Return the lower-case extension after checking it, the size and emptiness."""
    suffix = Path(filename).suffix.lower()
    if suffix not in accepted:
        raise UploadError(
            f"unsupported file type {shown(suffix or filename)}; upload one of "
            f"{', '.join(accepted)}",
            filename=filename,
        )
    if not isinstance(content, bytes | bytearray | memoryview):
        raise UploadError(
            f"expected the file's bytes, got {type(content).__name__}", filename=filename
        )
    check_size(len(content), filename)
    if not bytes(content).removeprefix(codecs.BOM_UTF8).strip(b" \t\r\n\x00"):
        raise UploadError("the file is empty", filename=filename)
    return suffix


def csv_grid(content: bytes, filename: str) -> Iterator[tuple[int, Sequence[object]]]:
    """Return the numbered rows of a CSV file, every cell as text."""
    text = _decode(bytes(content), filename)
    if not text.strip():
        raise UploadError("the file is empty", filename=filename)
    sep = _delimiter(text)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            frame = pd.read_csv(
                io.StringIO(text),
                sep=sep,
                header=None,
                dtype=str,
                keep_default_na=False,
                skip_blank_lines=False,
                engine="c",
            )
    except pd.errors.EmptyDataError:
        raise UploadError(
            "row 1 is empty; the first row must hold the column names", filename=filename
        ) from None
    except (pd.errors.ParserError, ValueError, OverflowError, MemoryError) as exc:
        raise _csv_error(str(exc), filename, sep) from None
    return enumerate(frame.itertuples(index=False, name=None), start=1)


def xlsx_grid(content: bytes, filename: str) -> list[tuple[int, Sequence[object]]]:
    """Return the numbered non-empty rows of the first sheet that has a name column."""
    _check_zip(bytes(content), filename)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            formulas = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
            try:
                return _sheet_rows(book, formulas)
            finally:
                book.close()
                formulas.close()
    except UploadError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a broken workbook
        raise UploadError(
            f"cannot be read as an Excel workbook ({type(exc).__name__}: {str(exc)[:200]}); "
            "save it again from Excel as .xlsx, or export it as CSV",
            filename=filename,
        ) from None


def _csv_error(message: str, filename: str, sep: str) -> UploadError:
    ragged = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if ragged:
        want, row, saw = (int(g) for g in ragged.groups())
        return UploadError(
            f"this row has {saw} cells but the header has {want}; put quotes around cells "
            f"that contain the separator {sep!r}, or add the missing column names",
            filename=filename,
            row=row,
        )
    quote = re.search(r"EOF inside string starting at row (\d+)", message)
    if quote:
        return UploadError(
            'a quote (") opened in this row is never closed',
            filename=filename,
            row=int(quote[1]) + 1,
        )
    return UploadError(f"cannot be read as CSV: {message.strip()[:200]}", filename=filename)


def _decode(content: bytes, filename: str) -> str:
    for codec, _ in _ENCODINGS:
        try:
            return content.decode(codec)
        except UnicodeDecodeError:
            continue
    tried = ", ".join(label for _, label in _ENCODINGS)
    raise UploadError(
        f"the text cannot be decoded; tried the encodings {tried}. Save the table as "
        "'CSV UTF-8' (Excel: Save As > CSV UTF-8)",
        filename=filename,
    )


def _delimiter(text: str) -> str:
    """Return the separator used most in the first non-empty line (comma if none)."""
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (",", "\t", ";")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _sheet_rows(book: Any, formulas: Any) -> list[tuple[int, Sequence[object]]]:
    """Return the numbered rows of the first sheet whose header has a name column."""
    names = {key(a) for a in (*PLACE_FIELDS["name_zh"], *PLACE_FIELDS["name_en"])}
    chosen = None
    for i, sheet in enumerate(book.worksheets):
        for s in (sheet, formulas.worksheets[i]):
            if hasattr(s, "reset_dimensions"):
                s.reset_dimensions()  # the stored dimension may be wrong or hostile
        header = next((r for _, r in _numbered(sheet, formulas.worksheets[i])), ())
        if any(isinstance(c, str) and key(c) in names for c in header):
            chosen = i
            break
        chosen = i if chosen is None else chosen
    if chosen is None:
        return []
    rows = _numbered(book.worksheets[chosen], formulas.worksheets[chosen])
    return list(itertools.islice(rows, MAX_ROWS + 2))


class UnsavedFormula(str):
    """A formula cell whose workbook holds no saved result (written by a program, not Excel)."""

    __slots__ = ()


def _numbered(sheet: Any, formulas: Any) -> Iterator[tuple[int, Sequence[object]]]:
    """Yield (row number, values) of the non-empty rows, at most _MAX_COLUMNS wide.

    A cell that holds a formula without a saved result comes back as :class:`UnsavedFormula`.
    """
    rows = sheet.iter_rows(min_row=1, max_col=_MAX_COLUMNS, values_only=True)
    raw = formulas.iter_rows(min_row=1, max_col=_MAX_COLUMNS, values_only=True)
    for number, (row, source) in enumerate(itertools.zip_longest(rows, raw, fillvalue=()), 1):
        cells = tuple(
            UnsavedFormula(f) if v is None and isinstance(f, str) and f.startswith("=") else v
            for v, f in itertools.zip_longest(row, source)
        )
        if cells.count(None) < len(cells) and any(not blank(c) for c in cells):
            yield number, cells


def _check_zip(content: bytes, filename: str) -> None:
    """Reject what is not a zip, and zip bombs, before openpyxl opens the file."""
    if content.startswith(_XLS_MAGIC):
        raise UploadError(
            "this is an old Excel .xls file; save it as .xlsx or CSV", filename=filename
        )
    try:
        if not zipfile.is_zipfile(io.BytesIO(content)):
            raise UploadError(
                "not an Excel .xlsx file (it is not a zip archive); save it as .xlsx or CSV",
                filename=filename,
            )
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except UploadError:
        raise
    except Exception as exc:  # zipfile raises many kinds on a damaged archive
        raise UploadError(
            f"the .xlsx archive is damaged ({type(exc).__name__}); save it again", filename=filename
        ) from None
    # zipfile never inflates a member past its declared file_size, so checking the
    # declared sizes bounds what openpyxl can unpack.
    limit = settings.get().upload_max_bytes * 10
    total = sum(m.file_size for m in members)
    if total > limit:
        raise UploadError(
            f"the workbook unpacks to {total:,} bytes, more than {limit:,} (10 x upload_max_bytes); "
            "refusing it as a possible zip bomb",
            filename=filename,
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > _MAX_ZIP_RATIO:
            raise UploadError(
                f"part {shown(member.filename)} is compressed {ratio:,.0f}:1 (limit "
                f"{_MAX_ZIP_RATIO}:1); refusing it as a possible zip bomb",
                filename=filename,
            )


def check_size(size: int, filename: str) -> None:
    """Refuse a file of ``size`` bytes over ``settings.upload_max_bytes``, before it is parsed."""
    limit = settings.get().upload_max_bytes
    if size > limit:
        raise UploadTooLargeError(filename=filename, size=size, limit=limit)
