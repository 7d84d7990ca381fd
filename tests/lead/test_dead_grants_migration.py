"""agencies.0005 deletes the grants no lookup read (to agencies' principal groups, the case
grants to the assigned case manager) and the principal groups, and keeps the grants that decide
who sees what: the hand-off (`view_referral`) and the outreach assignment (`engage_case`)."""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from guardian.models import GroupObjectPermission, UserObjectPermission
from guardian.shortcuts import assign_perm

from lead.roles import Role
from tests.factories import outreach_assignment

migration = importlib.import_module("lead.agencies.migrations.0005_delete_dead_grants")


def test_the_migration_deletes_agency_and_case_grants_and_keeps_hand_offs_and_assignments(personas):
    assignment = outreach_assignment()
    case, specialist = assignment.case, assignment.specialist
    case_manager = case.case_manager
    user_grants = set(UserObjectPermission.objects.values_list("user__username", "permission__codename"))
    assert {(case_manager.username, "view_referral"), (specialist.username, "engage_case")} <= user_grants
    # What the services wrote before: the agencies' principal groups and their grants, the case
    # grants of the assigned case manager.
    for agency in (case.referral.agency, case.provider):
        principal = Group.objects.create(name=f"agency:{agency.public_id}")
        assign_perm("cases.view_referral", principal, case.referral)
        assign_perm("cases.view_case", principal, case)
    assign_perm("cases.view_case", case_manager, case)
    assign_perm("cases.change_case", case_manager, case)
    role_group = Group.objects.get(name=Role.OFFICER.label)
    assign_perm("cases.view_referral", role_group, case.referral)

    with connection.schema_editor() as schema_editor:
        migration.delete_dead_grants(apps, schema_editor)

    assert not Group.objects.filter(name__startswith="agency:").exists()
    assert Group.objects.filter(name=Role.OFFICER.label).exists()
    assert list(GroupObjectPermission.objects.values_list("group__name", "permission__codename")) == [
        (Role.OFFICER.label, "view_referral")
    ]
    assert set(UserObjectPermission.objects.values_list("user__username", "permission__codename")) == user_grants
