from datetime import date
from decimal import Decimal

import pytest

from eligibility import engine
from eligibility.engine import FactsError, decide, parse_facts
from tests.eligibility.engine_cases import (
    EXAMPLE_1_DECISIONS,
    EXAMPLE_1_FACTS,
    EXAMPLE_2_FACTS,
    EXCLUSIONS,
    ON,
    conviction,
)

ANY_TIME = frozenset({"murder_1", "murder_2", "arson_1", "arson_2", "robbery_1", "assault_1", "sex_crime"})
LOOKBACK = frozenset({"robbery_2", "assault_2", "weapon_possession_1", "burglary_1", "burglary_2"})
EXAMPLE_1 = engine.Criteria("example-1", 1, engine.NEED_RELATED_MINOR_OFFENSE, Decimal("7"), 10, ANY_TIME, LOOKBACK)
EXAMPLE_2 = engine.Criteria("example-2", 1, engine.DRUG_OR_PROSTITUTION, Decimal("7"), 10, ANY_TIME, LOOKBACK)


def screen(criteria, on=ON, **changes):
    base = EXAMPLE_1_FACTS if criteria is EXAMPLE_1 else EXAMPLE_2_FACTS
    return decide(criteria, parse_facts({**base, **changes}), on)


@pytest.mark.parametrize("expected", EXAMPLE_1_DECISIONS, ids=lambda expected: expected.name)
def test_example_1_decides_each_case_as_expected(expected):
    decision = decide(EXAMPLE_1, parse_facts(expected.facts), ON)
    assert (decision.outcome, decision.reasons, decision.missing) == (
        expected.outcome,
        expected.reasons,
        expected.missing,
    )


def test_example_2_takes_a_person_meeting_every_criterion_with_no_reasons():
    decision = screen(EXAMPLE_2)
    assert (decision.outcome, decision.reasons, decision.missing) == ("eligible", (), ())


@pytest.mark.parametrize(("changes", "reason"), EXCLUSIONS)
def test_example_2_makes_each_exclusion_ineligible_for_that_reason(changes, reason):
    decision = screen(EXAMPLE_2, **changes)
    assert (decision.outcome, decision.reasons) == ("ineligible", (reason,))


def test_example_2_takes_a_prostitution_related_offense():
    assert screen(EXAMPLE_2, offense_drug_related=False, offense_prostitution_related=True).outcome == "eligible"


def test_example_2_refuses_an_offense_neither_drug_nor_prostitution_related():
    assert screen(EXAMPLE_2, offense_drug_related=False).reasons == ("offense_not_eligible",)


def test_exactly_7_grams_is_within_the_limit_and_7_01_is_over():
    assert screen(EXAMPLE_2, drug_grams=7.0).outcome == "eligible"
    assert screen(EXAMPLE_2, drug_grams=7).outcome == "eligible"
    assert screen(EXAMPLE_2, drug_grams=7.01).reasons == ("drug_amount_over_limit",)


def test_the_look_back_counts_from_the_screening_date():
    convictions = [conviction("assault_2", "2016-11-27")]
    assert screen(EXAMPLE_1, on=date(2026, 11, 27), convictions=convictions).outcome == "ineligible"
    assert screen(EXAMPLE_1, on=date(2026, 11, 28), convictions=convictions).outcome == "eligible"


def test_every_reason_has_an_explanation_in_a_decision():
    expected = next(e for e in EXAMPLE_1_DECISIONS if e.name == "every reason is given, not just the first")
    assert all(decide(EXAMPLE_1, parse_facts(expected.facts), ON).explanations())


def test_supervision_or_a_warrant_means_coordinate_with_both_reasons():
    decision = screen(EXAMPLE_2, on_supervision=True, outstanding_warrant=True)
    assert (decision.outcome, decision.reasons) == ("coordinate", ("on_supervision", "outstanding_warrant"))


def test_facts_a_set_does_not_use_are_accepted_and_ignored():
    assert screen(EXAMPLE_2, offense_type="felony", need_history=False).outcome == "eligible"


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
