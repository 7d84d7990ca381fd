from datetime import date
from decimal import Decimal

import pytest

from eligibility import engine
from eligibility.engine import FactsError, decide, parse_facts

ON = date(2026, 11, 27)
ANY_TIME = frozenset({"murder_1", "murder_2", "arson_1", "arson_2", "robbery_1", "assault_1", "sex_crime"})
LOOKBACK = frozenset({"robbery_2", "assault_2", "weapon_possession_1", "burglary_1", "burglary_2"})
EXAMPLE_1 = engine.Criteria("example-1", 1, engine.NEED_RELATED_MINOR_OFFENSE, Decimal("7"), 10, ANY_TIME, LOOKBACK)
EXAMPLE_2 = engine.Criteria("example-2", 1, engine.DRUG_OR_PROSTITUTION, Decimal("7"), 10, ANY_TIME, LOOKBACK)

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


def screen(criteria, on=ON, **changes):
    base = EXAMPLE_1_FACTS if criteria is EXAMPLE_1 else EXAMPLE_2_FACTS
    return decide(criteria, parse_facts({**base, **changes}), on)


def conviction(offense, when, attempt=False):
    return {"offense": offense, "date": when, "attempt": attempt}


@pytest.mark.parametrize("criteria", [EXAMPLE_1, EXAMPLE_2])
def test_a_person_meeting_every_criterion_is_eligible_with_no_reasons(criteria):
    decision = screen(criteria)
    assert (decision.outcome, decision.reasons, decision.missing) == ("eligible", (), ())


@pytest.mark.parametrize("criteria", [EXAMPLE_1, EXAMPLE_2])
@pytest.mark.parametrize(
    ("changes", "reason"),
    [
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
    ],
)
def test_each_exclusion_makes_the_person_ineligible_for_that_reason(criteria, changes, reason):
    decision = screen(criteria, **changes)
    assert (decision.outcome, decision.reasons) == ("ineligible", (reason,))


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"offense_type": "felony"}, "offense_not_eligible"),
        ({"need_history": False}, "no_need_history"),
        ({"offense_need_related": False}, "offense_not_need_related"),
        ({"victim": "wants_prosecution"}, "victim_wants_prosecution"),
    ],
)
def test_example_1_offense_rules(changes, reason):
    assert screen(EXAMPLE_1, **changes).reasons == (reason,)


@pytest.mark.parametrize("offense_type", ["misdemeanor", "violation", "ordinance"])
def test_example_1_takes_minor_offenses_and_a_victim_who_declines_prosecution(offense_type):
    assert screen(EXAMPLE_1, offense_type=offense_type, victim="declines_prosecution").outcome == "eligible"


def test_example_2_takes_a_prostitution_related_offense():
    assert screen(EXAMPLE_2, offense_drug_related=False, offense_prostitution_related=True).outcome == "eligible"


def test_example_2_refuses_an_offense_neither_drug_nor_prostitution_related():
    assert screen(EXAMPLE_2, offense_drug_related=False).reasons == ("offense_not_eligible",)


def test_exactly_7_grams_is_within_the_limit_and_7_01_is_over():
    assert screen(EXAMPLE_2, drug_grams=7.0).outcome == "eligible"
    assert screen(EXAMPLE_2, drug_grams=7).outcome == "eligible"
    assert screen(EXAMPLE_2, drug_grams=7.01).reasons == ("drug_amount_over_limit",)


def test_a_look_back_conviction_just_inside_ten_years_excludes_and_just_outside_does_not():
    assert screen(EXAMPLE_1, convictions=[conviction("robbery_2", "2016-11-27")]).outcome == "ineligible"
    assert screen(EXAMPLE_1, convictions=[conviction("robbery_2", "2016-11-26")]).outcome == "eligible"


