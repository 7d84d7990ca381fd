"""The eligibility decision of policy section V: one pure function of a criteria version, the
facts and the screening date. No database, no clock: the `screen` command, the officer's form
and the tests all call `decide` the same way.

`parse_facts` turns untrusted input (JSON, a form) into checked facts and refuses anything it
does not understand: a typo in a fact's name must never be ignored.
"""

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

ELIGIBLE = "eligible"
INELIGIBLE = "ineligible"
COORDINATE = "coordinate"
INCOMPLETE = "incomplete"

# Offense rules an agency can choose between (policy V, Example 1 and Example 2).
NEED_RELATED_MINOR_OFFENSE = "need_related_minor_offense"
DRUG_OR_PROSTITUTION = "drug_or_prostitution"

OFFENSE_TYPES = ("misdemeanor", "violation", "ordinance", "felony")
MINOR_OFFENSE_TYPES = frozenset({"misdemeanor", "violation", "ordinance"})
VICTIM_CHOICES = ("none", "declines_prosecution", "wants_prosecution")
# Convictions the criteria can name, in the policy's words (V.A.13-14; attempts count the same).
CONVICTION_LABELS = {
    "murder_1": "Murder 1st",
    "murder_2": "Murder 2nd",
    "arson_1": "Arson 1st",
    "arson_2": "Arson 2nd",
    "robbery_1": "Robbery 1st",
    "robbery_2": "Robbery 2nd",
    "assault_1": "Assault 1st",
    "assault_2": "Assault 2nd",
    "sex_crime": "Any sex crime",
    "weapon_possession_1": "Criminal Possession of a Weapon 1st",
    "burglary_1": "Burglary 1st",
    "burglary_2": "Burglary 2nd",
    "other": "Any other offense",
}
CONVICTION_CODES = tuple(CONVICTION_LABELS)

# What each reason means, in words an officer can read to the person. Also the order of reasons.
REASONS = {
    "offense_not_eligible": "The offense is not one this program can divert.",
    "no_need_history": "There is no known history of an alcohol, drug, poverty, homelessness or mental-health need.",
    "offense_not_need_related": (
        "The offense was not committed in relation to an alcohol, drug, poverty, homelessness or mental-health need."
    ),
    "victim_wants_prosecution": "The victim wants the case prosecuted.",
    "not_amenable": "The person does not appear willing to take part in diversion.",
    "unable_to_consent": "The person is not able to give consent right now.",
    "drug_amount_over_limit": "The amount of drugs is over the program's limit.",
    "sale_for_profit": "The drug activity includes selling for profit above a subsistence level.",
    "exploits_others": "The person exploits minors or other people.",
    "pc_violent_offense": "There is probable cause of a violent offense.",
    "pc_protection_order_violation": "There is probable cause that an order of protection was violated.",
    "pc_domestic_violence": "There is probable cause of a domestic-violence offense.",
    "promoting_prostitution": "The person is suspected of promoting prostitution.",
    "registered_sex_offender": "The person is a registered sex offender.",
    "acute_emergency_care": "The person needs emergency care now: a danger to themselves or others.",
    "disqualifying_conviction": "A past conviction (or attempt) excludes the person at any time.",
    "recent_disqualifying_conviction": "A conviction (or attempt) within the look-back period excludes the person.",
    "on_supervision": "The person is on supervision: decide together with the supervising agency.",
    "outstanding_warrant": "There is an outstanding warrant: decide together with the issuing court.",
}
COORDINATION_REASONS = ("on_supervision", "outstanding_warrant")

# Facts of the exclusions shared by both examples: (fact, reason when true).
EXCLUDING_FLAGS = (
    ("sale_for_profit", "sale_for_profit"),
    ("exploits_others", "exploits_others"),
    ("pc_violent_offense", "pc_violent_offense"),
    ("pc_protection_order_violation", "pc_protection_order_violation"),
    ("pc_domestic_violence", "pc_domestic_violence"),
    ("promoting_prostitution", "promoting_prostitution"),
    ("registered_sex_offender", "registered_sex_offender"),
    ("acute_emergency_care", "acute_emergency_care"),
)

# Every fact there is, and its kind: a type (bool, Decimal, list of convictions) or the values it takes.
FACT_KINDS: dict[str, Any] = {
    "offense_type": OFFENSE_TYPES,
    "offense_drug_related": bool,
    "offense_prostitution_related": bool,
    "offense_need_related": bool,
    "need_history": bool,
    "victim": VICTIM_CHOICES,
    "amenable": bool,
    "able_to_consent": bool,
    "drug_grams": Decimal,
    "sale_for_profit": bool,
    "exploits_others": bool,
    "pc_violent_offense": bool,
    "pc_protection_order_violation": bool,
    "pc_domestic_violence": bool,
    "promoting_prostitution": bool,
    "registered_sex_offender": bool,
    "acute_emergency_care": bool,
    "convictions": list,
    "on_supervision": bool,
    "outstanding_warrant": bool,
}
OFFENSE_FACTS = {
    NEED_RELATED_MINOR_OFFENSE: ("offense_type", "offense_need_related", "need_history", "victim"),
    DRUG_OR_PROSTITUTION: ("offense_drug_related", "offense_prostitution_related"),
}
ALL_OFFENSE_FACTS = frozenset(fact for facts in OFFENSE_FACTS.values() for fact in facts)


class FactsError(ValueError):
    """Input that cannot be screened; the message names the problem in one line."""


