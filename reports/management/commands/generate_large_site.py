"""A large LEAD site's data, for benchmarks of the reports and the pages (scripts/bench-reports,
scripts/bench-pages, docs/reports.md, docs/performance.md).

    manage.py generate_large_site --participants 50000 --years 10 --contacts 500000 [--seed N]

Years of a site's work ending now: police and sheriff's offices diverting pre-arrest and
pre-booking, their screenings (more than the diversions: people found not eligible and arrested,
people who declined), referrals with hand-offs, cases with consent, appointments, assessments, ISPs
with goals, action steps and current services, progress notes and summaries, releases of
information (to the OWG's members or named agencies, dated or until the participant leaves; some
revoked or expired), contacts, outreach assignments, closings, the OWG's meetings and decisions,
charge filings and participants' new criminal cases. A person may come back: several referrals,
one person. Around them, what the services write with them (Generator.records): the object
permissions that are per object (a case manager's VIEW_REFERRAL for the hand-off asked of them or
the case they took, an outreach specialist's ENGAGE_CASE while their assignment runs), coverage of
caseloads and the director's break-glass openings, the access log (ACCESS_EVENTS_PER_PARTICIPANT
lines a participant: reads by the people working on each record, refusals, sign-ins, the grants'
lines), notifications (about ten a case: hand-offs, decisions, deadline reminders with the sweep's
claims, minutes...; most read). Same seed, same site (apart from the random public ids); those
records draw from a random stream of their own, so the rest is the same as without them.

The staff: 91 officers over the three police agencies, 8 prosecutors, 6 public defenders, case
managers enough for a caseload of about 25 (150 at 50,000 participants over 10 years; every tenth
a supervisor), an outreach specialist for every 12 case managers, the director, the coordinator,
4 PCG members; the OWG is the director, the first officer of each police agency and the first
prosecutor, defender, outreach specialist and two case managers. Every case has a case manager of
that pool. TYPICAL_USERS names the accounts a benchmark signs in as ("a typical officer", "a case
manager with a full caseload"...): the same usernames at every size. Their password is unusable
("!generated"): sign in with force_login.

Rows are written in bulk (COPY on PostgreSQL, bulk_create elsewhere), in one transaction, with no
history rows, no signature files behind consents and releases, and none of the agency groups' or
case-wide grants the services write and no lookup reads.
"""

import bisect
import itertools
import json
import math
import random
import time as clock
import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.urls import reverse
from django.utils import timezone
from guardian.models import UserObjectPermission

from cases.deadlines import reminder_days
from cases.grants import ENGAGE_CASE, VIEW_REFERRAL
from cases.models import (
    BREAK_GLASS_WINDOW,
    ActionStep,
    Appointment,
    Assessment,
    BreakGlass,
    Case,
    CaseNote,
    ChargingHold,
    Consent,
    Contact,
    Coverage,
    CurrentService,
    DeadlineNotice,
    Determination,
    Goal,
    InitialScreening,
    Participant,
    ParticipantName,
    ProgressSummary,
    ReferenceCounter,
    Referral,
    ReleaseOfInformation,
    ServicePlan,
    reference_format,
)
from cases.selectors import name_key
from cases.services.record import ASSESSMENT_FIELDS
from eligibility import engine
from eligibility.demo import ELIGIBLE
from eligibility.models import CriteriaSet, CriteriaVersion, Screening
from lead.agencies.models import Agency
from lead.audit.models import AccessEvent
from lead.notifications.models import Notification
from lead.outbox.models import OutboxMessage
from lead.roles import Role, sync_role_groups
from lead.system.models import SiteConfiguration
from lead.users.models import User
from outreach.models import Assignment
from owg.models import (
    Attendance,
    ChargeFiling,
    CriminalCase,
    Decision,
    Meeting,
    Workgroup,
)

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)

# name: (kind, jurisdiction, diversion stage, criteria set, share of the diversions)
AGENCIES = {
    "Harbor City Police Department": (Agency.Kind.POLICE, "City of Harbor City", "pre_booking", "example-1", 0.55),
    "Harbor County Sheriff's Office": (Agency.Kind.SHERIFF, "Harbor County", "pre_arrest", "example-2", 0.30),
    "Port Ellis Police Department": (Agency.Kind.POLICE, "City of Port Ellis", "pre_arrest", "example-1", 0.15),
    "Harbor County District Attorney's Office": (Agency.Kind.PROSECUTOR, "Harbor County", "", None, 0),
    "Harbor County Public Defender's Office": (Agency.Kind.PUBLIC_DEFENDER, "Harbor County", "", None, 0),
    "Bridgeway Community Services": (Agency.Kind.SERVICE_PROVIDER, "Harbor County", "", None, 0),
    "Harbor County LEAD Program Office": (Agency.Kind.PROGRAM, "Harbor County", "", None, 0),
}
DA, PD, PROVIDER, PROGRAM = list(AGENCIES)[3:]

FIRST = [
    "James",
    "Maria",
    "Robert",
    "Linda",
    "Michael",
    "Patricia",
    "David",
    "Jennifer",
    "John",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Daniel",
    "Nancy",
    "Matthew",
    "Lisa",
    "Anthony",
    "Betty",
    "Mark",
    "Dorothy",
    "Donald",
    "Sandra",
    "Steven",
    "Ashley",
    "Paul",
    "Kimberly",
    "Andrew",
    "Donna",
    "Joshua",
    "Emily",
    "Kenneth",
    "Michelle",
    "Kevin",
    "Carol",
    "Brian",
    "Amanda",
    "George",
    "Melissa",
    "Luis",
    "Rosa",
    "Jose",
    "Ana",
    "Carlos",
    "Lucia",
    "Juan",
    "Sofia",
    "Miguel",
    "Elena",
    "Wei",
    "Mei",
    "Hiroshi",
    "Yuki",
    "Kwame",
    "Ama",
    "Tariq",
    "Layla",
    "Dmitri",
    "Olga",
    "Raj",
    "Priya",
    "Tomas",
    "Ines",
    "Jamal",
    "Keisha",
    "Darnell",
    "Tanisha",
    "Cody",
    "Brittany",
    "Dakota",
    "Skyler",
    "Jordan",
    "Casey",
    "Riley",
    "Avery",
    "Quinn",
    "Rowan",
    "Sage",
]
LAST = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Kim",
    "Park",
    "Chen",
    "Wang",
    "Okafor",
    "Mensah",
    "Haddad",
    "Nasser",
    "Petrov",
    "Ivanova",
    "Patel",
    "Singh",
    "Begay",
    "Yazzie",
    "Tsosie",
    "Kealoha",
    "O'Brien",
    "Sullivan",
    "Kowalski",
    "Novak",
    "Dubois",
    "Moreau",
    "Rossi",
    "Bianchi",
    "Silva",
    "Santos",
    "Costa",
    "Oliveira",
    "Fischer",
    "Weber",
    "Becker",
]
HOURS = list(range(24))
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 1, 2, 4, 6, 7, 8, 8, 8, 8, 8, 8, 8, 7, 6, 5, 4, 3, 2, 1]
RACES = [
    ("white", 45),
    ("black", 28),
    ("american_indian", 5),
    ("asian", 4),
    ("pacific_islander", 1),
    ("middle_eastern", 1),
    ("other", 3),
    ("declined", 5),
    ("two", 8),
]
ETHNICITIES = [("hispanic", 18), ("not_hispanic", 72), ("declined", 10)]
GENDERS = [("man", 68), ("woman", 28), ("transgender", 1.5), ("non_binary", 1), ("other", 0.5), ("declined", 1)]
OFFENSES = [
    "Shoplifting",
    "Possession of a controlled substance",
    "Trespass",
    "Prostitution",
    "Theft, 3rd degree",
    "Criminal mischief",
    "Possession of drug paraphernalia",
    "Loitering",
    "Public intoxication",
    "Unlawful camping",
]
PLACES = [
    "5th and Main",
    "Harbor Transit Center",
    "Riverside Park",
    "Grant Street encampment",
    "Pier 9",
    "Safeway, Oak Avenue",
    "Library, Central Branch",
    "Eastside shelter",
    "Union Station",
    "Mill Creek bridge",
]
# (code, weight): exclusions an ineligible screening may carry; the engine says which reasons follow.
EXCLUSIONS = [
    ("felony", 20),
    ("no_need_history", 8),
    ("not_need_related", 8),
    ("victim_wants", 7),
    ("not_amenable", 9),
    ("unable_to_consent", 4),
    ("drug_grams", 8),
    ("sale_for_profit", 7),
    ("exploits_others", 2),
    ("pc_violent_offense", 9),
    ("pc_protection_order_violation", 3),
    ("pc_domestic_violence", 6),
    ("promoting_prostitution", 2),
    ("registered_sex_offender", 2),
    ("acute_emergency_care", 3),
    ("old_conviction", 3),
    ("recent_conviction", 5),
]
CLOSINGS = [("completed", 45), ("withdrawn", 25), ("moved", 12), ("deceased", 3), ("owg", 15)]
HOUSING_UP = {
    "unsheltered": "shelter",
    "shelter": "transitional",
    "transitional": "renting",
    "doubled_up": "renting",
    "institution": "shelter",
    "renting": "renting",
    "owned": "owned",
}
EMPLOYMENT_UP = {
    "unemployed": "part_time",
    "not_looking": "unemployed",
    "part_time": "full_time",
    "full_time": "full_time",
    "unable": "unable",
}
HOUSING = [
    ("unsheltered", 38),
    ("shelter", 18),
    ("transitional", 8),
    ("doubled_up", 16),
    ("renting", 12),
    ("owned", 2),
    ("institution", 6),
]
EMPLOYMENT = [("unemployed", 38), ("not_looking", 20), ("part_time", 14), ("full_time", 6), ("unable", 22)]
COURTS = ["Harbor County Superior Court", "Harbor City Municipal Court"]
OTHER_COURTS = ["Bay County Superior Court", "Marin Valley District Court", "State Court of Appeals"]
CRIMINAL_CHARGES = [
    "Theft, 3rd degree",
    "Possession of a controlled substance",
    "Assault, 4th degree",
    "Trespass, 1st degree",
    "Driving with a suspended license",
    "Criminal mischief",
    "Failure to appear",
]
CONTACT_OUTCOMES = {
    "in_person": ["Met at the shelter", "Checked in at the office", "Went to the clinic together", "Met downtown"],
    "phone": ["Talked about the housing application", "Confirmed the appointment", "Check-in call"],
    "text": ["Reminder sent", "Replied to a text"],
    "outreach": ["Looked at the usual spots", "Asked around the encampment", "Left a card at the shelter"],
}

# What else a site of that age holds (Generator.records), at rates per participant, case or case
# manager: a bigger site holds proportionally more, and one person's lists stay the same size.
ACCESS_EVENTS_PER_PARTICIPANT = 20  # lines of the access log: 1,000,000 at 50,000 participants
DENIED_SHARE = 0.02  # of those, refusals: another agency's referral, another role's page, a wrong password
SIGN_IN_SHARE = 0.1  # of those, sign-ins and sign-outs; the rest are the grants' lines and reads of records
NOTE_DAYS = 30  # a progress note on the ISP about every month, from the consent to the closing
OUTREACH_RUNNING = 0.07  # of the open cases: an outreach specialist looks for the participant now
OUTREACH_PAST = 0.25  # of the cases: an outreach assignment that ended when the person was found
COVERAGE_DAYS = 240  # a case manager's caseload is covered (leave, training) about every eight months
CASES_PER_BREAK_GLASS = 500  # the director's emergency openings of a clinical record
ROI_DAYS = 365  # a release of information with a date runs a year; most are renewed
NEVER_READ = 0.02  # notifications nobody opened; the others are read hours or days after they came
HOUR_CUMULATIVE = list(itertools.accumulate(HOUR_WEIGHTS))

# The people a benchmark signs in as: the same usernames at every size (the generated staff is
# ls-<agency>-officer-NNN, ls-prosecutor-NN, ls-defender-NN, ls-casemanager-NNN, ls-outreach-NN,
# ls-director, ls-coordinator, ls-pcg-N). The first officer of each police agency, the first
# prosecutor, defender and outreach specialist and the first two case managers sit on the OWG;
# every tenth case manager (000, 010, ...) is a supervisor.
TYPICAL_USERS = {
    # A patrol officer of Harbor City PD, not on the OWG: their referrals and screenings.
    "officer": "ls-hcpd-officer-001",
    # An officer on the OWG (and a social-contact referrer).
    "owg_member": "ls-hcpd-officer-000",
    # A case manager with a full caseload (open cases / case managers, about 25 at any size),
    # neither a supervisor nor on the OWG.
    "case_manager": "ls-casemanager-002",
    # A supervisor: every case of the provider is in their clinical scope.
    "supervisor": "ls-casemanager-000",
    "prosecutor": "ls-prosecutor-01",
    "defender": "ls-defender-01",
    # Assignments go round the specialists, so this one has their share of the running ones.
    "outreach": "ls-outreach-01",
    "director": "ls-director",
    "coordinator": "ls-coordinator",
    "pcg": "ls-pcg-1",
}

