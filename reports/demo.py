"""Demo screenings for the reports: three months of anonymous screenings by the demo's officers,
with the demographics the people stated, so that the equity tables and the trends have enough to
show. Written as the records the screening service leaves (no person is named). Runs once."""

import random
from datetime import timedelta

from django.utils import timezone

from eligibility.demo import ELIGIBLE
from eligibility.models import CriteriaVersion, Screening
from lead.services import acting

# (race, ethnicity, weight): roughly a mid-sized US county's arrests.
GROUPS = [
    (["white"], "not_hispanic", 40),
    (["black"], "not_hispanic", 25),
    (["white"], "hispanic", 15),
    (["asian"], "not_hispanic", 5),
    (["american_indian"], "not_hispanic", 4),
    (["black", "white"], "not_hispanic", 4),
    ([], "", 7),
]
# (outcome, status, reasons, weight)
PATHS = [
    (Screening.Outcome.ELIGIBLE, Screening.Status.REFERRED, [], 45),
    (Screening.Outcome.ELIGIBLE, Screening.Status.DECLINED, [], 10),
    (Screening.Outcome.INELIGIBLE, Screening.Status.ARRESTED, ["outstanding_warrant"], 15),
    (Screening.Outcome.INELIGIBLE, Screening.Status.ARRESTED, ["sale_for_profit"], 8),
    (Screening.Outcome.COORDINATE, Screening.Status.AWAITING_COORDINATION, ["on_supervision"], 7),
]


def seed(*, users, now, count: int = 160) -> None:
    if Screening.objects.filter(report_number__startswith="26-D").exists():
        return
    rng = random.Random(7)  # the same demo every time
    version = CriteriaVersion.objects.get(criteria_set__slug="example-1", number=1)
    officers = [users["officer"], users["deputy"]]
    for n in range(count):
        race, ethnicity, _ = rng.choices(GROUPS, weights=[g[2] for g in GROUPS])[0]
        outcome, status, reasons, _ = rng.choices(PATHS, weights=[p[3] for p in PATHS])[0]
        # Black participants are offered diversion less often in this demo, so the equity table flags it.
        if race == ["black"] and outcome == Screening.Outcome.ELIGIBLE and rng.random() < 0.35:
            outcome, status, reasons = Screening.Outcome.INELIGIBLE, Screening.Status.ARRESTED, ["outstanding_warrant"]
        officer = officers[n % 2]
        at = now - timedelta(days=rng.uniform(1, 90))
        screening = Screening(
            agency=officer.agency,
            officer=officer,
            criteria_version=version,
            report_number=f"26-D{n:04d}",
            screened_at=at,
            screened_on=timezone.localdate(at),
            facts=ELIGIBLE,
            outcome=outcome,
            reasons=reasons,
            status=status,
            race=race,
            ethnicity=ethnicity,
            arrested_at=at + timedelta(minutes=15) if status == Screening.Status.ARRESTED else None,
        )
        acting(screening, officer).save()
