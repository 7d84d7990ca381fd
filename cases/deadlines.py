"""The 30-day assessment deadline (policy VI.A.3, VI.C, VIIII.D), enforced by one idempotent sweep
over database state. Celery beat queues it every few minutes; `manage.py sweep_deadlines` runs it
by hand. No task is ever scheduled for a due date: a delayed task outlives Redis' visibility
timeout, runs twice or is lost.

A sweep has two steps:
1. **Claim**, set-based: for each kind of effect, select the open cases for which it is due and
   insert one `DeadlineNotice` per (case, kind, due date, days before), ignoring the ones that
   exist. The unique constraint makes the claim exactly-once whatever runs concurrently.
2. **Carry out** the claimed, not-yet-done notices in batches of `BATCH_SIZE`, each batch one
   transaction that locks its notices with SKIP LOCKED, writes their notifications and OWG
   determinations in bulk, marks them done and adds its effects to the `SweepRun`: the record
   counts exactly what committed, even when the sweep dies after a batch. A sweep that dies
   mid-batch rolls that batch back, leaving its claims to the next one; two sweeps at once take
   disjoint notices. A notification of the same effect that exists already is left as it is.
   Their e-mails are written to the outbox (lead/outbox) in the same transaction.

One bad row blocks nothing (issue 17): a batch that fails is rolled back to its savepoint and
carried out again notice by notice, each in a savepoint of its own. A notice that still fails is
quarantined: it keeps the error (the exception's class and first line), its number of failures
and when it is retried (`retry_delay`: an hour, doubling, at most a day), and the other notices
are carried out. The director's home lists the quarantined notices
(`cases.selectors.quarantined_notices`).

A few queries per batch whatever the number of cases; a sweep that did not run for days catches
up: it sends the reminder of the window the case is in now, not every reminder it missed.
"""

import json
from datetime import date, datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from cases.models import Appointment, Case, DeadlineNotice, Determination, InitialScreening, SweepRun, end_of_day
from lead.agencies.models import Agency
from lead.notifications.models import Notification
from lead.notifications.services import notifications_email
from lead.roles import Role
from lead.services import Conflict, acting
from lead.users.models import User


def sweep(*, now: datetime) -> int:
    """Claim and carry out every deadline effect due at `now`; the number of effects carried out."""
    run = SweepRun.objects.create(started_at=now)
    claim(now=now)
    done = carry_out(now=now, run=run)
    SweepRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    return done


def reminder_days() -> list[int]:
    return sorted({int(d) for d in settings.LEAD_REMINDER_DAYS}, reverse=True)


def claim(*, now: datetime) -> None:
    today = timezone.localdate(now)
    waiting = Case.objects.waiting_for_assessment().filter(assessment_due_on__isnull=False)
    offsets = reminder_days()
    for days, next_days in zip(offsets, [*offsets[1:], 0], strict=True):
        # The window of this reminder: from `days` before the due date until the next one's.
        due = waiting.filter(
            assessment_due_on__lte=today + timedelta(days=days), assessment_due_on__gt=today + timedelta(days=next_days)
        )
        _claim(due, DeadlineNotice.Kind.REMINDER, now, days_before=days)
    screened_long_ago = InitialScreening.objects.filter(case=OuterRef("pk"), screened_at__lte=now - timedelta(hours=48))
    has_appointment = Appointment.objects.filter(case=OuterRef("pk"))
    no_appointment = waiting.filter(Exists(screened_long_ago), ~Exists(has_appointment)).exclude(Case.overdue_q(now))
    _claim(no_appointment, DeadlineNotice.Kind.NO_APPOINTMENT, now)
    _claim(waiting.filter(Case.overdue_q(now)), DeadlineNotice.Kind.OVERDUE, now)


