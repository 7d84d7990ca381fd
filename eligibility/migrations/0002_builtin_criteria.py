"""The model policy's two examples (section V), built in as approved version 1 of the sets
`example-1` and `example-2`, in force from the start."""

import datetime
from decimal import Decimal

from django.db import migrations

ANY_TIME = ["murder_1", "murder_2", "arson_1", "arson_2", "robbery_1", "assault_1", "sex_crime"]
LOOKBACK = ["robbery_2", "assault_2", "weapon_possession_1", "burglary_1", "burglary_2"]
BUILT_IN = [
    ("example-1", "Model policy, Example 1: need-related minor offenses", "need_related_minor_offense"),
    ("example-2", "Model policy, Example 2: drug- or prostitution-related offenses", "drug_or_prostitution"),
]


def create(apps, schema_editor):
    CriteriaSet = apps.get_model("eligibility", "CriteriaSet")
    CriteriaVersion = apps.get_model("eligibility", "CriteriaVersion")
    for slug, name, offense_rule in BUILT_IN:
        criteria_set, _ = CriteriaSet.objects.get_or_create(slug=slug, defaults={"name": name})
        CriteriaVersion.objects.get_or_create(
            criteria_set=criteria_set,
            number=1,
            defaults={
                "status": "approved",
                "effective_from": datetime.date(1970, 1, 1),
                "offense_rule": offense_rule,
                "drug_limit_grams": Decimal("7.00"),
                "lookback_years": 10,
                "convictions_any_time": ANY_TIME,
                "convictions_lookback": LOOKBACK,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("eligibility", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
