"""A report is a list of tables: every figure shown is a cell of one, with its numbers readable
as a table (accessibility) and exportable as CSV or XLSX."""

from dataclasses import dataclass, field


@dataclass
class Row:
    label: str
    values: list  # one per column: an int, a float (a rate or a median), a str (a suppressed cell) or None
    # The director's drill-down: the key of the list of records behind the row's first value.
    records: str = ""


@dataclass
class Table:
    key: str  # unique within its report; a slug
    title: str
    columns: list[str]  # the value columns' headings (the label column is "" unless `label_heading`)
    rows: list[Row] = field(default_factory=list)
    label_heading: str = ""
    note: str = ""  # how to read it: definitions, assumptions
    # The rows other than the last partition the last (a total): small-cell suppression then
    # hides a second cell so that the total does not give the first away.
    partition: bool = False

    def as_rows(self):
        """The header and the rows as lists of cells, for exports."""
        yield [self.label_heading or self.title, *self.columns]
        for row in self.rows:
            yield [row.label, *row.values]
