"""Pages of lists that grow with the site (every referral, every screening of an agency).

Django's Paginator counts every matching row to say "Page 3 of 1,240": at a 50,000-participant
site that count scanned the whole table and cost more than the rest of the page (issue 16). Here
the count stops at COUNT_CAP + 1 rows (a LIMITed subquery), so it costs the same at any size: up to
the cap the page says "123 referrals" and "Page 2 of 5" as before; past it, "More than 1,000
referrals" and "Page 2", and whether an older page exists comes from reading one row more than
the page shows. Every row stays reachable with Next. Two queries, like the Paginator's.
"""

from dataclasses import dataclass

COUNT_CAP = 1000


@dataclass(frozen=True)
class CappedCount:
    """What the page says of the whole list (named like Django's Paginator for the templates)."""

    count: int  # the rows, or COUNT_CAP when there are more
    more: bool  # more than COUNT_CAP rows
    per_page: int

    @property
    def num_pages(self) -> int | None:
        """None when the list is longer than the cap: the page then says no total."""
        return None if self.more else max(1, -(-self.count // self.per_page))

    @property
    def label(self) -> str:
        return f"More than {self.count:,}" if self.more else f"{self.count:,}"


class CappedPage:
    """A page of `queryset` (already ordered), with the attributes of Django's Page that the
    templates use (includes/pagination.html)."""

    def __init__(self, queryset, number: str | None, per_page: int):
        counted = queryset.order_by()[: COUNT_CAP + 1].count()
        self.paginator = CappedCount(min(counted, COUNT_CAP), counted > COUNT_CAP, per_page)
        # A page number as typed in the address: anything else is the first page; past the last
        # page of a counted list, the last one (as Django's `get_page` does).
        valid = number is not None and number.isascii() and number.isdigit() and 0 < len(number) <= 6
        self.number = max(int(number), 1) if valid else 1
        if self.paginator.num_pages is not None:
            self.number = min(self.number, self.paginator.num_pages)
        start = (self.number - 1) * per_page
        rows = list(queryset[start : start + per_page + 1]) if counted else []
        self.object_list = rows[:per_page]
        self._has_next = len(rows) > per_page

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1