ACTION_STEPS = [
    ("Apply for a housing voucher", "The participant"),
    ("Call the shelter every morning for a bed", "The participant"),
    ("Book the intake at the clinic", "The case manager"),
    ("Go to the intake at the treatment program", "The participant"),
    ("Get a state ID (birth certificate first)", "The case manager"),
    ("Pick up the food stamps card", "The participant"),
    ("Meet the public defender about the warrant", "The participant"),
    ("Sign up for the job readiness class", "The participant"),
    ("Refill the prescription", "The clinic"),
    ("Ride to the housing interview", "The outreach specialist"),
]
CURRENT_SERVICES = [
    ("Harbor County Behavioral Health", "Counseling"),
    ("Eastside Clinic", "Primary care"),
    ("Harbor Housing Authority", "Housing waitlist"),
    ("Department of Social and Health Services", "Food assistance"),
    ("Recovery Cafe", "Peer support"),
    ("Harbor Methadone Program", "Medication for opioid use disorder"),
]
NOTES = [
    "Met at the shelter; talked through the week's appointments.",
    "Went to the clinic together; follow-up in two weeks.",
    "Housing application submitted; waiting to hear back.",
    "Missed the appointment; rescheduled for Thursday.",
    "Doing better; wants to work on getting an ID next.",
    "Talked about cutting down; interested in the treatment program.",
    "Checked in by phone; no change since last week.",
]
ROI_INFORMATION = "Attendance, engagement and progress toward the ISP's goals; no clinical details."
ROI_PURPOSE = "Coordinating the participant's LEAD services and any pending charge with the Operations Workgroup."
COVERAGE_REASONS = ["Annual leave", "Parental leave", "Training week", "Sick leave", "Vacancy until a hire"]
BREAK_GLASS_REASONS = [
    "Participant reported missing by family; police welfare check under way.",
    "Overdose reported at the shelter; the hospital asks for medications on file.",
    "Case manager unreachable and the participant is in crisis at the office.",
]
OUTREACH_REASONS = [
    "Not reached for a week; usually near the Transit Center in the morning.",
    "Missed the assessment appointment; try the Eastside shelter.",
    "Phone disconnected; last seen at Riverside Park.",
]
USER_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
]
# The clinical pages a case manager reads (the access log's detail says which) and their URL names.
CLINICAL_PAGES = [
    ("contacts", "cases:case-contacts"),
    ("ISP", "cases:case-plan"),
    ("assessment", "cases:case-assessment"),
    ("releases of information", "cases:case-roi-new"),
    ("initial screening", "cases:case-screening"),
    ("assessment appointment", "cases:case-appointment"),
]


class Sink:
    """Rows into tables with explicit ids: COPY on PostgreSQL, bulk_create elsewhere."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.written: dict[str, int] = {}
        self.models: set = set()

    def write(self, model, fields: tuple[str, ...], rows) -> int:
        meta = model._meta
        fields, rows = self.with_defaults(model, fields, rows)
        json_at = [i for i, name in enumerate(fields) if isinstance(meta.get_field(name), models.JSONField)]
        n = 0
        if self.postgres:
            quote = connection.ops.quote_name
            columns = ", ".join(quote(meta.get_field(f).column) for f in fields)
            with (
                connection.cursor() as cursor,
                cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy,
            ):
                for row in rows:
                    if json_at:
                        row = list(row)
                        for i in json_at:
                            row[i] = json.dumps(row[i])
                    copy.write_row(row)
                    n += 1
        else:
            batch = []
            for row in rows:
                batch.append(model(**dict(zip(fields, row, strict=True))))
                if len(batch) == 2000:
                    model.objects.bulk_create(batch)
                    n += len(batch)
                    batch = []
            model.objects.bulk_create(batch)
            n += len(batch)
        self.written[meta.label] = self.written.get(meta.label, 0) + n
        self.models.add(model)
        return n

    @staticmethod
    def with_defaults(model, fields: tuple[str, ...], rows):
        """`fields` and `rows` with the model's default for each field they leave out.

        COPY leaves a column it is not given NULL (Django's defaults live in Python, not in the
        table), so a field added to a model since would be NULL, or fail a NOT NULL column: each
        gets its default here, as the application would give it, and a required field without
        one stops the command by name."""
        meta = model._meta
        given = {meta.get_field(name).name for name in fields}
        left = [f for f in meta.concrete_fields if f.name not in given and f.db_default is models.NOT_PROVIDED]
        if required := [f.name for f in left if not f.null and not f.has_default()]:
            raise CommandError(f"generate_large_site writes no {', '.join(required)} of {meta.label}: add them.")
        filled = [f for f in left if f.has_default()]
        if not filled:
            return fields, rows
        return (*fields, *(f.name for f in filled)), ((*row, *(f.get_default() for f in filled)) for row in rows)

    def reset_sequences(self):
        statements = connection.ops.sequence_reset_sql(no_style(), sorted(self.models, key=lambda m: m._meta.label))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


class Ids:
    """The next free id of each table (explicit ids let one pass write rows that refer to each other)."""

    def __init__(self, tables):
        # Read up front: no query may run while a COPY is writing (rows are generated as it writes).
        self.next = {model: (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1 for model in tables}

    def __call__(self, model) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


class Command(BaseCommand):
    help = (
        "Generate a large site's data for benchmarks: participants, screenings, referrals, cases with their "
        "records, contacts, OWG meetings and decisions over YEARS years ending now, with the object permissions, "
        "access log and notifications around them. Bulk inserts in one transaction: no history rows, no signature "
        "files. Refuses unless LEAD_DEBUG is on "
        "or --yes is given, and on a database that already has participants unless --append."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--participants",
            type=int,
            default=50_000,
            help="People referred (default 50,000); about 1.24 referrals each.",
        )
        parser.add_argument("--years", type=int, default=10, help="Years of the site's work, ending now (default 10).")
        parser.add_argument(
            "--contacts", type=int, default=500_000, help="Contacts and attempts, over all the cases (default 500,000)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="The random seed: the same seed makes the same site (default 1)."
        )
        parser.add_argument("--append", action="store_true", help="Add to a database that already has participants.")
        parser.add_argument("--yes", action="store_true", help="Run even with LEAD_DEBUG off (never on a real site).")

    def handle(self, *args, participants, years, contacts, seed, append, yes, **options):
        if not (settings.DEBUG or yes):
            raise CommandError(
                "This fills the database with made-up people: run it with LEAD_DEBUG=on, or --yes on a throwaway "
                "database."
            )
        if participants < 1 or years < 1 or contacts < 0:
            raise CommandError("--participants and --years must be at least 1, --contacts at least 0.")
        if Participant.objects.exists() and not append:
            raise CommandError(
                "The database already has participants: use --append to add to them, or an empty database."
            )
        started = clock.perf_counter()
        verbose = options["verbosity"] >= 1

        def log(text):
            if verbose:
                self.stdout.write(f"{clock.perf_counter() - started:6.1f} s  {text}")

        with transaction.atomic():
            generator = Generator(participants=participants, years=years, contacts=contacts, seed=seed, log=log)
            generator.run()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        for label, n in sorted(generator.sink.written.items()):
            if verbose:
                self.stdout.write(f"{n:>10,}  {label}")
        self.stdout.write(self.style.SUCCESS(f"Generated in {clock.perf_counter() - started:.0f} s."))


class Paths:
    """The pages' paths the access log and the notifications name, reversed once ("{}": the id)."""

    def __init__(self):
        def of(name):
            marker = "00000000-0000-0000-0000-000000000000"
            return reverse(name, args=[marker]).replace(marker, "{}")

        self.case, self.referral, self.meeting, self.filing = (
            of("cases:case-detail"),
            of("cases:referral-detail"),
            of("owg:meeting"),
            of("owg:filing"),
        )
        self.outreach, self.break_glass, self.break_glass_record = (
            of("outreach:participant"),
            of("cases:break-glass"),
            of("cases:break-glass-record"),
        )
        self.clinical = {name: of(name) for _, name in CLINICAL_PAGES}
        self.home, self.coverage = reverse("home"), reverse("cases:coverage-list")
        self.sign_in, self.sign_out = reverse("accounts:sign-in"), reverse("accounts:sign-out")


class CaseRecord:
    __slots__ = (
        "assessed",
        "assigned",
        "closed",
        "consented",
        "contacts",
        "due_at",
        "due_on",
        "dues",
        "end",
        "id",
        "kind",
        "last_reached",
        "manager",
        "opened",
        "participant",
        "plan",
        "public_id",
        "reason",
        "referral",
        "status",
    )


