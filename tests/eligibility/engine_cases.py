"""The eligibility engine's expected decisions, kept in one place: tests/eligibility/test_engine.py
asserts them, and scripts/bench-screen mixes the example-1 ones into its batch and checks the
`screen` command's answers against them (a fast engine that decides wrongly is no benchmark).

Dates are those of a screening on `ON`; the criteria are the built-in `example-1` and
`example-2` (7 grams, a ten-year look-back)."""

from dataclasses import dataclass
from datetime import date

ON = date(2026, 11, 27)

COMMON = {
    "amenable": True,
    "able_to_consent": True,
    "drug_grams": 1.5,
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
EXAMPLE_1_FACTS = {
    **COMMON,
    "offense_type": "misdemeanor",
    "offense_need_related": True,
    "need_history": True,
    "victim": "none",
}
EXAMPLE_2_FACTS = {**COMMON, "offense_drug_related": True, "offense_prostitution_related": False}


def conviction(offense, when, attempt=False):
    return {"offense": offense, "date": when, "attempt": attempt}


# Each exclusion alone, for either criteria set: the change to the eligible facts and its reason.
EXCLUSIONS = [
    ({"amenable": False}, "not_amenable"),
    ({"able_to_consent": False}, "unable_to_consent"),
    ({"drug_grams": 7.01}, "drug_amount_over_limit"),
    ({"sale_for_profit": True}, "sale_for_profit"),
    ({"exploits_others": True}, "exploits_others"),
    ({"pc_violent_offense": True}, "pc_violent_offense"),
    ({"pc_protection_order_violation": True}, "pc_protection_order_violation"),
    ({"pc_domestic_violence": True}, "pc_domestic_violence"),
    ({"promoting_prostitution": True}, "promoting_prostitution"),
    ({"registered_sex_offender": True}, "registered_sex_offender"),
    ({"acute_emergency_care": True}, "acute_emergency_care"),
    ({"convictions": [conviction("sex_crime", "1990-05-01")]}, "disqualifying_conviction"),
    ({"convictions": [conviction("burglary_2", "2020-01-01")]}, "recent_disqualifying_conviction"),
]


@dataclass(frozen=True)
class Expected:
    """What the engine must decide for `facts` on `ON`."""

    name: str
    facts: dict
    outcome: str
    reasons: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


def _example_1(name: str, outcome: str, reasons: tuple[str, ...] = (), **changes) -> Expected:
    return Expected(name, {**EXAMPLE_1_FACTS, **changes}, outcome, reasons)


EXAMPLE_1_DECISIONS = [
    _example_1("meeting every criterion is eligible with no reasons", "eligible"),
    *(_example_1(f"excluded: {reason}", "ineligible", (reason,), **changes) for changes, reason in EXCLUSIONS),
    _example_1("a felony is not a minor offense", "ineligible", ("offense_not_eligible",), offense_type="felony"),
    _example_1("no history of the need", "ineligible", ("no_need_history",), need_history=False),
    _example_1(
        "an offense not related to the need", "ineligible", ("offense_not_need_related",), offense_need_related=False
    ),
    _example_1(
        "a victim who wants prosecution", "ineligible", ("victim_wants_prosecution",), victim="wants_prosecution"
    ),
    *(
        _example_1(f"a {offense_type} with a victim who declines prosecution", "eligible", **changes)
        for offense_type in ["misdemeanor", "violation", "ordinance"]
        for changes in [{"offense_type": offense_type, "victim": "declines_prosecution"}]
    ),
    _example_1("exactly 7 grams is within the limit", "eligible", drug_grams=7.0),
    _example_1(
        "a look-back conviction just inside ten years excludes",
        "ineligible",
        ("recent_disqualifying_conviction",),
        convictions=[conviction("robbery_2", "2016-11-27")],
    ),
    _example_1(
        "a look-back conviction just outside ten years does not",
        "eligible",
        convictions=[conviction("robbery_2", "2016-11-26")],
    ),
    _example_1(
        "an attempt counts as the offense",
        "ineligible",
        ("disqualifying_conviction",),
        convictions=[conviction("murder_2", "1980-01-01", attempt=True)],
    ),
    _example_1("an other conviction excludes no one", "eligible", convictions=[conviction("other", "2025-01-01")]),
    _example_1(
        "every reason is given, not just the first",
        "ineligible",
        (
            "offense_not_eligible",
            "not_amenable",
            "drug_amount_over_limit",
            "registered_sex_offender",
            "disqualifying_conviction",
            "recent_disqualifying_conviction",
        ),
        offense_type="felony",
        amenable=False,
        drug_grams=12,
        registered_sex_offender=True,
        on_supervision=True,
        convictions=[conviction("arson_1", "2001-01-01"), conviction("burglary_1", "2024-03-01")],
    ),
    _example_1(
        "supervision or a warrant means coordinate, with both reasons",
        "coordinate",
        ("on_supervision", "outstanding_warrant"),
        on_supervision=True,
        outstanding_warrant=True,
    ),
    Expected(
        "a missing fact makes the screening incomplete and names it",
        {k: v for k, v in EXAMPLE_1_FACTS.items() if k not in {"victim", "convictions"}},
        "incomplete",
        missing=("victim", "convictions"),
    ),
    _example_1(
        "facts the set does not use are accepted and ignored",
        "eligible",
        offense_drug_related=False,
        offense_prostitution_related=False,
    ),
]
