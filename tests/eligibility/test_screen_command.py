import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from tests.eligibility.test_engine import EXAMPLE_1_FACTS, EXAMPLE_2_FACTS

ROOT = Path(__file__).resolve().parents[2]


def screen(tmp_path, data, *options):
    path = tmp_path / "facts.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    out = io.StringIO()
    call_command("screen", *options, str(path), stdout=out)
    return json.loads(out.getvalue())


def test_one_object_in_gives_one_result_out(db, tmp_path):
    assert screen(tmp_path, EXAMPLE_2_FACTS, "--criteria", "example-2") == {
        "criteria": "example-2",
        "version": 1,
        "outcome": "eligible",
        "reasons": [],
        "missing": [],
    }


def test_a_list_in_gives_a_list_out_in_the_same_order(db, tmp_path):
    facts = [EXAMPLE_1_FACTS, {**EXAMPLE_1_FACTS, "amenable": False}, {**EXAMPLE_1_FACTS, "on_supervision": True}]
    results = screen(tmp_path, facts, "--criteria", "example-1", "--on", "2026-11-27")
    assert [(r["outcome"], r["reasons"]) for r in results] == [
        ("eligible", []),
        ("ineligible", ["not_amenable"]),
        ("coordinate", ["on_supervision"]),
    ]


def test_facts_come_from_standard_input_with_a_dash(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"amenable": True})))
    out = io.StringIO()
    call_command("screen", "--criteria", "example-2", "-", stdout=out)
    result = json.loads(out.getvalue())
    assert result["outcome"] == "incomplete"
    assert "able_to_consent" in result["missing"]


def test_the_look_back_counts_from_the_on_date(db, tmp_path):
    facts = {**EXAMPLE_1_FACTS, "convictions": [{"offense": "robbery_2", "date": "2016-11-27", "attempt": False}]}
    assert screen(tmp_path, facts, "--criteria", "example-1", "--on", "2026-11-27")["outcome"] == "ineligible"
    assert screen(tmp_path, facts, "--criteria", "example-1", "--on", "2026-11-28")["outcome"] == "eligible"


def test_without_on_the_date_is_today_in_the_site_time_zone(db, tmp_path):
    facts = {**EXAMPLE_1_FACTS, "convictions": [{"offense": "robbery_2", "date": "2016-11-27", "attempt": False}]}
    # 05:00 UTC on 28 November is still 27 November in Los Angeles.
    with time_machine.travel("2026-11-28T05:00:00Z", tick=False):
        assert screen(tmp_path, facts, "--criteria", "example-1")["outcome"] == "ineligible"


@pytest.mark.parametrize(
    ("data", "options", "message"),
    [
        ("{not json", ["--criteria", "example-1"], "not JSON"),
        ('{"drug_grams": NaN}', ["--criteria", "example-1"], "not JSON"),
        ({"amenabel": True}, ["--criteria", "example-1"], "unknown fact 'amenabel'"),
        ([EXAMPLE_1_FACTS, {"amenable": "yes"}], ["--criteria", "example-1"], "item 1: amenable must be true or false"),
        ({"drug_grams": -2}, ["--criteria", "example-1"], "drug_grams cannot be negative"),
        ({}, ["--criteria", "example-9"], "unknown criteria set 'example-9'"),
        ({}, ["--criteria", "example-1", "--on", "2026-02-30"], "--on must be a real date"),
        ("42", ["--criteria", "example-1"], "facts must be a JSON object"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_problem(db, tmp_path, data, options, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        screen(tmp_path, data, *options)


def test_bad_input_exits_non_zero_with_one_line_and_no_traceback(tmp_path):
    env = {
        "LEAD_DEBUG": "on",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PATH": "/usr/bin:/bin",
        "LEAD_VAR_DIR": str(tmp_path),
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=120)
    result = subprocess.run(
        [sys.executable, "manage.py", "screen", "--criteria", "example-1", "-"],
        cwd=ROOT,
        env=env,
        input='{"amenable": "yes"}',
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert result.stdout == ""
