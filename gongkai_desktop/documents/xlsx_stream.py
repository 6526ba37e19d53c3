"""A one-sheet .xlsx written as a stream: the sheet XML goes straight into the zip, row by row.

Why not a library's streaming mode: for the 100,000-row ledger export (1.3 million cells) openpyxl's write-only
mode took 15 s and XlsxWriter's constant-memory mode about 9 s on the benchmark machine, nearly all of it in
their per-cell Python code (type dispatch, a regex per string, an XML writer call per cell). This writer
knows its few cell kinds and builds each row as one string: the same export takes about 2 s
(benchmarks/README.md). What it writes is the plain SpreadsheetML subset every reader handles (Excel, WPS,
LibreOffice, openpyxl, calamine): inline strings, numbers, booleans, real date cells (a number with a date
format), a bold shaded header, column widths, a frozen header row and an autofilter.

Text is always text: a value starting like a formula (= + - @ tab CR) gets Excel's quote prefix, and
characters XML forbids are dropped (documents/cell_text.py)."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from .cell_text import looks_like_formula, xml_safe

EXCEL_EPOCH_ORDINAL = date(1899, 12, 30).toordinal()
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# cell formats (cellXfs): 0 default, 1 header, 2 date, 3 date and time, 4 time, 5 quote-prefixed text
STYLES = HEAD + f"""<styleSheet xmlns="{MAIN}">
<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/><numFmt numFmtId="166" formatCode="hh:mm"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font><font><b/><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDDE7F0"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment horizontal="center"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
CONTENT_TYPES = HEAD + """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""
ROOT_RELS = HEAD + f"""<Relationships xmlns="{PKG_REL}">
<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK_RELS = HEAD + f"""<Relationships xmlns="{PKG_REL}">
<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/>
</Relationships>"""


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")  # XML readers turn a raw CR into LF
    return text


def _quote_sheet_name(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


class StreamingSheet:
    """Write with `append(values)` row after row, then `close()`; use as a context manager."""

    def __init__(self, target: Path, title: str, widths: Sequence[float], header: list[str]):
        self.target = target
        self.title = xml_safe(title)[:31] or "Sheet1"
        self.columns = len(header)
        self.letters = [column_letter(i) for i in range(max(self.columns, 1))]
        self.zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self.raw = self.zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        self.row = 0
        self._serials: dict[date, int] = {}
        self._buffer: list[str] = []
        cols = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths))
        self._write(HEAD + f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
                    '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
                    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
                    f'<sheetFormatPr defaultRowHeight="15"/>{"<cols>" + cols + "</cols>" if cols else ""}<sheetData>')
        self.append(list(header), style=1)

    def _write(self, text: str) -> None:
        self.raw.write(text.encode("utf-8"))

    def append(self, values: list[Any], style: int = 0) -> None:
        self.row += 1
        r = str(self.row)
        letters = self.letters
        out = [f'<row r="{r}">']
        add = out.append
        for c, value in enumerate(values):
            if value is None or value == "":
                continue
            if c >= len(letters):
                letters.extend(column_letter(i) for i in range(len(letters), c + 1))
            ref = letters[c] + r
            kind = type(value)
            if kind is str:
                if not value.isprintable():
                    value = xml_safe(value)
                    if not value:
                        continue
                s = 5 if style == 0 and value.startswith(("=", "+", "-", "@", "\t", "\r")) else style
                space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
                add(f'<c r="{ref}"{f" s={chr(34)}{s}{chr(34)}" if s else ""} t="inlineStr"><is><t{space}>'
                    f'{_escape(value)}</t></is></c>')
            elif kind is date:
                serial = self._serials.get(value)
                if serial is None:
                    serial = self._serials[value] = value.toordinal() - EXCEL_EPOCH_ORDINAL
                add(f'<c r="{ref}" s="2"><v>{serial}</v></c>')
            elif kind is int or kind is float:
                add(f'<c r="{ref}"><v>{value!r}</v></c>')
            elif kind is bool:
                add(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            elif kind is datetime:
                days = value.toordinal() - EXCEL_EPOCH_ORDINAL
                seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
                add(f'<c r="{ref}" s="3"><v>{days + seconds / 86400!r}</v></c>')
            elif kind is time:
                seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
                add(f'<c r="{ref}" s="4"><v>{seconds / 86400!r}</v></c>')
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                add(f'<c r="{ref}"><v>{float(value)!r}</v></c>')
            else:  # anything else as its text
                text = xml_safe(str(value))
                if text:
                    add(f'<c r="{ref}"{" s=" + chr(34) + "5" + chr(34) if looks_like_formula(text) else ""}'
                        f' t="inlineStr"><is><t xml:space="preserve">{_escape(text)}</t></is></c>')
        add("</row>")
        self._buffer.append("".join(out))
        if len(self._buffer) >= 500:
            self._write("".join(self._buffer))
            self._buffer.clear()

    def close(self) -> None:
        """Finish the sheet (autofilter over header and rows) and the package."""
        if self._buffer:
            self._write("".join(self._buffer))
            self._buffer.clear()
        last = f"{self.letters[max(self.columns, 1) - 1]}{max(self.row, 2)}"
        self._write(f'</sheetData><autoFilter ref="A1:{last}"/>'
                    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
                    "</worksheet>")
        self.raw.close()
        absolute = f"$A$1:${self.letters[max(self.columns, 1) - 1]}${max(self.row, 2)}"
        self.zip.writestr("xl/workbook.xml", HEAD + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
                          '<bookViews><workbookView/></bookViews>'
                          f'<sheets><sheet name="{_escape(self.title).replace(chr(34), "&quot;")}" sheetId="1" r:id="rId1"/>'
                          '</sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
                          f"{_escape(_quote_sheet_name(self.title))}!{absolute}</definedName></definedNames></workbook>")
        self.zip.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        self.zip.writestr("xl/styles.xml", STYLES)
        self.zip.writestr("_rels/.rels", ROOT_RELS)
        self.zip.writestr("[Content_Types].xml", CONTENT_TYPES)
        self.zip.close()

    def abort(self) -> None:
        try:
            self.raw.close()
            self.zip.close()
        except Exception:  # noqa: BLE001 - the caller removes the half-written file
            pass

    def __enter__(self) -> StreamingSheet:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