def _claim(cases, kind: str, now: datetime, days_before: int = 0) -> None:
    """INSERT ... SELECT ... ON CONFLICT DO NOTHING: one statement, whatever the number of cases,
    and the unique constraint decides which claim wins (PostgreSQL and SQLite alike)."""
    rows = cases.values(claim_case=F("pk"), claim_due=F("assessment_due_on"))
    select_sql, select_params = rows.query.sql_with_params()
    table = DeadlineNotice._meta.db_table
    # SQLite needs the WHERE to tell the upsert's ON from a join's.
    sql = (
        f"INSERT INTO {table} (case_id, due_on, kind, days_before, claimed_at) "
        f"SELECT claim.claim_case, claim.claim_due, %s, %s, %s FROM ({select_sql}) AS claim WHERE true "
        "ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [kind, days_before, connection.ops.adapt_datetimefield_value(now), *select_params])


NOTICE_FIELDS = (
    "pk",
    "kind",
    "due_on",
    "days_before",
    "failures",
    "case_id",
    "case__status",
    "case__assessment_due_on",
    "case__public_id",
    "case__case_manager_id",
    "case__referral__public_id",
    "case__referral__referred_by_id",
    "case__referral__stage",
    "case__referral__file_holder_id",
)

# Notices per transaction: a crash loses at most one batch's work (to the next sweep), and the
# locks and the JSON parameters stay small.
BATCH_SIZE = 500


def carry_out(*, now: datetime, run: SweepRun) -> int:
    """Carry out the claimed notices due at `now`, batch by batch, counting them on `run`; the
    number of effects."""
    done = 0
    while True:
        taken, effects = _carry_out_batch(now=now, run=run, size=BATCH_SIZE)
        done += effects
        # A short batch was the last: what is left is locked by another sweep or waits for a retry.
        if taken < BATCH_SIZE:
            return done


@transaction.atomic
def _carry_out_batch(*, now: datetime, run: SweepRun, size: int) -> tuple[int, int]:
    """One transaction: lock up to `size` notices, carry them out, count them on `run`; how many
    notices it took and how many effects it carried out."""
    # Plain rows, not model instances: tens of thousands of effects must stay cheap (issue 6).
    notices = list(due_notices(now).select_for_update(skip_locked=True, of=("self",)).values(*NOTICE_FIELDS)[:size])
    if not notices:
        return 0, 0
    try:
        # A savepoint: a failure undoes the batch's writes but keeps its locks for the retry.
        with transaction.atomic():
            effects = _effects(notices, now)
    except SoftTimeLimitExceeded:
        raise  # the task ran out of time: no row is to blame
    except Exception:
        effects = _effects_one_by_one(notices, now)
    # In the batch's transaction: the record counts exactly what committed, even if the sweep
    # dies before it finishes (issue 17).
    SweepRun.objects.filter(pk=run.pk).update(effects=F("effects") + effects)
    return len(notices), effects


def due_notices(now: datetime) -> QuerySet[DeadlineNotice]:
    """The claimed notices not yet done, but for the quarantined ones waiting for their retry, in
    the order the batches take them (deadlinenotice_todo_idx)."""
    return DeadlineNotice.objects.filter(
        Q(retry_at__isnull=True) | Q(retry_at__lte=now), done_at__isnull=True
    ).order_by("pk")


def _effects_one_by_one(notices: list[dict], now: datetime) -> int:
    """The batch again, each notice in a savepoint of its own: a notice that still fails is
    quarantined and the others are carried out."""
    effects = 0
    for notice in notices:
        try:
            with transaction.atomic():
                notice_effects = _effects([notice], now)
        except SoftTimeLimitExceeded:
            raise
        except Exception as error:
            _quarantine(notice, error, now)
        else:
            effects += notice_effects
    return effects


def _effects(notices: list[dict], now: datetime) -> int:
    """Write the notifications (with their e-mails) and determinations of `notices` and mark them
    done; the number of effects."""
    # A case may have moved on since the claim (assessment completed, case closed, due date
    # extended): such notices are closed without effect.
    live = [
        n for n in notices if n["case__status"] in Case.WAITING_STATUSES and n["case__assessment_due_on"] == n["due_on"]
    ]
    urls = _Urls()
    overdue = [n for n in live if n["kind"] == DeadlineNotice.Kind.OVERDUE]
    notifications = [_notification(n, urls) for n in live if n["kind"] != DeadlineNotice.Kind.OVERDUE]
    notifications += _overdue_notifications(overdue, urls)
    ids = _insert_notifications(notifications, now)
    _determinations(overdue, now)
    DeadlineNotice.objects.filter(pk__in=[n["pk"] for n in notices]).update(done_at=now)
    notifications_email(ids, now=now)  # in the same savepoint: the outbox (lead/outbox)
    return len(live)


def retry_delay(failures: int) -> timedelta:
    """How long a notice that failed `failures` times waits: an hour, doubling, at most a day."""
    return min(timedelta(hours=1) * 2 ** (failures - 1), timedelta(days=1))


def _quarantine(notice: dict, error: Exception, now: datetime) -> None:
    # The class and the first line only: the rows carry ids, keys and fixed texts, no names, but
    # a database error's detail lines quote whole rows.
    first_line = next(iter(str(error).strip().splitlines()), "")
    failures = notice["failures"] + 1
    DeadlineNotice.objects.filter(pk=notice["pk"]).update(
        failures=failures,
        failed_at=now,
        error=f"{type(error).__name__}: {first_line}"[:200],
        retry_at=now + retry_delay(failures),
    )


class _Urls:
    """The case and referral paths, reversed once: reversing per notification costs more than
    writing it."""

    def __init__(self):
        marker = "00000000-0000-0000-0000-000000000000"
        self.case = reverse("cases:case-detail", args=[marker]).replace(marker, "{}")
        self.referral = reverse("cases:referral-detail", args=[marker]).replace(marker, "{}")


def _notification(notice: dict, urls: _Urls) -> tuple:
    if notice["kind"] == DeadlineNotice.Kind.REMINDER:
        days = notice["days_before"]
        subject = f"An assessment is due in {days} day{'s' if days != 1 else ''}"
        body = f"Due by the end of {notice['due_on']:%A, %B %-d}."
    else:
        subject = "No assessment appointment 48 hours after the initial screening"
        body = "Set the appointment for the full assessment (optimally 24-48 hours after the initial screening)."
    # Names and clinical content stay out: the linked page checks who opens it.
    key = f"deadline:{notice['kind']}:{notice['days_before']}:{notice['case_id']}:{notice['due_on']}"
    case = notice["case__public_id"]
    return (notice["case__case_manager_id"], subject, body, urls.case.format(case), key, "case", case.hex)


def _overdue_notifications(overdue: list[dict], urls: _Urls) -> list[tuple]:
    """The case manager, the referring officer and, for pre-booking files, the prosecutors of the
    office holding the charging paperwork: status only."""
    offices = {n["case__referral__file_holder_id"] for n in overdue if n["case__referral__stage"] == "pre_booking"}
    prosecutors = {}
    for user_id, agency_id in User.objects.filter(
        agency_id__in=offices,
        agency__kind=Agency.Kind.PROSECUTOR,
        groups__name=Role.PROSECUTOR.label,
        is_active=True,
    ).values_list("pk", "agency_id"):
        prosecutors.setdefault(agency_id, []).append(user_id)
    notifications = []
    for notice in overdue:
        manager = notice["case__case_manager_id"]
        others = {notice["case__referral__referred_by_id"]}
        if notice["case__referral__stage"] == "pre_booking":
            others.update(prosecutors.get(notice["case__referral__file_holder_id"], []))
        others.discard(manager)
        key = f"deadline:overdue:{notice['case_id']}:{notice['due_on']}"
        body = f"The full assessment was due by the end of {notice['due_on']:%B %-d}. The OWG decides on an extension or filing the charge."
        subject = "An assessment is overdue"
        case, referral = notice["case__public_id"], notice["case__referral__public_id"]
        notifications.append((manager, subject, body, urls.case.format(case), key, "case", case.hex))
        # The officer and the prosecutors see the referral, not the case.
        referral_url = urls.referral.format(referral)
        notifications += [(user_id, subject, body, referral_url, key, "referral", referral.hex) for user_id in others]
    return notifications


def _insert_notifications(rows: list[tuple], now: datetime) -> list[int]:
    """Write (user id, subject, body, url, key, about_kind, about_id as 32 hex digits) rows as
    unread notifications; the ids of the new ones. One INSERT ... SELECT from a JSON parameter: building a model instance per row costs
    more. A notification of the same effect that exists already (notification_unique_key) stays
    as it is: the effect was notified."""
    if not rows:
        return []
    table = Notification._meta.db_table
    columns = _json_columns("row", ("bigint", "text", "text", "text", "text", "text", "uuid"))
    sql = (
        f"INSERT INTO {table} (public_id, user_id, subject, body, url, key, about_kind, about_id, created_at) "
        f"SELECT {_new_uuid_sql()}, {columns}, %s FROM {_json_rows_sql('row')} WHERE true "
        "ON CONFLICT DO NOTHING RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(now), json.dumps(rows)])
        return [row[0] for row in cursor.fetchall()]


def _determinations(overdue: list[dict], now: datetime) -> None:
    """The question for the next OWG meeting. At most one is pending per case (a partial unique
    constraint: ON CONFLICT DO NOTHING skips the cases that have one), and each new one gets its
    creation in the history table, as simple-history would write it one by one."""
    if not overdue:
        return
    table = Determination._meta.db_table
    sql = (
        f"INSERT INTO {table} (public_id, case_id, kind, status, created_at, decision) "
        f"SELECT {_new_uuid_sql()}, {_json_columns('row', ('bigint',))}, %s, %s, %s, '' FROM {_json_rows_sql('row')} WHERE true "
        "ON CONFLICT DO NOTHING RETURNING id"
    )
    params = [
        Determination.Kind.ASSESSMENT_OVERDUE,
        Determination.Status.PENDING,
        connection.ops.adapt_datetimefield_value(now),
        json.dumps([[n["case_id"]] for n in overdue]),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        created = [row[0] for row in cursor.fetchall()]
    if created:
        _history_copy(Determination, created, now)


# Many rows in one parameter: a JSON array of arrays, unpacked by the database. The only
# vendor-specific SQL of the sweep; PostgreSQL in production, SQLite for the embedded demo.


def _json_rows_sql(alias: str) -> str:
    if connection.vendor == "postgresql":
        return f"jsonb_array_elements(%s::jsonb) AS {alias}"
    return f"json_each(%s) AS {alias}"


def _json_columns(alias: str, types: tuple[str, ...]) -> str:
    """The columns of each row, cast to their PostgreSQL `types` (SQLite keeps JSON's own)."""
    if connection.vendor == "postgresql":
        return ", ".join(f"({alias}->>{i})::{kind}" for i, kind in enumerate(types))
    return ", ".join(f"json_extract({alias}.value, '$[{i}]')" for i in range(len(types)))


def _new_uuid_sql() -> str:
    # Django keeps UUIDs as uuid in PostgreSQL and as 32 hex digits in SQLite.
    return "gen_random_uuid()" if connection.vendor == "postgresql" else "lower(hex(randomblob(16)))"


def _history_copy(model, pks: list[int], now: datetime) -> None:
    """Record the creation of `model` rows `pks` in their history table (history_type "+", no
    user: the sweep acts for nobody)."""
    history = model.history.model
    quoted = ", ".join(connection.ops.quote_name(field.attname) for field in history.tracked_fields)
    ids = f"SELECT {_json_columns('row', ('bigint',))} FROM {_json_rows_sql('row')}"
    sql = (
        f"INSERT INTO {history._meta.db_table} ({quoted}, history_date, history_type) "
        f"SELECT {quoted}, %s, '+' FROM {model._meta.db_table} WHERE id IN ({ids})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(now), json.dumps([[pk] for pk in pks])])


def extension_refusal(due_on: date, now: datetime) -> str | None:
    """Why `due_on` cannot be the new due date of an extension, or None: the one rule the OWG's
    decision form shows and `assessment_extend` enforces."""
    if due_on <= timezone.localdate(now):
        return "The new due date must be after today."
    return None


@transaction.atomic
def assessment_extend(*, case: Case, due_on: date, plan: str, by, now: datetime) -> Case:
    """The OWG grants an extension (policy VIIII.D): a new due date and a plan to engage the
    participant. Reminders count from the new date; the overdue question is answered."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if refusal := extension_refusal(due_on, now):
        raise Conflict(refusal, field="new_due_on")
    case.assessment_due_on, case.assessment_due_at = due_on, end_of_day(due_on)
    acting(case, by).save(update_fields=["assessment_due_on", "assessment_due_at"])
    for determination in Determination.objects.select_for_update().filter(
        case=case, kind=Determination.Kind.ASSESSMENT_OVERDUE, status=Determination.Status.PENDING
    ):
        determination.status, determination.decided_at = Determination.Status.DECIDED, now
        determination.decision = f"Extended to {due_on:%B %-d, %Y}. Plan: {plan}"
        acting(determination, by).save()
    return case


def last_run() -> SweepRun | None:
    return SweepRun.objects.filter(finished_at__isnull=False).order_by("-finished_at").first()


def quarantined_count() -> int:
    """Notices whose effect failed and waits for a retry, for /healthz (within the to-do index)."""
    return DeadlineNotice.objects.filter(done_at__isnull=True, failures__gt=0).count()
