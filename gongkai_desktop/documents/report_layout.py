"""The official layout of the annual report's three tables as merged cells, in one place.

Both the Word and the Excel writer draw from these lists, so their header merges and labels cannot drift
apart. Coordinates are 0-based (row, column) inside each table; `r2`/`c2` close a merged range."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.annual_report import CHECK_NOTE, COLUMNS, REVIEW_RESULTS, SECTION2_ROWS, SECTION3_ROWS


@dataclass(frozen=True)
class Cell:
    r: int
    c: int
    value: Any
    r2: int | None = None
    c2: int | None = None
    left: bool = False  # row labels are left-aligned


SECTION2_WIDTH = 4
SECTION3_HEADER_ROWS = 3
SECTION3_LABEL_COLUMNS = 3
SECTION3_WIDTH = SECTION3_LABEL_COLUMNS + len(COLUMNS)
SECTION4_HEADER_ROWS = 3
SECTION4_WIDTH = 15


def _number(value: Any) -> Any:
    text = str(value)
    try:
        return float(text) if "." in text else int(text)
    except ValueError:  # the 2019 format's 本年增/减: 增5, 减1
        return text


def section2_cells(section2: dict[str, list[Any]], rows: tuple[tuple[str, str, tuple[str, ...]], ...] = SECTION2_ROWS
                   ) -> list[Cell]:
    """表二 as four columns: 信息内容 and up to three data columns (one data column spans three, two: 1 + 2)."""
    cells: list[Cell] = []
    groups: list[tuple[str, list[tuple[str, tuple[str, ...]]]]] = []
    for item, name, cols in rows:
        if not groups or groups[-1][0] != item:
            groups.append((item, []))
        groups[-1][1].append((name, cols))
    r = 0
    for item, group_rows in groups:
        cells.append(Cell(r, 0, item, c2=3))
        cells.append(Cell(r + 1, 0, "信息内容"))
        cols = group_rows[0][1]
        cells += _spread(r + 1, list(cols))
        for j, (name, cols) in enumerate(group_rows):
            values = [_number(v) for v in section2.get(name, [0] * len(cols))]
            cells.append(Cell(r + 2 + j, 0, name))
            cells += _spread(r + 2 + j, values)
        r += 2 + len(group_rows)
    return cells


def _spread(r: int, values: list[Any]) -> list[Cell]:
    if len(values) == 3:
        return [Cell(r, 1 + i, v) for i, v in enumerate(values)]
    if len(values) == 2:
        return [Cell(r, 1, values[0]), Cell(r, 2, values[1], c2=3)]
    return [Cell(r, 1, values[0], c2=3)]


def section2_height(rows: tuple[tuple[str, str, tuple[str, ...]], ...] = SECTION2_ROWS) -> int:
    items = {item for item, _, _ in rows}
    return 2 * len(items) + len(rows)


def section3_cells(values: dict[str, list[int]], rows: tuple[tuple[str, str, str, str], ...] = SECTION3_ROWS,
                   period: bool = False) -> list[Cell]:
    """表三 with its merged header; `rows` per the year's format; `period`: the labels of a quarter or any range
    (本期新收, 上期结转, 本期办理结果, 结转下期继续办理) in the same layout."""
    h, lc = SECTION3_HEADER_ROWS, SECTION3_LABEL_COLUMNS
    cells = [
        Cell(0, 0, CHECK_NOTE, r2=2, c2=2),
        Cell(0, lc, "申请人情况", c2=SECTION3_WIDTH - 1),
        Cell(1, lc, COLUMNS[0], r2=2),
        Cell(1, lc + 1, "法人或其他组织", c2=lc + 5),
        Cell(1, SECTION3_WIDTH - 1, COLUMNS[-1], r2=2),
        *(Cell(2, lc + 1 + i, name) for i, name in enumerate(COLUMNS[1:6])),
    ]
    groups: dict[str, list[int]] = {}
    result_rows: list[int] = []
    for i, (key, level1, level2, level3) in enumerate(rows):
        r = h + i
        if not level2:
            cells.append(Cell(r, 0, period_label(level1) if period else level1, c2=2, left=True))
        else:
            result_rows.append(r)
            if not level3:
                cells.append(Cell(r, 1, level2, c2=2, left=True))
            else:
                groups.setdefault(level2, []).append(r)
                cells.append(Cell(r, 2, level3, left=True))
        cells += [Cell(r, lc + c, v) for c, v in enumerate(values[key])]
    cells.append(Cell(result_rows[0], 0, period_label("三、本年度办理结果") if period else "三、本年度办理结果",
                      r2=result_rows[-1]))
    cells += [Cell(rows[0], 1, label, r2=rows[-1]) for label, rows in groups.items()]
    return cells


def period_label(label: str) -> str:
    """An annual row label for a quarter or any date range."""
    for a, b in (("本年新收", "本期新收"), ("上年结转", "上期结转"), ("本年度办理结果", "本期办理结果"),
                 ("结转下年度", "结转下期")):
        label = label.replace(a, b)
    return label


def section4_cells(values: list[int]) -> list[Cell]:
    cells = [Cell(0, 0, "行政复议", c2=4), Cell(0, 5, "行政诉讼", c2=14)]
    cells += [Cell(1, i, name, r2=2) for i, name in enumerate(REVIEW_RESULTS)]
    cells += [Cell(1, 5, "未经复议直接起诉", c2=9), Cell(1, 10, "复议后起诉", c2=14)]
    cells += [Cell(2, 5 + g * 5 + i, name) for g in range(2) for i, name in enumerate(REVIEW_RESULTS)]
    cells += [Cell(SECTION4_HEADER_ROWS, i, v) for i, v in enumerate(values)]
    return cells
