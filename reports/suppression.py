"""Small-cell suppression for aggregate reports that leave the program (PCG, public): a count
from 1 to 4 is shown as "fewer than 5", and no complementary count may reveal it.

Two labels, so that nobody reads a hidden 13 as "fewer than 5": a cell hidden because its own
count is 1 to 4 (primary) reads "fewer than 5" (`SMALL`); a cell hidden to protect another one
(complementary: a neighbouring part, the total, a rate, a figure computed from a small count)
reads "suppressed" (`SUPPRESSED`). `SUPPRESSION_NOTE` explains both wherever they appear.

Rules, applied per column of a table:
- primary: a count of 1 to 4 is suppressed;
- complementary: in a table whose rows partition a total (`Table.partition`: the last row is the
  sum of the others), when exactly one of the parts is suppressed, the smallest other non-zero
  part is suppressed too, so "total minus the others" no longer gives it away; when no such part
  is left, the total is suppressed;
- a rate is suppressed when its numerator, or its denominator minus its numerator, is 1 to 4
  (either would let a reader work the small count out);
- a median or average of fewer than 5 people is not shown.
Zero is shown: it reveals no one.
"""

from reports.tables import Row, Table

SMALL = "fewer than 5"
SUPPRESSED = "suppressed"
HIDDEN = "not shown (fewer than 5 people)"
SUPPRESSION_NOTE = (
    'A hidden figure reads "fewer than 5" when it is a count from 1 to 4, hidden to protect the people in it, '
    'and "suppressed" when it may be of any size but would give such a count away (another part of the same '
    "total, the total itself, or a rate or estimate computed from it)."
)


def is_small(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4


def is_suppressed(value) -> bool:
    return value in (SMALL, SUPPRESSED)


def rate_cell(numerator: int, denominator: int):
    """A rate is never itself a count of 1 to 4: hidden, it reads "suppressed"."""
    if not denominator:
        return None
    if is_small(numerator) or is_small(denominator - numerator):
        return SUPPRESSED
    return round(numerator / denominator, 3)


def suppress_table(table: Table, *, counted_by: dict[str, list[int]] | None = None) -> Table:
    """A copy of `table` with every count cell suppressed by the rules above. Float cells (rates,
    medians) are kept only where `counted_by[row label]` (the people behind each column's value)
    is 5 or more; without it a float row is kept as it is (rates computed from suppressed parts
    are built with `rate_cell` instead)."""
    rows = [Row(r.label, list(r.values)) for r in table.rows]
    for column in range(len(table.columns)):
        raw = [r.values[column] for r in table.rows]
        for row, value in zip(rows, raw, strict=True):
            if is_small(value):
                row.values[column] = SMALL
            elif (
                isinstance(value, float)
                and counted_by
                and row.label in counted_by
                and counted_by[row.label][column] < 5
            ):
                row.values[column] = HIDDEN
        if table.partition and len(rows) > 1:
            _complement([r.values for r in rows[:-1]], rows[-1].values, column, raw[:-1])
    return Table(
        table.key,
        table.title,
        table.columns,
        rows,
        label_heading=table.label_heading,
        note=table.note,
        partition=table.partition,
    )


def _complement(parts: list[list], total: list, column: int, raw: list) -> None:
    suppressed = [i for i, values in enumerate(parts) if is_suppressed(values[column])]
    if len(suppressed) != 1:
        return
    candidates = sorted(
        (raw[i], i) for i, values in enumerate(parts) if i not in suppressed and isinstance(raw[i], int) and raw[i] > 0
    )
    if candidates:
        parts[candidates[0][1]][column] = SUPPRESSED
    elif not is_suppressed(total[column]):  # a total of 1 to 4 already says "fewer than 5"
        total[column] = SUPPRESSED