@dataclass(frozen=True)
class Criteria:
    """One version of an agency's criteria, as the engine needs it (see models.CriteriaVersion)."""

    slug: str
    version: int
    offense_rule: str
    drug_limit_grams: Decimal
    lookback_years: int
    convictions_any_time: frozenset[str]
    convictions_lookback: frozenset[str]

    def used_facts(self) -> tuple[str, ...]:
        offense = OFFENSE_FACTS[self.offense_rule]
        return tuple(f for f in FACT_KINDS if f in offense or f not in ALL_OFFENSE_FACTS)


@dataclass(frozen=True)
class Conviction:
    offense: str
    date: date
    attempt: bool


@dataclass(frozen=True)
class Decision:
    outcome: str
    reasons: tuple[str, ...]
    missing: tuple[str, ...]

    def explanations(self) -> list[str]:
        return [REASONS[code] for code in self.reasons]


def parse_facts(raw: object) -> dict:
    """Check untrusted facts; return them typed. Missing facts stay missing (see `decide`)."""
    if not isinstance(raw, dict):
        raise FactsError("facts must be a JSON object")
    unknown = sorted(set(raw) - set(FACT_KINDS))
    if unknown:
        raise FactsError(f"unknown fact {unknown[0]!r}")
    return {key: _parse_fact(key, value) for key, value in raw.items() if value is not None}


def _parse_fact(key: str, value: object):
    kind = FACT_KINDS[key]
    if kind is bool:
        if type(value) is not bool:
            raise FactsError(f"{key} must be true or false, not {value!r}")
        return value
    if kind is Decimal:
        # JSON's true is an int to isinstance, not a number.
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            raise FactsError(f"{key} must be a number, not {value!r}")
        if value < 0:
            raise FactsError(f"{key} cannot be negative")
        return Decimal(str(value))
    if kind is list:
        if not isinstance(value, list):
            raise FactsError(f"{key} must be a list")
        return tuple(_parse_conviction(i, item) for i, item in enumerate(value))
    if value not in kind:
        raise FactsError(f"{key} must be one of {', '.join(kind)}, not {value!r}")
    return value


def _parse_conviction(index: int, item: object) -> Conviction:
    where = f"convictions[{index}]"
    if not isinstance(item, dict):
        raise FactsError(f"{where} must be an object with offense, date and attempt")
    if set(item) != {"offense", "date", "attempt"}:
        extra = sorted(set(item) - {"offense", "date", "attempt"})
        raise FactsError(f"{where}: unknown key {extra[0]!r}" if extra else f"{where} needs offense, date and attempt")
    if item["offense"] not in CONVICTION_CODES:
        raise FactsError(f"{where}.offense must be one of {', '.join(CONVICTION_CODES)}, not {item['offense']!r}")
    if type(item["attempt"]) is not bool:
        raise FactsError(f"{where}.attempt must be true or false, not {item['attempt']!r}")
    try:
        if not isinstance(item["date"], str) or len(item["date"]) != 10:
            raise ValueError
        when = date.fromisoformat(item["date"])
    except ValueError:
        raise FactsError(f"{where}.date must be a real date as YYYY-MM-DD, not {item['date']!r}") from None
    return Conviction(item["offense"], when, item["attempt"])


def decide(criteria: Criteria, facts: dict, on: date) -> Decision:
    """The outcome and every reason for it. `facts` come from `parse_facts`; `on` is the
    screening date, from which the look-back period is counted back."""
    missing = tuple(f for f in criteria.used_facts() if f not in facts)
    exclusions = [code for code in _exclusions(criteria, facts, on) if code]
    if missing:
        # The screening is not finished; the exclusions already known are shown with it.
        return Decision(INCOMPLETE, tuple(exclusions), missing)
    if exclusions:
        return Decision(INELIGIBLE, tuple(exclusions), ())
    coordination = tuple(code for code in COORDINATION_REASONS if facts[code])
    if coordination:
        return Decision(COORDINATE, coordination, ())
    return Decision(ELIGIBLE, (), ())


def _exclusions(criteria: Criteria, facts: dict, on: date):
    yield from _offense_reasons(criteria.offense_rule, facts)
    yield "not_amenable" if facts.get("amenable") is False else None
    yield "unable_to_consent" if facts.get("able_to_consent") is False else None
    grams = facts.get("drug_grams")
    yield "drug_amount_over_limit" if grams is not None and grams > criteria.drug_limit_grams else None
    for fact, reason in EXCLUDING_FLAGS:
        yield reason if facts.get(fact) else None
    convictions = facts.get("convictions", ())
    yield "disqualifying_conviction" if any(c.offense in criteria.convictions_any_time for c in convictions) else None
    since = _years_before(on, criteria.lookback_years)
    recent = any(c.offense in criteria.convictions_lookback and since <= c.date <= on for c in convictions)
    yield "recent_disqualifying_conviction" if recent else None


def _offense_reasons(rule: str, facts: dict):
    if rule == DRUG_OR_PROSTITUTION:
        if facts.get("offense_drug_related") is False and facts.get("offense_prostitution_related") is False:
            yield "offense_not_eligible"
        return
    offense_type = facts.get("offense_type")
    yield "offense_not_eligible" if offense_type is not None and offense_type not in MINOR_OFFENSE_TYPES else None
    yield "no_need_history" if facts.get("need_history") is False else None
    yield "offense_not_need_related" if facts.get("offense_need_related") is False else None
    yield "victim_wants_prosecution" if facts.get("victim") == "wants_prosecution" else None


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)
