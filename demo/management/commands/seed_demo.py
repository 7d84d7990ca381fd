from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from cases import deadlines
from cases import demo as cases_demo
from eligibility import demo as eligibility_demo
from lead.agencies.models import Agency
from lead.outbox.models import OutboxMessage
from lead.roles import Role, sync_role_groups
from lead.users import duties
from lead.users.models import AccessRequest, User
from outreach import demo as outreach_demo
from owg import demo as owg_demo
from reports import demo as reports_demo

AGENCIES = {
    "police": ("Harbor City Police Department", Agency.Kind.POLICE, "City of Harbor City", "(555) 010-1000"),
    "sheriff": ("Harbor County Sheriff's Office", Agency.Kind.SHERIFF, "Harbor County", "(555) 010-2000"),
    "da": ("Harbor County District Attorney's Office", Agency.Kind.PROSECUTOR, "Harbor County", "(555) 010-3000"),
    "pd": ("Harbor County Public Defender's Office", Agency.Kind.PUBLIC_DEFENDER, "Harbor County", "(555) 010-4000"),
    "provider": ("Bridgeway Community Services", Agency.Kind.SERVICE_PROVIDER, "Harbor County", "(555) 010-5000"),
    "program": ("Harbor County LEAD Program Office", Agency.Kind.PROGRAM, "Harbor County", "(555) 010-6000"),
}

# username: (first, last, title, agency, roles)
ACCOUNTS = {
    "officer": ("Maria", "Alvarez", "Patrol officer", "police", [Role.OFFICER]),
    "prosecutor": ("James", "Okafor", "Deputy district attorney", "da", [Role.PROSECUTOR]),
    "defender": ("Priya", "Raman", "Assistant public defender", "pd", [Role.DEFENDER]),
    "deputy": ("Tom", "Becker", "Deputy sheriff", "sheriff", [Role.OFFICER]),
    "casemanager": ("Dana", "Whitfield", "Case manager", "provider", [Role.CASE_MANAGER]),
    "casemanager2": ("Marcus", "Lee", "Case manager", "provider", [Role.CASE_MANAGER]),
    "supervisor": ("Ruth", "Adeyemi", "Clinical supervisor", "provider", [Role.CASE_MANAGER]),
    "outreach": ("Luis", "Moreno", "Outreach specialist", "provider", [Role.OUTREACH]),
    "director": ("Grace", "Lindqvist", "LEAD project director", "program", [Role.DIRECTOR]),
    "pcg": ("Robert", "Haines", "Undersheriff, PCG signatory", "sheriff", [Role.PCG]),
    "coordinator": ("Aisha", "Bello", "Community engagement coordinator", "program", [Role.COORDINATOR]),
    "admin": ("Sam", "Ortiz", "Site administrator", "program", [Role.SITE_ADMIN]),
}
PHONES = {
    "officer": "(555) 010-1101",
    "deputy": "(555) 010-2101",
    "casemanager": "(555) 010-5101",
    "casemanager2": "(555) 010-5102",
}


class Command(BaseCommand):
    help = "Create the demo agencies and one account per role (password lead-demo). Demo mode only."

    def handle(self, *args, **options):
        if not (settings.DEBUG and settings.LEAD_DEMO):
            raise CommandError("Demo data is only for demo mode (LEAD_DEBUG=on and LEAD_DEMO=on).")
        with transaction.atomic():
            sync_role_groups()
            now = timezone.now()
            agencies = {key: self._agency(*spec) for key, spec in AGENCIES.items()}
            users = {
                username: self._account(username, first, last, title, agencies[agency], roles)
                for username, (first, last, title, agency, roles) in ACCOUNTS.items()
            }
            eligibility_demo.seed(
                police=agencies["police"],
                sheriff=agencies["sheriff"],
                prosecutors=agencies["da"],
                officer=users["officer"],
                prosecutor=users["prosecutor"],
                director=users["director"],
                now=now,
            )
            cases_demo.seed(users=users, now=now)
            cases_demo.seed_case_work(users=users, now=now)
            # The first deadline sweep, so the demo shows its reminders and escalations at once.
            deadlines.sweep(now=now)
            owg_demo.seed(users=users, now=now)
            reports_demo.seed(users=users, now=now)
            outreach_demo.seed(users=users, now=now)
            self._access_request(users, now)
            self._undeliverable_email(users, now)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Sign in at http://127.0.0.1:8000 with password {settings.LEAD_DEMO_PASSWORD} as:")
        for username, (_, _, _, _, roles) in ACCOUNTS.items():
            self.stdout.write(f"  {username:<12} {', '.join(r.label for r in roles)}")
        if not settings.LEAD_TWO_FACTOR:
            self.stdout.write("Two-factor sign-in is off for this demo (LEAD_TWO_FACTOR=off).")

    def _undeliverable_email(self, users, now):
        """An e-mail the mail server refused, so the director's System panel shows what a given-up
        message looks like (docs/reliability.md). Idempotent (one such message)."""
        user = users["casemanager2"]
        if not OutboxMessage.objects.filter(user=user, status=OutboxMessage.Status.FAILED).exists():
            OutboxMessage.objects.create(
                user=user,
                subject="[LEAD] A hand-off request is waiting",
                body=f"{settings.LEAD_SITE_URL.rstrip('/')}/notifications/\n",
                status=OutboxMessage.Status.FAILED,
                created_at=now,
                due_at=now,
                attempts=1,
                failures=1,
                last_error="SMTPRecipientsRefused",
            )

    def _access_request(self, users, now):
        """Separation of duties: the administrator asked to make casemanager2 a supervisor; the
        director finds it on the home page to approve or reject. Idempotent (one open request)."""
        if not users["casemanager2"].is_supervisor:
            duties.access_request_file(
                user=users["casemanager2"], kind=AccessRequest.Kind.SUPERVISOR, by=users["admin"], now=now
            )

    def _agency(self, name, kind, jurisdiction, phone):
        agency, _ = Agency.objects.update_or_create(
            name=name, defaults={"kind": kind, "jurisdiction": jurisdiction, "phone": phone}
        )
        return agency

    def _account(self, username, first, last, title, agency, roles):
        from django.contrib.auth.models import Group

        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "title": title,
                "agency": agency,
                "email": f"{username}@demo.lead.invalid",
                "phone": PHONES.get(username, ""),
                # The provider's supervisor: the caseloads, the provider's case list, coverage.
                "is_supervisor": username == "supervisor",
            },
        )
        if created:
            # The shared demo password skips the validators on purpose: it is refused outside demo mode.
            user.set_password(settings.LEAD_DEMO_PASSWORD)
            user.save()
            user.groups.set(Group.objects.filter(name__in=[r.label for r in roles]))
        return user
