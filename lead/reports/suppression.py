"""Small-cell suppression for aggregate reports that leave the program (PCG, public): a count
from 1 to 4 is shown as "fewer than 5", and no complementary count may reveal it.

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

from lead.reports.tables import Row, Table

SUPPRESSED = "fewer than 5"
HIDDEN = "not shown (fewer than 5 people)"


def is_small(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4


def count_cell(value):
    return SUPPRESSED if is_small(value) else value


def rate_cell(numerator: int, denominator: int):
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
        for row, value in zip(rows, raw):
            if is_small(value):
                row.values[column] = SUPPRESSED
            elif isinstance(value, float) and counted_by and row.label in counted_by and counted_by[row.label][column] < 5:
                row.values[column] = HIDDEN
        if table.partition and len(rows) > 1:
            _complement([r.values for r in rows[:-1]], rows[-1].values, column, raw[:-1])
    return Table(table.key, table.title, table.columns, rows, label_heading=table.label_heading, note=table.note, partition=table.partition)


def _complement(parts: list[list], total: list, column: int, raw: list) -> None:
    suppressed = [i for i, values in enumerate(parts) if values[column] == SUPPRESSED]
    if len(suppressed) != 1:
        return
    candidates = sorted((raw[i], i) for i, values in enumerate(parts)
                        if i not in suppressed and isinstance(raw[i], int) and raw[i] > 0)
    if candidates:
        parts[candidates[0][1]][column] = SUPPRESSED
    else:
        total[column] = SUPPRESSED
