"""Demo screenings of every outcome and status, and a draft criteria version waiting for the
PCG, made through the services as the people would make them. Idempotent: a report number that
exists is left alone."""

import itertools
from datetime import timedelta

from eligibility import services
from eligibility.models import CriteriaSet, CriteriaVersion, Screening

ELIGIBLE = {
    "offense_type": "misdemeanor",
    "offense_need_related": True,
    "need_history": True,
    "victim": "none",
    "amenable": True,
    "able_to_consent": True,
    "drug_grams": 0.8,
    "sale_for_profit": False,
    "exploits_others": False,
    "pc_violent_offense": False,
    "pc_protection_order_violation": False,
    "pc_domestic_violence": False,
    "promoting_prostitution": False,
    "registered_sex_offender": False,
    "acute_emergency_care": False,
    "convictions": [],
    "on_supervision": False,
    "outstanding_warrant": False,
}

# Race and ethnicity as the people screened stated them, in turn (one declined, one not asked).
STATED = (
    (["black"], "not_hispanic"),
    (["white"], "hispanic"),
    (["declined"], "declined"),
    (["american_indian", "white"], "not_hispanic"),
    ([], ""),
)

# report number: (days ago, facts changed from ELIGIBLE, what happened next)
SCREENINGS = {
    "26-004101": (9, {}, ("confirm", "Meets the criteria; the victim-less shoplifting is a typical LEAD case.")),
    "26-004188": (6, {"drug_grams": 9.5, "sale_for_profit": True}, ("arrest",)),
    "26-004230": (5, {"on_supervision": True}, ("coordinate", "County Probation, PO Reyes", "eligible")),
    "26-004262": (4, {"outstanding_warrant": True}, None),
    "26-004301": (3, {"convictions": [{"offense": "burglary_2", "date": "2019-06-03", "attempt": True}]}, None),
    "26-004344": (2, {}, ("overrule", "Pending felony case in Harbor County; discuss at the next OWG.")),
    "26-004390": (0, {"victim": "declines_prosecution"}, None),
}


def seed(*, police, sheriff, prosecutors, officer, prosecutor, director, now) -> None:
    # Harbor City police divert pre-booking (the DA confirms eligibility and holds the charging
    # paperwork); the sheriff's office diverts pre-arrest.
    for agency, slug, stage in ((police, "example-1", "pre_booking"), (sheriff, "example-2", "pre_arrest")):
        if agency.criteria_set_id is None:  # a second run leaves what someone changed since
            agency.criteria_set = CriteriaSet.objects.get(slug=slug)
            agency.diversion_stage = stage
            agency.prosecuting_office = prosecutors
            agency.save()

    version = CriteriaVersion.objects.get(criteria_set__slug="example-1", number=1)
    for (report_number, (days_ago, changes, then)), (race, ethnicity) in zip(
        SCREENINGS.items(), itertools.cycle(STATED), strict=False
    ):
        if Screening.objects.filter(report_number=report_number).exists():
            continue
        at = now - timedelta(days=days_ago, hours=3)
        screening = services.screening_create(
            officer=officer,
            version=version,
            report_number=report_number,
            facts=ELIGIBLE | changes,
            now=at,
            race=race,
            ethnicity=ethnicity,
        )
        _then(screening, then, officer=officer, prosecutor=prosecutor, at=at + timedelta(minutes=20))

    example_1 = CriteriaSet.objects.get(slug="example-1")
    if not example_1.versions.filter(number__gt=1).exists():
        draft = services.criteria_draft_start(criteria_set=example_1, director=director, on=now.date())
        services.criteria_draft_update(
            draft=draft,
            revision=draft.revision,
            director=director,
            **{field: getattr(draft, field) for field in services.DRAFT_FIELDS}
            | {
                "lookback_years": 8,
                "change_summary": (
                    "Patrol officers and the OWG asked for an 8-year look-back for the second list of convictions."
                ),
            },
        )


def _then(screening, then, *, officer, prosecutor, at):
    if then is None:
        return
    if then[0] == "arrest":
        services.screening_arrest_record(screening=screening, by=officer, now=at)
    elif then[0] == "coordinate":
        screening = services.screening_coordination_record(
            screening=screening,
            by=officer,
            coordinated_with=then[1],
            result=then[2],
            notes="",
            now=at,
        )
        services.screening_prosecutor_decide(
            screening=screening,
            prosecutor=prosecutor,
            decision="confirmed",
            reason="Probation agrees; no objection.",
            now=at,
        )
    else:
        decision = "confirmed" if then[0] == "confirm" else "overruled"
        services.screening_prosecutor_decide(
            screening=screening, prosecutor=prosecutor, decision=decision, reason=then[1], now=at
        )
