"""`manage.py screen --criteria SLUG [--on YYYY-MM-DD] FILE`: evaluate facts, store nothing.

An integration contract (issue 3): input is one JSON object of facts or a list of them, from a
file or `-` for standard input; output is one JSON object per screening, a list for a list.
Bad input exits non-zero with one line naming the problem."""

import json
import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from eligibility import engine
from eligibility.selectors import criteria_set_exists, criteria_version_in_force


class Command(BaseCommand):
    help = "Screen facts (JSON) against a criteria set without storing anything."

    def add_arguments(self, parser):
        parser.add_argument("--criteria", required=True, help="slug of the criteria set, e.g. example-1")
        parser.add_argument("--on", help="screening date, YYYY-MM-DD (default: today in the site's time zone)")
        parser.add_argument("file", help="a JSON file of facts, or - for standard input")

    def handle(self, *args, criteria, on, file, **options):
        day = _screening_date(on)
        version = criteria_version_in_force(slug=criteria, on=day)
        if version is None:
            if criteria_set_exists(criteria):
                raise CommandError(f"criteria set {criteria!r} has no approved version in force on {day}")
            raise CommandError(f"unknown criteria set {criteria!r}")
        rules = version.as_criteria()
        data = _read_json(file)
        if isinstance(data, list):
            results = [_screen(rules, item, day, f"item {index}: ") for index, item in enumerate(data)]
        else:
            results = _screen(rules, data, day, "")
        self.stdout.write(json.dumps(results))


def _screening_date(value: str | None) -> date:
    if value is None:
        return timezone.localdate()
    try:
        if len(value) != 10:  # fromisoformat also takes 20261127, which is not our format
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--on must be a real date as YYYY-MM-DD, not {value!r}") from None


def _read_json(file: str):
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except OSError as error:
        raise CommandError(f"cannot read {file}: {error.strerror}") from None
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except (json.JSONDecodeError, ValueError) as error:
        raise CommandError(f"not JSON: {error}") from None


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number")


def _screen(rules: engine.Criteria, raw, day: date, where: str) -> dict:
    try:
        facts = engine.parse_facts(raw)
    except engine.FactsError as error:
        raise CommandError(f"{where}{error}") from None
    decision = engine.decide(rules, facts, day)
    return {
        "criteria": rules.slug,
        "version": rules.version,
        "outcome": decision.outcome,
        "reasons": list(decision.reasons),
        "missing": list(decision.missing),
    }