class Generator:
    def __init__(self, *, participants: int, years: int, contacts: int, seed: int, log):
        self.n_participants, self.years, self.n_contacts, self.log = participants, years, contacts, log
        self.seed = seed
        self.rng = random.Random(seed)
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.now = timezone.now()
        self.start = self.now - timedelta(days=round(365.25 * years))
        self.sink = Sink()
        self.id = Ids(
            [
                User,
                User.groups.through,
                Meeting,
                Meeting.members.through,
                Attendance,
                Participant,
                ParticipantName,
                Screening,
                Referral,
                ChargingHold,
                Case,
                InitialScreening,
                Consent,
                Appointment,
                Assessment,
                ServicePlan,
                Goal,
                ProgressSummary,
                Contact,
                CriminalCase,
                Decision,
                Determination,
                ChargeFiling,
                ActionStep,
                CurrentService,
                CaseNote,
                ReleaseOfInformation,
                ReleaseOfInformation.named_agencies.through,
                Assignment,
                Coverage,
                BreakGlass,
                DeadlineNotice,
                UserObjectPermission,
                AccessEvent,
                Notification,
                OutboxMessage,
            ]
        )
        self.report_seq: dict[int, int] = {}
        self.report_base = Screening.objects.count()  # --append: report numbers go on from the ones there
        self.cases: list[CaseRecord] = []
        self.decisions: list[tuple] = []
        self.determinations: list[tuple] = []
        self.filings: list[tuple] = []
        self.subjects: set[tuple[int, int, str]] = set()

    # Helpers --------------------------------------------------------------------------------------

    def pick(self, weighted):
        return self.rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def end_of_day(self, day: date) -> datetime:
        return datetime.combine(day + DAY, time.min, tzinfo=self.tz)

    def when(self, rng=None) -> datetime:
        """A moment of the site's history: fewer in the first years (the program grew), in the daytime."""
        rng = rng or self.rng
        span = (self.now - self.start).total_seconds() - 7200
        ramp = min(3 * 365.25 * 86400, span / 2)
        while True:
            x = rng.random() * span
            if rng.random() < 0.4 + 0.6 * min(1.0, x / ramp):
                break
        day = self.local_day(self.start + timedelta(seconds=x))
        moment = datetime.combine(day, time(rng.choices(HOURS, HOUR_WEIGHTS)[0], rng.randrange(60)), tzinfo=self.tz)
        return moment if moment < self.now - HOUR else self.now - HOUR - rng.random() * 10 * DAY

    def race(self) -> list[str]:
        race = self.pick(RACES)
        if race == "two":
            return self.rng.sample(["white", "black", "american_indian", "asian", "pacific_islander", "other"], 2)
        return [race]

    def meeting_after(self, moment: datetime):
        """The first held meeting at or after `moment` (None if none has been held since)."""
        i = bisect.bisect_left(self.meeting_starts, moment)
        while i < len(self.meetings) and self.meetings[i]["status"] == "cancelled":
            i += 1
        if i < len(self.meetings) and self.meetings[i]["status"] == "held":
            return self.meetings[i]
        return None

    def decide(
        self,
        meeting,
        section: int,
        subject: str,
        outcome: str,
        *,
        case=None,
        referral=None,
        title: str,
        rationale: str,
        new_due_on=None,
        action="",
        action_by=None,
    ) -> tuple:
        key = (meeting["id"], section, subject)
        assert key not in self.subjects, key
        self.subjects.add(key)
        at = meeting["starts_at"] + timedelta(minutes=self.rng.randint(5, 85))
        done = (
            at + timedelta(days=self.rng.randint(1, 14))
            if action_by and at + 14 * DAY < self.now and self.rng.random() < 0.8
            else None
        )
        row = (
            self.id(Decision),
            uuid.uuid4(),
            meeting["id"],
            section,
            subject,
            case,
            referral,
            title,
            outcome,
            self.rng.choice(self.owg_members),
            rationale,
            new_due_on,
            action,
            action_by,
            done,
            self.director,
            at,
        )
        self.decisions.append(row)
        return row

    # The site -------------------------------------------------------------------------------------

    def run(self):
        self.setup()
        self.plan_meetings()
        self.log(
            f"site: {len(self.officers_of)} diverting agencies, {len(self.case_managers)} case managers, "
            f"{len(self.meetings)} OWG meetings"
        )
        self.people()
        self.log(f"people: {self.n_participants:,} participants, {len(self.cases):,} cases")
        self.owg_updates()
        self.allocate_contacts()
        self.records()
        self.write()
        self.log("written")
        self.sink.reset_sequences()

    def setup(self):
        sync_role_groups()
        groups = dict(Group.objects.values_list("name", "pk"))
        self.agencies = {}
        for name, (kind, jurisdiction, stage, criteria, _) in AGENCIES.items():
            agency, _ = Agency.objects.get_or_create(name=name, defaults={"kind": kind, "jurisdiction": jurisdiction})
            if stage and not agency.diversion_stage:
                agency.diversion_stage = stage
                agency.criteria_set = CriteriaSet.objects.get(slug=criteria)
                agency.save()
            self.agencies[name] = agency
        da = self.agencies[DA]
        for name, (_, _, stage, _, _) in AGENCIES.items():
            if stage and self.agencies[name].prosecuting_office_id is None:
                self.agencies[name].prosecuting_office = da
                self.agencies[name].save()
        # Approved criteria versions in force (the latest approved of each agency's set).
        self.criteria = {}
        for name, (_, _, stage, _, _share) in AGENCIES.items():
            if stage:
                agency = self.agencies[name]
                version = (
                    CriteriaVersion.objects.filter(
                        criteria_set_id=agency.criteria_set_id, status=CriteriaVersion.Status.APPROVED
                    )
                    .order_by("-number")
                    .first()
                )
                self.criteria[name] = (version.pk, version.as_criteria(), agency.diversion_stage)

        per_year = self.n_participants / self.years
        # About 0.55 years per case and 1.2 referrals per person: a caseload of about 22.
        n_managers = max(3, round(per_year * 1.2 * 0.55 / 22))
        wanted = []
        for name, (_, _, stage, _, share) in AGENCIES.items():
            if stage:
                slug = "".join(w[0] for w in name.split()).lower()
                wanted += [
                    (f"ls-{slug}-officer-{i:03d}", name, [Role.OFFICER], "Patrol officer", False)
                    for i in range(max(3, round(90 * share)))
                ]
        wanted += [
            (f"ls-prosecutor-{i:02d}", DA, [Role.PROSECUTOR], "Deputy district attorney", False) for i in range(8)
        ]
        wanted += [(f"ls-defender-{i:02d}", PD, [Role.DEFENDER], "Assistant public defender", False) for i in range(6)]
        wanted += [
            (f"ls-casemanager-{i:03d}", PROVIDER, [Role.CASE_MANAGER], "Case manager", i % 10 == 0)
            for i in range(n_managers)
        ]
        wanted += [
            (f"ls-outreach-{i:02d}", PROVIDER, [Role.OUTREACH], "Outreach specialist", False)
            for i in range(max(2, n_managers // 12))
        ]
        wanted += [
            ("ls-director", PROGRAM, [Role.DIRECTOR], "LEAD project director", False),
            ("ls-coordinator", PROGRAM, [Role.COORDINATOR], "Community engagement coordinator", False),
        ]
        wanted += [(f"ls-pcg-{i}", name, [Role.PCG], "PCG member", False) for i, name in enumerate(list(AGENCIES)[:4])]
        existing = {u.username: u.pk for u in User.objects.filter(username__in=[w[0] for w in wanted])}
        agency_of = {username: self.agencies[agency].pk for username, agency, *_ in wanted}
        users, memberships = [], []
        for username, agency, roles, title, supervisor in wanted:
            if username in existing:
                continue
            pk = self.id(User)
            existing[username] = pk
            first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
            users.append(
                (
                    pk,
                    "!generated",
                    False,
                    username,
                    first,
                    last,
                    f"{username}@large-site.lead.invalid",
                    False,
                    True,
                    self.start,
                    uuid.uuid4(),
                    title,
                    f"(555) {self.rng.randint(100, 999)}-{self.rng.randint(1000, 9999)}",
                    self.agencies[agency].pk,
                    supervisor,
                )
            )
            memberships += [(pk, groups[role.label]) for role in roles]
        self.sink.write(
            User,
            (
                "id",
                "password",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
                "public_id",
                "title",
                "phone",
                "agency_id",
                "is_supervisor",
            ),
            users,
        )
        through = User.groups.through
        self.sink.write(through, ("id", "user_id", "group_id"), [(self.id(through), u, g) for u, g in memberships])

        # Who is who, for the access log's usernames and the texts that name people.
        self.names = {row[0]: (row[3], f"{row[4]} {row[5]}") for row in users}
        for pk, username, first, last in User.objects.filter(
            pk__in=[pk for pk in existing.values() if pk not in self.names]
        ).values_list("pk", "username", "first_name", "last_name"):
            self.names[pk] = (username, f"{first} {last}".strip() or username)

        def named(prefix):
            return [pk for username, pk in sorted(existing.items()) if username.startswith(prefix)]

        self.officers_of = {}
        for name, (_, _, stage, _, _share) in AGENCIES.items():
            if stage:
                self.officers_of[name] = named(f"ls-{''.join(w[0] for w in name.split()).lower()}-officer-")
        self.agency_share = [(name, AGENCIES[name][4]) for name in self.officers_of]
        self.prosecutors, self.defenders = named("ls-prosecutor-"), named("ls-defender-")
        self.case_managers, self.outreach = named("ls-casemanager-"), named("ls-outreach-")
        self.supervisors = [
            pk
            for username, pk in sorted(existing.items())
            if username.startswith("ls-casemanager-") and username.endswith("0")
        ]
        self.agency_of = {pk: agency_of[username] for username, pk in existing.items()}
        self.director = existing["ls-director"]
        self.owg_members = [
            self.director,
            self.prosecutors[0],
            self.defenders[0],
            self.case_managers[0],
            self.case_managers[1],
            self.outreach[0],
            *[officers[0] for officers in self.officers_of.values()],
        ]
        by_pk = {pk: agency_of[username] for username, pk in existing.items()}
        self.referrers = [(pk, by_pk[pk]) for pk in self.owg_members if pk != self.director]
        config = SiteConfiguration.current()
        config.program_capacity = max(config.program_capacity, round(n_managers * 22, -1))
        config.save()

    def plan_meetings(self):
        """Every other Thursday at 10, from the start to the one after today; a few cancelled."""
        day = self.local_day(self.start)
        day += timedelta(days=(3 - day.weekday()) % 7)
        existing = {m.slot: m for m in Meeting.objects.exclude(slot=None)}
        self.meetings, rows, members, attendance = [], [], [], []
        while True:
            starts = datetime.combine(day, time(10), tzinfo=self.tz)
            held = starts + 2 * HOUR < self.now
            if day in existing:
                m = existing[day]
                meeting = {"id": m.pk, "public_id": m.public_id, "starts_at": m.starts_at, "status": m.status}
            else:
                status = ("cancelled" if self.rng.random() < 0.03 else "held") if held else "scheduled"
                meeting = {
                    "id": self.id(Meeting),
                    "public_id": uuid.uuid4(),
                    "starts_at": starts,
                    "status": status,
                    "new": True,
                }
                rows.append(
                    (
                        meeting["id"],
                        meeting["public_id"],
                        day,
                        False,
                        starts,
                        "Harbor County LEAD Program Office, room 2",
                        status,
                        None,
                        "",
                        starts + timedelta(minutes=self.rng.randint(60, 110)) if status == "held" else None,
                        self.rng.randint(0, 4) if status == "held" else 0,
                        starts - 14 * DAY,
                    )
                )
                members += [(meeting["id"], u) for u in self.owg_members]
                if status == "held":
                    attendance += [
                        (meeting["id"], u) for u in self.owg_members if u == self.director or self.rng.random() < 0.85
                    ]
            self.meetings.append(meeting)
            if not held:
                break
            day += 14 * DAY
        self.meeting_starts = [m["starts_at"] for m in self.meetings]
        self.sink.write(
            Meeting,
            (
                "id",
                "public_id",
                "slot",
                "changed",
                "starts_at",
                "place",
                "status",
                "recorder_id",
                "notes",
                "held_at",
                "carried_over",
                "created_at",
            ),
            rows,
        )
        through = Meeting.members.through
        self.sink.write(through, ("id", "meeting_id", "user_id"), [(self.id(through), m, u) for m, u in members])
        self.sink.write(
            Attendance,
            ("id", "meeting_id", "user_id", "recorded_by_id"),
            [(self.id(Attendance), m, u, self.director) for m, u in attendance],
        )
        workgroup = Workgroup.current()
        workgroup.next_on = self.local_day(self.meetings[-1]["starts_at"])
        workgroup.save()
        workgroup.members.set(self.owg_members)

    # People and their referrals -------------------------------------------------------------------

    def people(self):
        self.participant_rows, self.name_rows, self.screening_rows, self.referral_rows, self.hold_rows = (
            [],
            [],
            [],
            [],
            [],
        )
        self.case_rows, self.initial_rows, self.consent_rows, self.appointment_rows, self.assessment_rows = (
            [],
            [],
            [],
            [],
            [],
        )
        self.plan_rows, self.goal_rows, self.summary_rows, self.criminal_rows = [], [], [], []
        self.person_cases: dict[int, list[CaseRecord]] = {}
        self.person_first: dict[int, datetime] = {}
        for _ in range(self.n_participants):
            self.person()
        self.other_screenings()

    def person(self):
        rng = self.rng
        pk = self.id(Participant)
        first_at = self.when()
        arrest = rng.random() < 0.88
        race, ethnicity = self.race(), self.pick(ETHNICITIES)
        first, last = rng.choice(FIRST), rng.choice(LAST)
        born = self.local_day(first_at) - timedelta(days=rng.randint(18 * 365 + 5, 68 * 365))
        referrer = None if arrest else rng.choice(self.referrers)
        self.person_first[pk] = first_at
        aliases = f"{rng.choice(FIRST)} {last}" if rng.random() < 0.1 else ""
        self.participant_rows.append(
            (
                pk,
                uuid.uuid4(),
                first,
                last,
                aliases,
                born if rng.random() < 0.95 else None,
                f"(555) {rng.randint(100, 999)}-{rng.randint(1000, 9999)}" if rng.random() < 0.6 else "",
                f"{first.lower()}.{last.lower()}@example.invalid" if rng.random() < 0.1 else "",
                "",
                race,
                ethnicity,
                self.pick(GENDERS),
                first_at - MINUTE,
                None,  # created_by: the referring officer, filled in below
            )
        )
        self.name_rows.append((self.id(ParticipantName), pk, name_key(last), name_key(first)))
        if aliases:
            self.name_rows.append((self.id(ParticipantName), pk, name_key(last), name_key(aliases.split()[0])))
        at = first_at
        created_by = None
        for n in range(1 + (rng.random() < 0.22) + (rng.random() < 0.07)):
            if n:
                arrest = rng.random() < 0.88
                referrer = None if arrest else rng.choice(self.referrers)
            record = (
                self.arrest_diversion(pk, at, race, ethnicity) if arrest else self.social_referral(pk, at, referrer)
            )
            created_by = created_by or record
            last_end = record[1] if record[1] else None
            if last_end is None:
                break
            at = max(last_end, at) + timedelta(days=rng.uniform(30, 700), hours=rng.uniform(0, 12))
            if at > self.now - 2 * HOUR:
                break
        self.participant_rows[-1] = (*self.participant_rows[-1][:-1], created_by[0])
        if rng.random() < 0.18:
            for _ in range(1 + (rng.random() < 0.3)):
                self.criminal_case(pk, first_at)

    def arrest_diversion(self, person: int, at: datetime, race, ethnicity) -> tuple[int, datetime | None]:
        """The screening, the referral (at the moment of the accepted offer), the hand-off, the case."""
        rng = self.rng
        agency = self.pick(self.agency_share)
        officer = rng.choice(self.officers_of[agency])
        version, criteria, stage = self.criteria[agency]
        screened_at = at - timedelta(minutes=rng.randint(8, 45))
        facts = self.facts(criteria, [])
        coordinate = rng.random() < 0.07
        if coordinate:
            facts[rng.choice(["on_supervision", "outstanding_warrant"])] = True
        screening = self.screening(
            agency,
            officer,
            version,
            criteria,
            stage,
            screened_at,
            facts,
            race if rng.random() < 0.85 else [],
            ethnicity if rng.random() < 0.85 else "",
            status="referred",
            coordination="eligible" if coordinate else "",
            expect=engine.COORDINATE if coordinate else engine.ELIGIBLE,
            prosecutor="confirmed" if stage == "pre_booking" else "",
        )
        agency_pk = self.agencies[agency].pk
        da = self.agencies[DA].pk
        pre_booking = stage == "pre_booking"
        manager = rng.choice(self.case_managers)
        withdrawn = rng.random() < 0.015
        waiting = at > self.now - 3 * HOUR and rng.random() < 0.5
        accepted = at + timedelta(minutes=rng.randint(1, 12))
        handed = at + timedelta(minutes=max(3, rng.lognormvariate(math.log(24), 0.55)))
        handed = handed if handed < self.now and not waiting and not withdrawn and rng.random() < 0.95 else None
        status = "withdrawn" if withdrawn else "awaiting_case_manager" if waiting else "case_open"
        intake = at + timedelta(hours=rng.uniform(0.5, 30))
        pk = self.id(Referral)
        public_id = uuid.uuid4()
        offense = rng.choice(OFFENSES)
        self.referral_rows.append(
            (
                pk,
                public_id,
                "arrest_diversion",
                status,
                person,
                agency_pk,
                officer,
                at,
                screening,
                stage,
                da if pre_booking else agency_pk,
                manager,
                "(555) 010-5100",
                at,
                None if status != "case_open" else manager,
                None if status != "case_open" else accepted,
                "" if status != "case_open" else rng.choice(["field", "station"]),
                "" if status != "case_open" else rng.choice(PLACES),
                handed,
                intake if intake < self.now and status == "case_open" else None,
                screened_at - timedelta(minutes=rng.randint(10, 90)),
                rng.choice(PLACES),
                offense,
                f"{offense} reported by a patrol officer.",
                self.last_report_number,
                "",
                "",
                None,
                None,
                "",
                "",
            )
        )
        if pre_booking:
            self.charging_hold(pk, da, at)
        if status != "case_open":
            return pk, at if withdrawn else None
        due_on = self.local_day(at) + timedelta(days=30)
        end = self.case(person, pk, public_id, "arrest_diversion", manager, accepted, due_on)
        return pk, end

    def referenced(self, rows):
        """The referral rows with their case references, numbered per year in the order they
        were made, as cases.services.referrals.reference_next numbers them; the counters after."""
        self.reference_counters: dict[int, int] = {}
        numbered = {}
        for row in sorted(rows, key=lambda r: (r[7], r[0])):
            year = row[7].astimezone(self.tz).year
            self.reference_counters[year] = self.reference_counters.get(year, 0) + 1
            numbered[row[0]] = reference_format(year, self.reference_counters[year])
        return [(*row, numbered[row[0]]) for row in rows]

    def charging_hold(self, referral: int, office: int, at: datetime):
        decided = at + timedelta(days=self.rng.uniform(20, 120))
        if decided > self.now:
            row = (self.id(ChargingHold), referral, office, "held", at, None, None, "")
        else:
            status = "released" if self.rng.random() < 0.2 else "declined"
            row = (
                self.id(ChargingHold),
                referral,
                office,
                status,
                at,
                self.rng.choice(self.prosecutors),
                decided,
                "Participant engaged; no charges filed." if status == "declined" else "Released for filing.",
            )
        self.hold_rows.append(row)

    def social_referral(self, person: int, at: datetime, referrer) -> tuple[int, datetime | None]:
        rng = self.rng
        by, agency = referrer
        pk = self.id(Referral)
        public_id = uuid.uuid4()
        meeting = self.meeting_after(at + HOUR)
        status = "pending" if meeting is None else self.pick([("approved", 75), ("declined", 15), ("withdrawn", 10)])
        decided_at = (
            meeting["starts_at"] + timedelta(minutes=rng.randint(5, 85)) if status in ("approved", "declined") else None
        )
        self.referral_rows.append(
            (
                pk,
                public_id,
                "social_contact",
                status,
                person,
                agency,
                by,
                at,
                None,
                "",
                None,
                None,
                "",
                None,
                None,
                None,
                "",
                "",
                None,
                None,
                None,
                "",
                "",
                "",
                "",
                "Frequent contact with officers downtown; struggling with housing and substance use.",
                "Housing, treatment, ID documents",
                self.director if decided_at else None,
                decided_at,
                "Not within the program's priorities at this time." if status == "declined" else "",
                "Outreach at the usual spots this week." if status == "approved" else "",
            )
        )
        end = None
        case_id = None
        if status == "approved":
            manager = rng.choice(self.case_managers)
            end = self.case(person, pk, public_id, "social_contact", manager, decided_at, None)
            case_id = self.cases[-1].id
        elif status == "withdrawn":
            end = at + timedelta(days=rng.uniform(1, 10))
        elif status == "declined":
            end = decided_at
        if status in ("approved", "declined"):
            self.decide(
                meeting,
                2,
                f"referral:{public_id}",
                "approve" if status == "approved" else "decline",
                case=case_id,
                referral=pk,
                title="Social contact referral",
                rationale="Discussed by the workgroup.",
                action="Outreach plan" if status == "approved" else "",
                action_by=by if status == "approved" else None,
            )
        return pk, end

    def facts(self, criteria, exclusions: list[str]) -> dict:
        rng = self.rng
        facts = dict(ELIGIBLE, drug_grams=round(rng.uniform(0, 5), 1) if rng.random() < 0.6 else 0)
        if criteria.offense_rule == engine.DRUG_OR_PROSTITUTION:
            for key in engine.OFFENSE_FACTS[engine.NEED_RELATED_MINOR_OFFENSE]:
                facts.pop(key)
            drug = rng.random() < 0.8
            facts.update(offense_drug_related=drug, offense_prostitution_related=not drug)
        if "offense_type" in facts:
            facts["offense_type"] = rng.choice(["misdemeanor", "misdemeanor", "violation", "ordinance"])
        for code in exclusions:
            if code == "felony":
                if criteria.offense_rule == engine.DRUG_OR_PROSTITUTION:
                    facts.update(offense_drug_related=False, offense_prostitution_related=False)
                else:
                    facts["offense_type"] = "felony"
            elif code == "no_need_history" and "need_history" in facts:
                facts["need_history"] = False
            elif code == "not_need_related" and "offense_need_related" in facts:
                facts["offense_need_related"] = False
            elif code == "victim_wants" and "victim" in facts:
                facts["victim"] = "wants_prosecution"
            elif code == "not_amenable":
                facts["amenable"] = False
            elif code == "unable_to_consent":
                facts["able_to_consent"] = False
            elif code == "drug_grams":
                facts["drug_grams"] = round(rng.uniform(7.5, 40), 1)
            elif code == "old_conviction":
                facts["convictions"] = [
                    {
                        "offense": rng.choice(["robbery_1", "assault_1", "arson_1", "murder_2"]),
                        "date": f"{rng.randint(1985, 2005)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                        "attempt": False,
                    }
                ]
            elif code == "recent_conviction":
                facts["recent"] = True  # dated against the screening day below
            elif code in facts:
                facts[code] = True
        return facts

    def screening(
        self,
        agency: str,
        officer: int,
        version: int,
        criteria,
        stage: str,
        at: datetime,
        facts: dict,
        race,
        ethnicity,
        *,
        status: str,
        expect: str,
        coordination: str = "",
        prosecutor: str = "",
    ) -> int:
        rng = self.rng
        on = self.local_day(at)
        if facts.pop("recent", False):
            back = on - timedelta(days=rng.randint(200, 365 * 6))
            facts["convictions"] = [
                {
                    "offense": rng.choice(["robbery_2", "assault_2", "burglary_2"]),
                    "date": back.isoformat(),
                    "attempt": rng.random() < 0.2,
                }
            ]
        decision = engine.decide(criteria, engine.parse_facts(facts), on)
        if (
            expect == engine.INELIGIBLE and decision.outcome != expect
        ):  # an exclusion this agency's criteria do not have
            facts["pc_violent_offense"] = True
            decision = engine.decide(criteria, engine.parse_facts(facts), on)
        if decision.outcome != expect:
            raise AssertionError(f"expected {expect}, the engine says {decision} of {facts}")
        self.last_report_number = self.report_number(at)
        pk = self.id(Screening)
        coordinated_at = at + timedelta(minutes=rng.randint(10, 60)) if coordination else None
        decided_at = (coordinated_at or at) + timedelta(minutes=rng.randint(10, 90)) if prosecutor else None
        arrested_at = None
        if status in ("arrested", "declined"):
            arrested_at = (decided_at or coordinated_at or at) + timedelta(minutes=rng.randint(5, 40))
        self.screening_rows.append(
            (
                pk,
                uuid.uuid4(),
                self.agencies[agency].pk,
                officer,
                version,
                self.last_report_number,
                at,
                on,
                facts,
                decision.outcome,
                list(decision.reasons),
                status,
                "County Probation" if coordination else "",
                coordination,
                "",
                coordinated_at,
                prosecutor,
                "Reviewed the screening." if prosecutor else "",
                rng.choice(self.prosecutors) if prosecutor else None,
                decided_at,
                arrested_at,
                race,
                ethnicity,
            )
        )
        return pk

    def report_number(self, at: datetime) -> str:
        year = at.year % 100
        self.report_seq[year] = self.report_seq.get(year, 0) + 1
        return f"{year:02d}-{self.report_base + self.report_seq[year]:06d}"

    def other_screenings(self):
        """Screenings that led to no referral: not eligible (arrested), declined offers, overruled, waiting."""
        rng = self.rng
        diversions = sum(1 for r in self.referral_rows if r[2] == "arrest_diversion")
        for _ in range(round(diversions * 0.85)):
            at = self.when()
            agency = self.pick(self.agency_share)
            version, criteria, stage = self.criteria[agency]
            officer = rng.choice(self.officers_of[agency])
            race, ethnicity = (self.race(), self.pick(ETHNICITIES)) if rng.random() < 0.8 else ([], "")
            recent = at > self.now - 6 * HOUR
            kind = self.pick(
                [
                    ("declined", 22),
                    ("coordinate", 6),
                    ("overruled", 4 if stage == "pre_booking" else 0),
                    ("ineligible", 68),
                ]
            )
            if kind == "ineligible":
                codes = self.rng.choices(
                    [c for c, _ in EXCLUSIONS],
                    [w for _, w in EXCLUSIONS],
                    k=1 + (rng.random() < 0.35) + (rng.random() < 0.1),
                )
                self.screening(
                    agency,
                    officer,
                    version,
                    criteria,
                    stage,
                    at,
                    self.facts(criteria, codes),
                    race,
                    ethnicity,
                    status="ineligible" if recent else "arrested",
                    expect=engine.INELIGIBLE,
                )
            elif kind == "coordinate":
                facts = self.facts(criteria, [])
                facts[rng.choice(["on_supervision", "outstanding_warrant"])] = True
                # A recent one still waits for the coordination; an older one was found ineligible.
                waiting = {"status": "awaiting_coordination"}
                settled = {"status": "arrested", "coordination": "ineligible"}
                self.screening(
                    agency,
                    officer,
                    version,
                    criteria,
                    stage,
                    at,
                    facts,
                    race,
                    ethnicity,
                    expect=engine.COORDINATE,
                    **(waiting if recent else settled),
                )
            elif kind == "overruled":
                self.screening(
                    agency,
                    officer,
                    version,
                    criteria,
                    stage,
                    at,
                    self.facts(criteria, []),
                    race,
                    ethnicity,
                    status="awaiting_prosecutor" if recent else "arrested",
                    prosecutor="" if recent else "overruled",
                    expect=engine.ELIGIBLE,
                )
            else:
                pre_booking = stage == "pre_booking"
                status = ("awaiting_prosecutor" if pre_booking else "eligible") if recent else "declined"
                self.screening(
                    agency,
                    officer,
                    version,
                    criteria,
                    stage,
                    at,
                    self.facts(criteria, []),
                    race,
                    ethnicity,
                    status=status,
                    prosecutor="confirmed" if pre_booking and not recent else "",
                    expect=engine.ELIGIBLE,
                )

    # A case's life --------------------------------------------------------------------------------

    def case(
        self, person: int, referral: int, referral_public_id, kind: str, manager: int, opened: datetime, due_on
    ) -> datetime | None:
        """The case from its opening to its closing (or today); returns when it ended (None: open)."""
        rng, now = self.rng, self.now
        c = CaseRecord()
        c.id, c.public_id, c.participant, c.referral, c.kind, c.manager, c.opened = (
            self.id(Case),
            uuid.uuid4(),
            person,
            referral,
            kind,
            manager,
            opened,
        )
        c.due_on, c.due_at = due_on, self.end_of_day(due_on) if due_on else None
        c.dues = [(due_on, opened)] if due_on else []  # each due date and since when: the sweep's reminders
        c.assessed = c.plan = c.assigned = None
        self.cases.append(c)
        self.person_cases.setdefault(person, []).append(c)
        steps = []  # what happened, in order: the status follows the last step before now
        arrest = kind == "arrest_diversion"

        if rng.random() < 0.97:
            at = opened + timedelta(hours=rng.uniform(0.2, 3))
            if at < now:
                steps.append(("screened", at))
                self.initial_rows.append(
                    (
                        self.id(InitialScreening),
                        c.id,
                        "Met after the hand-off; talked about what they need first.",
                        "",
                        rng.random() < 0.5,
                        "Shelter bed arranged",
                        rng.random() < 0.3,
                        "",
                        rng.random() < 0.4,
                        "Food bank referral",
                        "",
                        "",
                        at,
                        manager,
                    )
                )
        consent = appointment = assessed = None
        planned_close = opened + timedelta(days=min(1100, max(20, rng.lognormvariate(math.log(200), 0.75))))
        reason = self.pick(CLOSINGS)
        if steps and rng.random() < 0.9:
            consent = opened + timedelta(days=rng.choice([0, 0, 1, 1, 2, 3, 5, 8]), hours=rng.uniform(0, 6))
            if consent < now:
                steps.append(("consented", consent))
                self.consent_rows.append(
                    (
                        self.id(Consent),
                        c.id,
                        self.local_day(consent),
                        rng.choice(["drawn", "uploaded"]),
                        f"consent/{consent:%Y/%m}/generated-{c.id}.png",
                        manager,
                        consent,
                    )
                )
                set_at = consent + timedelta(hours=rng.uniform(0, 20))
                starts = set_at + timedelta(days=rng.choice([1, 1, 2, 2, 3, 5, 7, 10, 14, 25]), hours=rng.uniform(0, 4))
                for _ in range(1 + (rng.random() < 0.15)):  # a missed appointment is set again
                    if set_at < now:
                        self.appointment_rows.append(
                            (self.id(Appointment), c.id, starts, rng.choice(PLACES), set_at, manager)
                        )
                        appointment, last_start = appointment or set_at, starts
                    set_at, starts = starts + DAY, starts + timedelta(days=rng.randint(3, 12))
                if appointment:
                    steps.append(("scheduled", appointment))
                    if rng.random() < 0.9:
                        assessed = last_start + timedelta(hours=rng.uniform(0.5, 3))
                        if rng.random() < 0.1:
                            assessed += timedelta(days=rng.uniform(10, 40))
            else:
                consent = None
        else:
            consent = None
        c.consented = consent
        if consent is None:
            planned_close = opened + timedelta(days=rng.uniform(15, 75))
            reason = self.pick([("withdrawn", 70), ("moved", 10), ("owg", 20)])

        # The deadline: overdue, the OWG extends, refers the charge for filing or closes the case.
        filed = False
        if due_on and c.due_at < now and (assessed is None or assessed > c.due_at) and c.due_at < planned_close:
            determination = (self.id(Determination), uuid.uuid4(), c.id, "assessment_overdue", c.due_at)
            meeting = self.meeting_after(c.due_at)
            if meeting is None:
                self.determinations.append((*determination, "pending", None, ""))
            else:
                outcome = self.pick(
                    [("extend", 60), ("file", 20), ("close", 20)] if arrest else [("extend", 80), ("close", 20)]
                )
                new_due = self.local_day(meeting["starts_at"]) + timedelta(days=30) if outcome == "extend" else None
                row = self.decide(
                    meeting,
                    3,
                    f"determination:{determination[1]}",
                    outcome,
                    case=c.id,
                    referral=referral,
                    title="Assessment overdue: decide extension or filing",
                    rationale="The workgroup heard the case manager.",
                    new_due_on=new_due,
                    action="Plan to engage the participant" if outcome == "extend" else "",
                    action_by=manager if outcome == "extend" else None,
                )
                self.determinations.append((*determination, "decided", row[-1], f"{outcome}: decided by the OWG"))
                if outcome == "extend":
                    c.due_on, c.due_at = new_due, self.end_of_day(new_due)
                    c.dues.append((new_due, row[-1]))
                    if assessed is not None and assessed > c.due_at:
                        assessed = row[-1] + (c.due_at - row[-1]) * rng.uniform(0.2, 0.95)
                elif outcome == "file":
                    self.filing(row, c.id)
                    filed = True
                else:
                    planned_close, reason = row[-1], "owg_now"
        if assessed is not None and assessed >= planned_close:
            assessed = None
        draft = assessed is None and appointment is not None and rng.random() < 0.3
        plan = None
        if (assessed is not None and assessed < now) or draft:
            done = assessed is not None and assessed < now
            housing, employment = self.pick(HOUSING), self.pick(EMPLOYMENT)
            c.assessed = assessed if done else None
            baseline = (housing, employment)
            self.assessment_rows.append(
                (
                    self.id(Assessment),
                    c.id,
                    "completed" if done else "draft",
                    rng.sample(["alcohol", "opioids", "stimulants", "cannabis"], rng.randint(0, 2)) or ["none"],
                    rng.random() < 0.3,
                    "",
                    rng.random() < 0.5,
                    rng.random() < 0.25,
                    "",
                    housing if done or rng.random() < 0.5 else "",
                    "",
                    rng.random() < 0.4,
                    "",
                    employment if done or rng.random() < 0.5 else "",
                    "",
                    self.pick([("none", 30), ("high_school", 45), ("some_college", 20), ("degree", 5)]),
                    "",
                    "Stable housing, reconnect with family",
                    "Resourceful, knows the services downtown",
                    assessed if done else None,
                    manager if done else None,
                    1,
                )
            )
            if done:
                steps.append(("assessed", assessed))
                activated = assessed + timedelta(days=rng.uniform(2, 25))
                isp = rng.random() < 0.87
                plan = self.id(ServicePlan)
                active = isp and activated < min(now, planned_close)
                self.plan_rows.append((plan, c.id, "active" if active else "draft", activated if active else None, 1))
                c.plan = (plan, activated if active else None)
                if active:
                    steps.append(("isp_active", activated))
                for domain in rng.sample(
                    ["housing", "chemical_dependency", "mental_health", "legal", "employment", "education", "other"],
                    rng.randint(2, 4),
                ):
                    achieved = 0.6 if reason == "completed" else 0.25
                    status = (
                        self.pick([("achieved", achieved), ("open", 1 - achieved), ("dropped", 0.15)])
                        if active
                        else "open"
                    )
                    self.goal_rows.append(
                        (
                            self.id(Goal),
                            plan,
                            domain,
                            f"Need: {domain.replace('_', ' ')}",
                            "A goal the participant chose",
                            status,
                        )
                    )
                # ISP not completed within 60 days: the OWG decides on the original charge, the case closes.
                if not isp and assessed + 60 * DAY < min(now, planned_close):
                    at = assessed + 60 * DAY
                    determination = (self.id(Determination), uuid.uuid4(), c.id, "isp_not_completed", at)
                    meeting = self.meeting_after(at)
                    if meeting is None:
                        self.determinations.append((*determination, "pending", None, ""))
                    else:
                        outcome = "file" if arrest and not filed and rng.random() < 0.5 else "continue"
                        row = self.decide(
                            meeting,
                            4,
                            f"determination:{determination[1]}",
                            outcome,
                            case=c.id,
                            referral=referral,
                            title="ISP not completed: determine action on the original charge",
                            rationale="ISP not completed.",
                        )
                        self.determinations.append(
                            (*determination, "decided", row[-1], f"{outcome}: decided by the OWG")
                        )
                        if outcome == "file":
                            self.filing(row, c.id)
                        planned_close, reason = row[-1] + timedelta(days=rng.uniform(0, 7)), "isp_not_completed"

        # The closing: an OWG closing happens at a meeting.
        if reason == "owg":
            meeting = self.meeting_after(planned_close)
            if meeting is None:
                planned_close = now + DAY
            else:
                row = self.decide(
                    meeting,
                    6,
                    f"case:{c.public_id}",
                    "close",
                    case=c.id,
                    referral=referral,
                    title="Update",
                    rationale="Not engaged for months; the workgroup closes the case.",
                )
                planned_close = row[-1]
        c.closed = planned_close if planned_close < now else None
        c.reason = ("owg" if reason == "owg_now" else reason) if c.closed else ""
        c.end = c.closed or now
        c.status = "closed" if c.closed else (steps[-1][0] if steps else "referred")

        # Progress summaries for the OWG, with housing and employment as they stand.
        if c.assessed is not None:
            housing, employment = baseline
            at = c.assessed + timedelta(days=rng.uniform(20, 60))
            while at < c.end:
                if rng.random() < 0.2:
                    housing = HOUSING_UP.get(housing, housing)
                if rng.random() < 0.12:
                    employment = EMPLOYMENT_UP.get(employment, employment)
                self.summary_rows.append(
                    (
                        self.id(ProgressSummary),
                        c.id,
                        self.pick([("engaged", 60), ("partly", 25), ("not_engaged", 15)]),
                        "Keeps appointments; working on the housing application.",
                        housing if rng.random() < 0.8 else "",
                        employment if rng.random() < 0.7 else "",
                        at,
                        manager,
                    )
                )
                at += timedelta(days=rng.uniform(30, 95))
        # The OWG heard about the new diversion at the next meeting.
        if arrest:
            meeting = self.meeting_after(opened)
            if meeting is not None and meeting["starts_at"] < c.end:
                self.decide(
                    meeting,
                    1,
                    f"referral:{referral_public_id}",
                    "continue",
                    case=c.id,
                    referral=referral,
                    title="New arrest diversion",
                    rationale="Welcome to the program.",
                )
        return c.closed

    def filing(self, decision: tuple, case: int):
        at = decision[-1] + timedelta(days=self.rng.uniform(2, 40))
        decided = at < self.now
        status = self.pick([("filed", 45), ("declined", 55)]) if decided else "pending"
        self.filings.append(
            (
                self.id(ChargeFiling),
                uuid.uuid4(),
                decision[0],
                case,
                self.agencies[DA].pk,
                status,
                self.rng.choice(self.prosecutors) if decided else None,
                at if decided else None,
                "",
            )
        )

    def criminal_case(self, person: int, after: datetime):
        rng = self.rng
        at = after + timedelta(days=rng.uniform(20, 1200), hours=rng.uniform(0, 8))
        if at > self.now - HOUR:
            return
        ours = rng.random() < 0.8
        pending = at > self.now - timedelta(days=rng.uniform(60, 400))
        status = (
            "pending"
            if pending
            else self.pick([("dismissed", 35), ("diverted", 20), ("convicted", 35), ("acquitted", 10)])
        )
        filed_on = self.local_day(at) - timedelta(days=rng.randint(0, 20))
        public_id = uuid.uuid4()
        self.criminal_rows.append(
            (
                self.id(CriminalCase),
                public_id,
                person,
                self.agencies[DA].pk,
                ours,
                rng.choice(COURTS if ours else OTHER_COURTS),
                f"{at.year % 100:02d}-1-{rng.randint(10000, 99999)}-{rng.randint(1, 9)}",
                rng.choice(CRIMINAL_CHARGES),
                status,
                filed_on,
                self.local_day(self.now) + timedelta(days=rng.randint(3, 60)) if pending else None,
                "Pretrial hearing" if pending else "",
                rng.choice(self.defenders) if rng.random() < 0.5 else None,
                "",
                rng.choice(self.prosecutors),
                at,
                1,
            )
        )
        meeting = self.meeting_after(at)
        if meeting is not None:
            self.decide(meeting, 5, f"criminal:{public_id}", "continue", title="New criminal case", rationale="Noted.")

    def owg_updates(self):
        """Updates on active participants at each meeting: a dozen of the cases open that day."""
        by_opening = sorted(self.cases, key=lambda c: c.opened)
        openings = [c.opened for c in by_opening]
        for meeting in self.meetings:
            if meeting["status"] != "held":
                continue
            at = meeting["starts_at"]
            hi = bisect.bisect_left(openings, at)
            lo = bisect.bisect_left(openings, at - 800 * DAY)
            if hi <= lo:
                continue
            chosen = set()
            for _ in range(80):
                c = by_opening[self.rng.randrange(lo, hi)]
                if c.id in chosen or c.end <= at or (meeting["id"], 6, f"case:{c.public_id}") in self.subjects:
                    continue
                chosen.add(c.id)
                self.decide(
                    meeting,
                    6,
                    f"case:{c.public_id}",
                    "continue",
                    case=c.id,
                    referral=c.referral,
                    title="Update",
                    rationale="The case manager reported progress.",
                )
                if len(chosen) == 12:
                    break

    def allocate_contacts(self):
        """The contacts, spread over the cases by how long each was open; the last one that reached the person."""
        rng = self.rng
        weights = [max(1.0, (c.end - c.opened).total_seconds() / 86400) for c in self.cases]
        total = sum(weights)
        counts = []
        for w in weights:
            expected = self.n_contacts * w / total
            counts.append(int(expected) + (rng.random() < expected - int(expected)))
        difference = self.n_contacts - sum(counts)
        while difference:
            i = rng.randrange(len(counts))
            if difference > 0:
                counts[i] += 1
                difference -= 1
            elif counts[i]:
                counts[i] -= 1
                difference += 1
        for c, n in zip(self.cases, counts, strict=True):
            span = (c.end - c.opened).total_seconds()
            moments = sorted(c.opened + timedelta(seconds=span * rng.random()) for _ in range(n))
            c.contacts = [(at, rng.random() < 0.62) for at in moments]
            reached = [at for at, hit in c.contacts if hit]
            c.last_reached = reached[-1] if reached else None

    # What else the site holds ---------------------------------------------------------------------

    def records(self):
        """After the cases: their ISP steps and services, progress notes, releases of information,
        outreach assignments, coverage and break-glass openings, with the object permissions,
        access log lines and notifications the services write with them; then the rest of the
        access log (reads, refusals, sign-ins). From a random stream of their own, so the rows
        above are the same as without them for the same seed."""
        self.more = random.Random(f"{self.seed}:records")
        self.paths = Paths()
        self.events: list[tuple] = []  # (at, kind, outcome, user, username, type, id, path, method, ip, detail)
        self.notifications: list[tuple] = []  # (at, user, subject, body, url, key, about_kind, about_id)
        self.referral_of = {row[0]: row for row in self.referral_rows}
        self.case_of = {c.id: c for c in self.cases}
        self.agency_name = {agency.pk: agency.name for agency in self.agencies.values()}
        self.permissions = {}  # "app.codename": (content type, permission) ids, read before any COPY
        for perm in (VIEW_REFERRAL, ENGAGE_CASE):
            app_label, codename = perm.split(".")
            self.permissions[perm] = Permission.objects.values_list("content_type_id", "pk").get(
                content_type__app_label=app_label, codename=codename
            )
        self.plan_steps()
        self.case_notes()
        self.releases()
        self.assignments()
        self.coverages()
        self.break_glass()
        self.handoffs()
        self.owg_notifications()
        self.deadline_notices()
        self.access_log()
        self.log(
            f"records: {len(self.note_rows):,} notes, {len(self.release_rows):,} releases, "
            f"{len(self.events):,} access log lines, {len(self.notifications):,} notifications"
        )

    def event(self, at, kind, user, object_type="", object_id="", detail="", *, path="", method="GET", **more):
        """A line of the access log as access_event_record writes it: with `path`, a request's
        (address and browser), without, a service's (a grant has no request)."""
        outcome = more.get("outcome", "allowed")
        username = more.get("username") or self.names[user][0]
        ip = more.get("ip") or (f"10.{user % 7 + 20}.{user // 200 % 250}.{user % 200 + 1}" if path else None)
        self.events.append(
            (at, kind, outcome, user, username, object_type, object_id, path, method if path else "", ip, detail)
        )

    def notify(self, at, user, subject, body, url, key, about=("", None)):
        """`about`: (kind, public_id), as notify(about=...) records it (lead/notifications/describe.py)."""
        self.notifications.append((at, user, subject, body, url, key, *about))

    def daytime(self, lo: datetime, hi: datetime) -> datetime:
        """A moment between `lo` and `hi` (and before now), in working hours when that day allows."""
        hi = min(hi, self.now - MINUTE)
        if hi <= lo:
            # Nothing to choose from; never after now, though `lo` may be (a consent a case opened
            # an hour ago will have, late in the evening): the access log is written as it happens.
            return hi
        rng = self.more
        at = lo + (hi - lo) * rng.random()
        hour = rng.choices(HOURS, cum_weights=HOUR_CUMULATIVE)[0]
        moved = datetime.combine(self.local_day(at), time(hour, rng.randrange(60)), tzinfo=self.tz)
        return moved if lo <= moved < hi else at

    def plan_steps(self):
        """Action steps under each goal (an active ISP has at least one: cases.services.record) and
        the services the participant already receives."""
        rng = self.more
        goals: dict[int, list[tuple]] = {}
        for goal in self.goal_rows:
            goals.setdefault(goal[1], []).append(goal)
        today = self.local_day(self.now)
        self.step_rows, self.service_rows = [], []
        for c in self.cases:
            if c.plan is None:
                continue
            plan, activated = c.plan
            drafted = self.local_day(c.assessed)
            for goal, _, _, _, _, status in goals.get(plan, []):
                if activated is None and rng.random() < 0.5:
                    continue  # a draft's goal without its steps yet
                for _ in range(1 + (rng.random() < 0.6) + (rng.random() < 0.3)):
                    description, who = rng.choice(ACTION_STEPS)
                    due_on = drafted + timedelta(days=rng.randint(7, 120))
                    if status == "achieved":
                        step = "done" if rng.random() < 0.9 else "dropped"
                    elif status == "dropped":
                        step = "dropped"
                    else:
                        step = "done" if due_on < today and rng.random() < 0.6 else "open"
                    self.step_rows.append((self.id(ActionStep), goal, description, who, due_on, step))
            for _ in range(rng.choice([0, 1, 1, 2])):
                provider, service = rng.choice(CURRENT_SERVICES)
                self.service_rows.append((self.id(CurrentService), plan, provider, "", service))

    def case_notes(self):
        """Progress notes by the case manager, about every NOTE_DAYS from the consent to the end."""
        rng = self.more
        self.note_rows = []
        for c in self.cases:
            if c.consented is None:
                continue
            at = c.consented + timedelta(days=rng.expovariate(1 / NOTE_DAYS))
            while at < c.end:
                self.note_rows.append(
                    (self.id(CaseNote), c.id, self.daytime(at, at + HOUR), c.manager, rng.choice(NOTES))
                )
                at += timedelta(days=rng.expovariate(1 / NOTE_DAYS))

    def releases(self):
        """Releases of information (cases.services.steps.release_record): most participants sign
        one to the OWG's members with the consent, dated for a year and renewed, or until they
        leave LEAD (it expires when the case closes: casefile.case_close); some name agencies
        (the referring police agency, the prosecutor) besides; a few are revoked."""
        rng = self.more
        self.release_rows, self.named_rows = [], []
        da, pd = self.agencies[DA].pk, self.agencies[PD].pk
        for c in self.cases:
            if c.consented is None or rng.random() < 0.1:
                continue
            referral = self.referral_of[c.referral]
            named = [referral[5], da] if c.kind == "arrest_diversion" else [referral[5]]
            at = c.consented + timedelta(minutes=rng.randint(5, 40))
            to_owg = rng.random() < 0.85
            while at < c.end:
                dated = rng.random() < 0.6
                self.release(c, at, "owg_members" if to_owg else "named_agencies", named, dated)
                if not dated or rng.random() < 0.3:
                    break
                at = self.daytime(at + timedelta(days=ROI_DAYS - 21), at + timedelta(days=ROI_DAYS - 1))
            if rng.random() < 0.2:
                self.release(c, self.daytime(c.consented, c.end), "named_agencies", [*named, pd], rng.random() < 0.5)

    def release(self, c: CaseRecord, at: datetime, recipients: str, named: list[int], dated: bool):
        rng = self.more
        pk = self.id(ReleaseOfInformation)
        signed_on = self.local_day(at)
        revoked = at + (self.now - at) * rng.random() if rng.random() < 0.04 else None
        expired = None
        if not dated and c.closed is not None and (revoked is None or revoked > c.closed):
            expired, revoked = c.closed, None  # the closing ended it; nobody revokes an ended release
        self.release_rows.append(
            (
                pk,
                uuid.uuid4(),
                c.id,
                PROVIDER,
                ROI_INFORMATION,
                recipients,
                ROI_PURPOSE,
                True,
                signed_on + timedelta(days=ROI_DAYS) if dated else None,
                "" if dated else "The participant leaves LEAD",
                expired,
                signed_on,
                rng.choice(["drawn", "uploaded"]),
                f"roi/{at:%Y/%m}/generated-{pk}.png",
                at,
                c.manager,
                revoked,
                c.manager if revoked else None,
            )
        )
        if recipients == "named_agencies":
            through = ReleaseOfInformation.named_agencies.through
            self.named_rows += [(self.id(through), pk, agency) for agency in dict.fromkeys(named)]

    def assignments(self):
        """Outreach assignments (outreach.services.engagement): the specialist holds ENGAGE_CASE on
        the case while the assignment runs; the grant and its revocation are in the access log."""
        rng = self.more
        self.assignment_rows, self.engage_grants = [], []
        turns = {True: 0, False: 0}  # the running and the ended ones each go round the specialists
        for c in self.cases:
            periods = []
            life = c.end - c.opened
            if life > 5 * DAY and rng.random() < OUTREACH_PAST:
                start = c.opened + 3 * DAY + (life - 3 * DAY) * rng.random()
                end = start + timedelta(days=rng.lognormvariate(math.log(14), 0.6))
                if c.closed is not None:
                    end = min(end, c.closed)  # the case manager ends it at the closing
                if end < self.now:
                    periods.append((start, end))
            if c.closed is None and rng.random() < OUTREACH_RUNNING:
                after = periods[-1][1] if periods else c.opened
                start = after + (self.now - after) * rng.random()
                periods.append((max(start, self.now - timedelta(days=rng.uniform(1, 45)), after), None))
            for start, end in periods:
                specialist = self.outreach[turns[end is None] % len(self.outreach)]
                turns[end is None] += 1
                by = c.manager if rng.random() < 0.9 else self.director
                pk = self.id(Assignment)
                reason = rng.choice(OUTREACH_REASONS)
                self.assignment_rows.append((pk, c.id, specialist, reason, by, start, end, c.manager if end else None))
                name = self.names[specialist][1]
                self.event(
                    start, "permission_change", by, "cases.case", c.public_id, f"granted {ENGAGE_CASE} to user {name}"
                )
                self.notify(
                    start,
                    specialist,
                    "A participant to find",
                    "Open your list of participants to reach.",
                    self.paths.outreach.format(c.public_id),
                    f"assignment:{pk}",
                    ("engaged_case", c.public_id),
                )
                if end is None:
                    self.engage_grants.append((specialist, c.id))
                else:
                    self.event(
                        end,
                        "permission_change",
                        c.manager,
                        "cases.case",
                        c.public_id,
                        f"revoked {ENGAGE_CASE} from user {name}",
                    )
                c.assigned = (specialist, start, end or c.end)

    def coverages(self):
        """Coverage of a case manager's caseload by a colleague (cases.services.cover), granted by a
        supervisor or the director some days ahead, for one to three weeks; a few end early."""
        rng = self.more
        self.coverage_rows = []
        if len(self.case_managers) < 2:
            return
        provider = self.agencies[PROVIDER].pk
        for covered in self.case_managers:
            at = self.start + timedelta(days=rng.expovariate(1 / COVERAGE_DAYS))
            while True:
                starts_on = self.local_day(at)
                ends_on = starts_on + timedelta(days=rng.randint(2, 20))
                hour = rng.choices(HOURS, cum_weights=HOUR_CUMULATIVE)[0]
                granted = datetime.combine(
                    starts_on - timedelta(days=rng.choice([0, 0, 1, 3, 7, 14])),
                    time(hour, rng.randrange(60)),
                    tzinfo=self.tz,
                )
                if granted >= self.now - HOUR:
                    break
                starts_at = max(granted, datetime.combine(starts_on, time.min, tzinfo=self.tz))
                ends_at = self.end_of_day(ends_on)
                covering = rng.choice([m for m in self.case_managers if m != covered])
                by = rng.choice(self.supervisors) if self.supervisors and rng.random() < 0.8 else self.director
                ended = starts_at + (ends_at - starts_at) * rng.random() if rng.random() < 0.08 else None
                ended = ended if ended is not None and ended < self.now else None
                pk, public_id, reason = self.id(Coverage), uuid.uuid4(), rng.choice(COVERAGE_REASONS)
                self.coverage_rows.append(
                    (
                        pk,
                        public_id,
                        provider,
                        covering,
                        covered,
                        starts_at,
                        ends_at,
                        reason,
                        granted,
                        by,
                        ended,
                        by if ended else None,
                    )
                )
                period = f"{starts_at.astimezone(self.tz):%b %-d, %Y %H:%M} to {ends_at.astimezone(self.tz):%b %-d, %Y %H:%M}"
                (covering_username, covering_name), (covered_username, covered_name) = (
                    self.names[covering],
                    self.names[covered],
                )
                self.event(
                    granted,
                    "permission_change",
                    by,
                    "cases.coverage",
                    public_id,
                    f"coverage granted: {covering_username} covers {covered_username}'s caseload at {PROVIDER}, {period}; reason: {reason}",
                )
                url = self.paths.coverage
                self.notify(
                    granted,
                    covering,
                    f"You cover {covered_name}'s caseload",
                    period,
                    url,
                    f"coverage:{public_id}:covering",
                )
                self.notify(
                    granted,
                    covered,
                    f"{covering_name} covers your caseload",
                    period,
                    url,
                    f"coverage:{public_id}:covered",
                )
                if ended:
                    self.event(
                        ended,
                        "permission_change",
                        by,
                        "cases.coverage",
                        public_id,
                        f"coverage ended early: {covering_username} no longer covers {covered_username}",
                    )
                    subject = f"Your coverage of {covered_name}'s caseload has ended"
                    self.notify(ended, covering, subject, "", url, f"coverage:{public_id}:ended")
                at = (ended or ends_at) + timedelta(days=rng.expovariate(1 / COVERAGE_DAYS))

    def break_glass(self):
        """The director's emergency openings of a clinical record (cases.services.cover): the
        confirmation page, the opening and the reads in its hour; the case manager and the
        provider's supervisors are told."""
        rng = self.more
        self.glass_rows = []
        clinical = [c for c in self.cases if c.consented is not None and c.consented < self.now - 3 * HOUR]
        for c in rng.sample(clinical, min(len(clinical), max(1, round(len(self.cases) / CASES_PER_BREAK_GLASS)))):
            at = self.daytime(c.consented, min(c.end, self.now - 2 * HOUR))
            expires = at + BREAK_GLASS_WINDOW
            pk, public_id, reason = self.id(BreakGlass), uuid.uuid4(), rng.choice(BREAK_GLASS_REASONS)
            self.glass_rows.append((pk, public_id, c.id, self.director, reason, at, expires))
            page = self.paths.break_glass.format(c.public_id)
            self.event(
                at - 2 * MINUTE, "read", self.director, "cases.case", c.public_id, "break-glass confirmation", path=page
            )
            self.event(
                at,
                "break_glass",
                self.director,
                "cases.case",
                c.public_id,
                f"break-glass opened until {expires.astimezone(self.tz):%H:%M}; reason: {reason}",
                path=page,
                method="POST",
            )
            for _ in range(rng.randint(1, 3)):
                self.event(
                    at + (expires - at) * rng.random(),
                    "break_glass",
                    self.director,
                    "cases.case",
                    c.public_id,
                    "read during break-glass: clinical record",
                    path=self.paths.break_glass_record.format(c.public_id),
                )
            body = (
                f"{self.names[self.director][1]} opened the clinical record of a case of your provider at "
                f"{at.astimezone(self.tz):%b %-d, %H:%M}, for {int(BREAK_GLASS_WINDOW.total_seconds() // 60)} minutes. "
                "It is logged and reviewed."
            )
            for person in dict.fromkeys([c.manager, *self.supervisors]):
                self.notify(
                    at,
                    person,
                    "Emergency access to a case's clinical record",
                    body,
                    self.paths.case.format(c.public_id),
                    f"break-glass:{public_id}",
                    ("case", c.public_id),
                )

    def handoffs(self):
        """The case manager's VIEW_REFERRAL (cases.services.referrals): granted when the officer
        asks them for the hand-off (again when they take it), or when the OWG approves a social
        contact referral to them; with the notifications of the hand-off and the approval."""
        self.referral_grants = []
        places = dict(Referral.MeetingPlace.choices)
        manager_of = {c.referral: c.manager for c in self.cases}
        for row in self.referral_rows:
            pk, public_id, kind, status = row[:4]
            url = self.paths.referral.format(public_id)
            if kind == "arrest_diversion":
                manager, officer, asked = row[11], row[6], row[13]
                name = self.names[manager][1]
                self.referral_grants.append((manager, pk))
                self.event(
                    asked,
                    "permission_change",
                    officer,
                    "cases.referral",
                    public_id,
                    f"granted {VIEW_REFERRAL} to user {name}",
                )
                self.notify(
                    asked,
                    manager,
                    f"Hand-off requested by {self.agency_name[row[5]]}",
                    f"Officer {self.names[officer][1]} asks for a case manager. Open LEAD to accept the hand-off.",
                    url,
                    f"handoff:{public_id}",
                    ("referral", public_id),
                )
                if status == "case_open":
                    accepted = row[15]
                    self.event(
                        accepted,
                        "permission_change",
                        manager,
                        "cases.referral",
                        public_id,
                        f"granted {VIEW_REFERRAL} to user {name}",
                    )
                    self.notify(
                        accepted,
                        officer,
                        f"{name} accepted the hand-off",
                        f"Meet {name} {places[row[16]].lower()}: {row[17]}.",
                        url,
                        f"handoff-accepted:{public_id}",
                        ("referral", public_id),
                    )
            elif status == "approved":
                manager, decided = manager_of[pk], row[28]
                self.referral_grants.append((manager, pk))
                self.event(
                    decided,
                    "permission_change",
                    self.director,
                    "cases.referral",
                    public_id,
                    f"granted {VIEW_REFERRAL} to user {self.names[manager][1]}",
                )
                for user in dict.fromkeys([manager, row[6]]):
                    self.notify(
                        decided,
                        user,
                        "Social contact referral approved",
                        "Plan the outreach together.",
                        url,
                        f"social-approved:{public_id}",
                        ("referral", public_id),
                    )

    def owg_notifications(self):
        """What the OWG's work tells people (owg.services.meetings): each decision on a case to its
        case manager, an action to the member who takes it, the minutes to every member, a charge
        referred for filing to every prosecutor of the office."""
        outcomes = dict(Decision.Outcome.choices)
        at_of = {}
        for d in self.decisions:
            pk, public_id, case, outcome, action, action_by, at = d[0], d[1], d[5], d[8], d[12], d[13], d[-1]
            at_of[pk] = at
            if case is not None:
                manager = self.case_of[case].manager
                url = self.paths.case.format(self.case_of[case].public_id)
                about = ("case", self.case_of[case].public_id)
                self.notify(
                    at, manager, "The OWG decided on a case", outcomes[outcome], url, f"decision:{public_id}", about
                )
            if action_by is not None:
                self.notify(
                    at,
                    action_by,
                    "An action for you from the OWG",
                    action[:200],
                    self.paths.home,
                    f"action:{public_id}",
                )
        for meeting in self.meetings:
            if meeting["status"] == "held" and meeting.get("new"):
                url = self.paths.meeting.format(meeting["public_id"])
                for member in self.owg_members:
                    self.notify(
                        meeting["starts_at"] + 2 * HOUR,
                        member,
                        "Minutes of the OWG meeting",
                        "The minutes and your actions are ready.",
                        url,
                        f"minutes:{meeting['public_id']}:{member}",
                    )
        for filing in self.filings:
            url = self.paths.filing.format(filing[1])
            for prosecutor in self.prosecutors:
                self.notify(
                    at_of[filing[2]],
                    prosecutor,
                    "The OWG referred a charge for filing",
                    "Record the filing decision.",
                    url,
                    f"filing:{filing[1]}:{prosecutor}",
                )

    def deadline_notices(self):
        """What the deadline sweep (cases.deadlines) claimed and told: a reminder LEAD_REMINDER_DAYS
        before each due date to the case manager while the assessment waits, and when it is
        overdue, the case manager, the officer and, for pre-booking files, the prosecutors. The
        claims are written too, so a sweep on the site does not tell anyone twice."""
        rng = self.more
        self.notice_rows = []
        days = reminder_days()
        for c in self.cases:
            referral = self.referral_of[c.referral]
            waiting = min(moment for moment in (c.assessed, c.closed, self.now) if moment is not None)
            for i, (due_on, since) in enumerate(c.dues):
                until = min(waiting, c.dues[i + 1][1]) if i + 1 < len(c.dues) else waiting
                url = self.paths.case.format(c.public_id)
                for before in days:
                    at = datetime.combine(due_on - timedelta(days=before), time.min, tzinfo=self.tz)
                    at += timedelta(minutes=rng.randint(1, 5))
                    if not since <= at < until:
                        continue
                    self.notice_rows.append((self.id(DeadlineNotice), c.id, "reminder", due_on, before, at, at))
                    self.notify(
                        at,
                        c.manager,
                        f"An assessment is due in {before} day{'s' if before != 1 else ''}",
                        f"Due by the end of {due_on:%A, %B %-d}.",
                        url,
                        f"deadline:reminder:{before}:{c.id}:{due_on}",
                        ("case", c.public_id),
                    )
                due_at = self.end_of_day(due_on) + timedelta(minutes=rng.randint(1, 5))
                if not since <= due_at < until:
                    continue
                self.notice_rows.append((self.id(DeadlineNotice), c.id, "overdue", due_on, 0, due_at, due_at))
                key = f"deadline:overdue:{c.id}:{due_on}"
                subject = "An assessment is overdue"
                body = (
                    f"The full assessment was due by the end of {due_on:%B %-d}. The OWG decides on an extension or "
                    "filing the charge."
                )
                self.notify(due_at, c.manager, subject, body, url, key, ("case", c.public_id))
                others = {referral[6], *(self.prosecutors if referral[9] == "pre_booking" else [])} - {c.manager}
                for user in sorted(others):
                    referral_url = self.paths.referral.format(referral[1])
                    self.notify(due_at, user, subject, body, referral_url, key, ("referral", referral[1]))

    def access_log(self):
        """The rest of the access log, up to ACCESS_EVENTS_PER_PARTICIPANT lines a participant:
        reads of the records by the people who work on them while they do, refusals, sign-ins."""
        rng = self.more
        total = round(ACCESS_EVENTS_PER_PARTICIPANT * self.n_participants)
        denied, sessions = round(total * DENIED_SHARE), round(total * SIGN_IN_SHARE / 2)
        reads = max(0, total - len(self.events) - denied - 2 * sessions)
        weights = [3 + (c.end - c.opened).total_seconds() / (14 * 86400) for c in self.cases]
        for c in rng.choices(self.cases, weights, k=reads):
            self.read(c)
        officers = [pk for officers in self.officers_of.values() for pk in officers]
        strangers = {
            agency: [o for o in officers if self.agency_of[o] != agency]
            for agency in {self.agency_of[o] for o in officers}
        }
        staff = sorted(self.names)
        for c in rng.choices(self.cases, weights, k=denied):
            referral = self.referral_of[c.referral]
            at, x = self.daytime(c.opened, c.end), rng.random()
            if x < 0.5 and referral[5] in strangers:
                self.event(
                    at,
                    "denied",
                    rng.choice(strangers[referral[5]]),
                    "cases.referral",
                    referral[1],
                    "referral out of scope or missing",
                    path=self.paths.referral.format(referral[1]),
                    outcome="denied",
                )
            elif x < 0.8:
                self.event(
                    at,
                    "sign_in_failed",
                    None,
                    path=self.paths.sign_in,
                    method="POST",
                    outcome="denied",
                    username=self.names[rng.choice(staff)][0],
                    ip=f"10.{rng.randint(20, 26)}.{rng.randrange(250)}.{rng.randint(1, 200)}",
                )
            else:
                self.event(
                    at,
                    "denied",
                    rng.choice(officers),
                    detail="Police officer may not use cases:case-detail",
                    path=self.paths.case.format(c.public_id),
                    outcome="denied",
                )
        for _ in range(sessions):
            user, at = rng.choice(staff), self.when(rng)
            self.event(at, "sign_in", user, path=self.paths.sign_in, method="POST")
            out = at + timedelta(hours=rng.uniform(0.5, 9))
            if out < self.now:
                self.event(out, "sign_out", user, path=self.paths.sign_out, method="POST")

    def read(self, c: CaseRecord):
        """One read of a case's records by someone who works on it, at a time they do."""
        rng = self.more
        x = rng.random()
        if x < 0.4 and c.consented is not None:
            what, name = rng.choice(CLINICAL_PAGES)
            at = self.daytime(c.consented, c.end)
            path = self.paths.clinical[name].format(c.public_id)
            self.event(at, "read", c.manager, "cases.case", c.public_id, f"clinical: {what}", path=path)
        elif x < 0.6:
            at = self.daytime(c.opened, c.end)
            path = self.paths.case.format(c.public_id)
            self.event(at, "read", c.manager, "cases.case", c.public_id, "clinical: case file", path=path)
        elif x < 0.8:
            referral = self.referral_of[c.referral]
            y = rng.random()
            if y < 0.6:
                who, at = referral[6], self.daytime(referral[7], referral[7] + timedelta(days=rng.expovariate(1 / 5)))
            else:
                prosecutor = y < 0.8 and c.kind == "arrest_diversion"
                who = rng.choice(self.prosecutors) if prosecutor else c.manager if y < 0.95 else self.director
                at = self.daytime(c.opened, c.end)
            self.event(at, "read", who, "cases.referral", referral[1], path=self.paths.referral.format(referral[1]))
        elif x < 0.85 and c.assigned is not None:
            specialist, start, end = c.assigned
            self.event(
                self.daytime(start, end),
                "read",
                specialist,
                "cases.case",
                c.public_id,
                "outreach:participant: identity, contact details, engagement log",
                path=self.paths.outreach.format(c.public_id),
            )
        elif x < 0.9:
            at = self.daytime(c.opened, c.end)
            self.event(
                at,
                "read",
                self.director,
                "cases.case",
                c.public_id,
                "case status",
                path=self.paths.case.format(c.public_id),
            )
        else:
            meeting = self.meeting_after(c.opened + (c.end - c.opened) * rng.random())
            if meeting is None or meeting["starts_at"] >= self.now:
                return
            at = self.daytime(meeting["starts_at"] - 3 * DAY, meeting["starts_at"] + HOUR)
            self.event(
                at,
                "read",
                rng.choice(self.owg_members),
                "owg.meeting",
                meeting["public_id"],
                "owg:meeting: an OWG meeting: agenda by participant",
                path=self.paths.meeting.format(meeting["public_id"]),
            )

    # Writing --------------------------------------------------------------------------------------

    def write(self):
        sink = self.sink
        sink.write(
            Participant,
            (
                "id",
                "public_id",
                "first_name",
                "last_name",
                "aliases",
                "date_of_birth",
                "phone",
                "email",
                "contact_notes",
                "race",
                "ethnicity",
                "gender",
                "created_at",
                "created_by_id",
            ),
            [(*row[:-1], self.referral_by(row[-1])) for row in self.participant_rows],
        )
        sink.write(ParticipantName, ("id", "participant_id", "last_key", "first_key"), self.name_rows)
        sink.write(
            Screening,
            (
                "id",
                "public_id",
                "agency_id",
                "officer_id",
                "criteria_version_id",
                "report_number",
                "screened_at",
                "screened_on",
                "facts",
                "outcome",
                "reasons",
                "status",
                "coordinated_with",
                "coordination_result",
                "coordination_notes",
                "coordinated_at",
                "prosecutor_decision",
                "prosecutor_reason",
                "prosecutor_id",
                "prosecutor_decided_at",
                "arrested_at",
                "race",
                "ethnicity",
            ),
            self.screening_rows,
        )
        self.log(f"{len(self.screening_rows):,} screenings")
        sink.write(
            Referral,
            (
                "id",
                "public_id",
                "kind",
                "status",
                "participant_id",
                "agency_id",
                "referred_by_id",
                "created_at",
                "screening_id",
                "stage",
                "file_holder_id",
                "on_call_case_manager_id",
                "on_call_phone",
                "handoff_requested_at",
                "accepted_by_id",
                "accepted_at",
                "meeting_place_kind",
                "meeting_place",
                "handed_off_at",
                "intake_submitted_at",
                "incident_at",
                "incident_location",
                "offense",
                "overview",
                "crime_report_number",
                "reason",
                "known_needs",
                "decided_by_id",
                "decided_at",
                "decision_reason",
                "outreach_plan",
                "reference",
            ),
            self.referenced(self.referral_rows),
        )
        sink.write(ReferenceCounter, ("year", "last"), self.reference_counters.items())
        sink.write(
            ChargingHold,
            ("id", "referral_id", "office_id", "status", "held_at", "decided_by_id", "decided_at", "reason"),
            self.hold_rows,
        )
        provider = self.agencies[PROVIDER].pk
        sink.write(
            Case,
            (
                "id",
                "public_id",
                "participant_id",
                "referral_id",
                "provider_id",
                "case_manager_id",
                "status",
                "opened_at",
                "assessment_due_on",
                "assessment_due_at",
                "last_reached_at",
                "closed_at",
                "closed_reason",
                "closing_note",
            ),
            (
                (
                    c.id,
                    c.public_id,
                    c.participant,
                    c.referral,
                    provider,
                    c.manager,
                    c.status,
                    c.opened,
                    c.due_on,
                    c.due_at,
                    c.last_reached,
                    c.closed,
                    c.reason,
                    "Closed." if c.closed else "",
                )
                for c in self.cases
            ),
        )
        sink.write(
            InitialScreening,
            (
                "id",
                "case_id",
                "basic_information",
                "acute_medical_needs",
                "shelter_needed",
                "shelter_action",
                "clothing_needed",
                "clothing_action",
                "food_needed",
                "food_action",
                "other_needs",
                "other_action",
                "screened_at",
                "screened_by_id",
            ),
            self.initial_rows,
        )
        sink.write(
            Consent,
            ("id", "case_id", "signed_on", "signature_kind", "signature", "witness_id", "recorded_at"),
            self.consent_rows,
        )
        sink.write(Appointment, ("id", "case_id", "starts_at", "place", "set_at", "set_by_id"), self.appointment_rows)
        sink.write(
            Assessment,
            (
                "id",
                "case_id",
                "status",
                *ASSESSMENT_FIELDS,
                "completed_at",
                "completed_by_id",
                "revision",
            ),
            self.assessment_rows,
        )
        sink.write(ServicePlan, ("id", "case_id", "status", "activated_at", "revision"), self.plan_rows)
        sink.write(Goal, ("id", "plan_id", "domain", "need", "goal", "status"), self.goal_rows)
        sink.write(
            ProgressSummary,
            (
                "id",
                "case_id",
                "engagement",
                "note",
                "housing_status",
                "employment_status",
                "written_at",
                "written_by_id",
            ),
            self.summary_rows,
        )
        self.log(f"{len(self.cases):,} cases and their records")
        sink.write(
            CriminalCase,
            (
                "id",
                "public_id",
                "participant_id",
                "office_id",
                "in_jurisdiction",
                "court",
                "case_number",
                "charge",
                "status",
                "filed_on",
                "next_date",
                "next_event",
                "defender_id",
                "feedback",
                "created_by_id",
                "created_at",
                "revision",
            ),
            self.criminal_rows,
        )
        sink.write(
            Decision,
            (
                "id",
                "public_id",
                "meeting_id",
                "section",
                "subject",
                "case_id",
                "referral_id",
                "title",
                "outcome",
                "proposed_by_id",
                "rationale",
                "new_due_on",
                "action",
                "action_by_id",
                "action_done_at",
                "recorded_by_id",
                "recorded_at",
            ),
            self.decisions,
        )
        sink.write(
            Determination,
            ("id", "public_id", "case_id", "kind", "created_at", "status", "decided_at", "decision"),
            self.determinations,
        )
        sink.write(
            ChargeFiling,
            (
                "id",
                "public_id",
                "decision_id",
                "case_id",
                "office_id",
                "status",
                "decided_by_id",
                "decided_at",
                "reason",
            ),
            self.filings,
        )
        self.log(f"{len(self.decisions):,} OWG decisions")
        sink.write(
            Contact,
            ("id", "case_id", "kind", "reached", "at", "duration_minutes", "place", "outcome", "by_id"),
            self.contact_rows(),
        )
        self.log(f"{self.n_contacts:,} contacts")
        self.write_records()

    def write_records(self):
        sink, rng = self.sink, self.more
        sink.write(ActionStep, ("id", "goal_id", "description", "who", "due_on", "status"), self.step_rows)
        sink.write(CurrentService, ("id", "plan_id", "provider", "contact", "service"), self.service_rows)
        sink.write(CaseNote, ("id", "case_id", "written_at", "written_by_id", "text"), self.note_rows)
        sink.write(
            ReleaseOfInformation,
            (
                "id",
                "public_id",
                "case_id",
                "discloser",
                "information",
                "recipients",
                "purpose",
                "right_to_revoke_explained",
                "expires_on",
                "expiry_event",
                "expired_at",
                "signed_on",
                "signature_kind",
                "signature",
                "recorded_at",
                "recorded_by_id",
                "revoked_at",
                "revoked_by_id",
            ),
            self.release_rows,
        )
        through = ReleaseOfInformation.named_agencies.through
        sink.write(through, ("id", "releaseofinformation_id", "agency_id"), self.named_rows)
        sink.write(
            Assignment,
            ("id", "case_id", "specialist_id", "reason", "assigned_by_id", "assigned_at", "ended_at", "ended_by_id"),
            self.assignment_rows,
        )
        sink.write(
            Coverage,
            (
                "id",
                "public_id",
                "provider_id",
                "covering_id",
                "covered_id",
                "starts_at",
                "ends_at",
                "reason",
                "granted_at",
                "granted_by_id",
                "ended_at",
                "ended_by_id",
            ),
            self.coverage_rows,
        )
        sink.write(
            BreakGlass,
            ("id", "public_id", "case_id", "opened_by_id", "reason", "opened_at", "expires_at"),
            self.glass_rows,
        )
        sink.write(
            DeadlineNotice,
            ("id", "case_id", "kind", "due_on", "days_before", "claimed_at", "done_at"),
            self.notice_rows,
        )
        # Guardian keeps the object's key as text, under the permission's content type (cases.grants).
        grants = [(VIEW_REFERRAL, self.referral_grants), (ENGAGE_CASE, self.engage_grants)]
        sink.write(
            UserObjectPermission,
            ("id", "object_pk", "content_type_id", "permission_id", "user_id"),
            [
                (self.id(UserObjectPermission), str(obj), *self.permissions[perm], user)
                for perm, held in grants
                for user, obj in held
            ],
        )
        self.log(f"{len(self.note_rows):,} notes, {len(self.release_rows):,} releases and the other records")
        # In time order, as the application appends them.
        sink.write(
            AccessEvent,
            (
                "id",
                "at",
                "kind",
                "outcome",
                "user_id",
                "username",
                "object_type",
                "object_id",
                "path",
                "method",
                "ip_address",
                "user_agent",
                "detail",
            ),
            (
                (
                    self.id(AccessEvent),
                    at,
                    kind,
                    outcome,
                    user,
                    username,
                    object_type,
                    str(object_id),
                    path,
                    method,
                    ip,
                    USER_AGENTS[(user or 0) % len(USER_AGENTS)] if path else "",
                    detail,
                )
                for at, kind, outcome, user, username, object_type, object_id, path, method, ip, detail in sorted(
                    self.events, key=lambda e: e[0]
                )
            ),
        )
        self.log(f"{len(self.events):,} lines of the access log")

        emails = []
        kept_from = self.now - timedelta(days=settings.LEAD_OUTBOX_KEEP_DAYS)

        def notifications():
            for at, user, subject, body, url, key, about_kind, about_id in sorted(
                self.notifications, key=lambda n: n[0]
            ):
                read = at + timedelta(hours=rng.lognormvariate(math.log(4), 1.2))
                read = None if read > self.now or rng.random() < NEVER_READ else read
                if at >= kept_from:  # the outbox keeps the e-mails of the last days, sent
                    emails.append((user, f"[LEAD] {subject}", at))
                yield (
                    self.id(Notification),
                    uuid.uuid4(),
                    user,
                    subject,
                    body,
                    url,
                    at,
                    read,
                    key,
                    about_kind,
                    about_id,
                )

        sink.write(
            Notification,
            (
                "id",
                "public_id",
                "user_id",
                "subject",
                "body",
                "url",
                "created_at",
                "read_at",
                "key",
                "about_kind",
                "about_id",
            ),
            notifications(),
        )
        self.log(f"{len(self.notifications):,} notifications")
        sink.write(
            OutboxMessage,
            (
                "id",
                "public_id",
                "user_id",
                "subject",
                "body",
                "status",
                "created_at",
                "due_at",
                "attempts",
                "sent_at",
                "last_error",
            ),
            (
                (
                    self.id(OutboxMessage),
                    uuid.uuid4(),
                    user,
                    subject,
                    settings.LEAD_SITE_URL,
                    "sent",
                    at,
                    at,
                    1,
                    min(self.now, at + timedelta(seconds=rng.randint(2, 60))),
                    "",
                )
                for user, subject, at in emails
            ),
        )
        self.log(f"{len(emails):,} e-mails in the outbox")

    def referral_by(self, referral_pk: int) -> int:
        if not hasattr(self, "_referred_by"):
            self._referred_by = {row[0]: row[6] for row in self.referral_rows}
        return self._referred_by[referral_pk]

    def contact_rows(self):
        rng = self.rng
        kinds, weights = ["in_person", "phone", "text", "outreach"], [55, 75, 85, 100]
        for c in self.cases:
            for at, reached in c.contacts:
                kind = rng.choices(kinds, cum_weights=weights)[0]
                if kind == "outreach" and reached:
                    kind = "in_person"
                by = rng.choice(self.outreach) if kind == "outreach" else c.manager
                yield (
                    self.id(Contact),
                    c.id,
                    kind,
                    reached,
                    at,
                    rng.choice([0, 5, 10, 15, 30, 45, 60]) if reached else 0,
                    rng.choice(PLACES) if kind in ("in_person", "outreach") else "",
                    rng.choice(CONTACT_OUTCOMES[kind]),
                    by,
                )
            c.contacts = None
