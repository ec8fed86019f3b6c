"""The annex workbook's writer alone: time and memory of a cases sheet of N rows.

    python bench/workbook_memory.py 10000
    PYTHONPATH=/path/to/other/checkout python bench/workbook_memory.py 10000

Eleven columns as the annex's cases sheet has them (text, wrapped text, amounts, two
formulas a row with their cached values, the sum row and the chart). The rows
themselves are built before the writer starts; tracemalloc is on, so the seconds are
slower than a real run.
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc
from typing import Any

from socinv.reports.xlsx_render import Column, Formula, Sheet, Workbook


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    columns = [Column("Nr", width=10), Column("Satsning", "wrap", 30),
               *(Column(f"Belopp {index}", "amount") for index in range(8)),
               Column("Rapport", width=16)]
    rows: list[list[Any]] = []
    for index in range(count):
        row = 4 + index
        rows.append([f"2026-{index:03d}", f"Satsning nummer {index} med ett långt namn som "
                     "radbryts i cellen", 980000, 0, Formula(f"=C{row}+D{row}", 980000), 951000,
                     Formula(f'=IF(ISNUMBER(F{row}),E{row}-F{row},"saknas")', 29000), 0,
                     1699000, 1760000, "2025-annual"])
    tracemalloc.start()
    start = time.perf_counter()
    book = Workbook("sv", "Ystads kommun – bilaga", "Ystads kommun – bilaga", None)
    book.add(Sheet("Satsningar", "Satsningar 2025", columns, rows, sum_row=True))
    book.chart("Satsningar", "Budget och utfall", 4, 3 + count, 1, [5, 6], "B20")
    data = book.save()
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    resident = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{count} rows: {seconds:.2f} s, traced peak {peak / 1e6:.0f} MB, "
          f"{len(data) / 1e6:.2f} MB written, peak resident {resident} MB")


if __name__ == "__main__":
    main()
