from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

from lead.audit.models import AccessEvent


class AccessLogPaginator(Paginator):
    """Counts at most `CAP` rows, so a large site's access log (millions of lines) is never
    counted whole. Beyond the cap the unfiltered log on PostgreSQL shows the planner's estimate
    (pg_class.reltuples, kept by autovacuum); a filtered list, or another database, shows
    "more than CAP" and pages through its first CAP lines (narrow it with the filters to see more)."""

    CAP = 10_000

    @cached_property
    def count(self) -> int:
        counted = self.object_list[: self.CAP + 1].count()
        self.capped = counted > self.CAP
        self.estimated = False
        if self.capped and (estimate := self._estimate()) is not None:
            self.estimated = True
            return max(estimate, counted)
        return counted

    def _estimate(self) -> int | None:
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor != "postgresql" or queryset.query.where:
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [queryset.model._meta.db_table]
            )
            row = cursor.fetchone()
        return row[0] if row and row[0] > 0 else None


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    """Read-only: the access log is append-only. Its cost does not grow with the log: no count of
    the whole log (`AccessLogPaginator`, no full result count), a date filter instead of the
    date hierarchy (which lists the years of every line), and searches matching a username or a
    record id exactly, whatever the case, which the indexes answer (lead/audit/models.py)."""

    list_display = ["at", "username", "kind", "outcome", "object_type", "object_id", "ip_address"]
    list_filter = [("at", admin.DateFieldListFilter), "kind", "outcome"]
    search_fields = ["=username", "=object_id"]
    search_help_text = "A username or a record id, exactly (any case)."
    paginator = AccessLogPaginator
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