def test_the_look_back_counts_from_the_screening_date():
    convictions = [conviction("assault_2", "2016-11-27")]
    assert screen(EXAMPLE_1, on=date(2026, 11, 27), convictions=convictions).outcome == "ineligible"
    assert screen(EXAMPLE_1, on=date(2026, 11, 28), convictions=convictions).outcome == "eligible"


def test_an_attempt_counts_as_the_offense():
    decision = screen(EXAMPLE_1, convictions=[conviction("murder_2", "1980-01-01", attempt=True)])
    assert decision.reasons == ("disqualifying_conviction",)


def test_an_other_conviction_excludes_no_one():
    assert screen(EXAMPLE_1, convictions=[conviction("other", "2025-01-01")]).outcome == "eligible"


def test_every_reason_is_given_not_just_the_first():
    decision = screen(
        EXAMPLE_1,
        offense_type="felony",
        amenable=False,
        drug_grams=12,
        registered_sex_offender=True,
        on_supervision=True,
        convictions=[conviction("arson_1", "2001-01-01"), conviction("burglary_1", "2024-03-01")],
    )
    assert decision.outcome == "ineligible"
    assert decision.reasons == (
        "offense_not_eligible",
        "not_amenable",
        "drug_amount_over_limit",
        "registered_sex_offender",
        "disqualifying_conviction",
        "recent_disqualifying_conviction",
    )
    assert all(decision.explanations())


def test_supervision_or_a_warrant_means_coordinate_with_both_reasons():
    decision = screen(EXAMPLE_2, on_supervision=True, outstanding_warrant=True)
    assert (decision.outcome, decision.reasons) == ("coordinate", ("on_supervision", "outstanding_warrant"))


def test_a_missing_fact_makes_the_screening_incomplete_and_names_it():
    facts = {k: v for k, v in EXAMPLE_1_FACTS.items() if k not in {"victim", "convictions"}}
    decision = decide(EXAMPLE_1, parse_facts(facts), ON)
    assert (decision.outcome, decision.missing) == ("incomplete", ("victim", "convictions"))


def test_facts_a_set_does_not_use_are_accepted_and_ignored():
    assert screen(EXAMPLE_2, offense_type="felony", need_history=False).outcome == "eligible"
    assert screen(EXAMPLE_1, offense_drug_related=False, offense_prostitution_related=False).outcome == "eligible"


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({"amenabel": True}, "unknown fact 'amenabel'"),
        ({"amenable": "yes"}, "amenable must be true or false"),
        ({"amenable": 1}, "amenable must be true or false"),
        ({"drug_grams": "three"}, "drug_grams must be a number"),
        ({"drug_grams": True}, "drug_grams must be a number"),
        ({"drug_grams": -1}, "drug_grams cannot be negative"),
        ({"offense_type": "infraction"}, "offense_type must be one of"),
        ({"victim": "maybe"}, "victim must be one of"),
        ({"convictions": "none"}, "convictions must be a list"),
        ({"convictions": [conviction("theft", "2020-01-01")]}, "convictions[0].offense must be one of"),
        ({"convictions": [conviction("other", "2023-02-30")]}, "convictions[0].date must be a real date"),
        ({"convictions": [conviction("other", "20230201")]}, "convictions[0].date must be a real date"),
        (
            {"convictions": [{"offense": "other", "date": "2020-01-01"}]},
            "convictions[0] needs offense, date and attempt",
        ),
        ({"convictions": [{**conviction("other", "2020-01-01"), "court": "x"}]}, "convictions[0]: unknown key 'court'"),
        (
            {"convictions": [conviction("other", "2020-01-01", attempt="no")]},
            "convictions[0].attempt must be true or false",
        ),
    ],
)
def test_bad_facts_are_refused_with_a_message_naming_the_problem(facts, message):
    with pytest.raises(FactsError, match=message.replace("[", r"\[").replace("]", r"\]").replace(".", r"\.")):
        parse_facts(facts)


def test_every_reason_has_an_explanation():
    assert set(engine.REASONS) >= {code for _, code in engine.EXCLUDING_FLAGS}
