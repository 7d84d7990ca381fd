"""Separation of duties (access-policy.md, lead/users/duties.py): the site administrator manages
accounts but cannot reach case content, alone, by any sequence of the actions the admin offers."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.clinical import clinical_cases
from lead.audit.models import AccessEvent
from lead.notifications.models import Notification
from lead.roles import CASE_CONTENT_ROLES, Role
from lead.users import duties
from lead.users.models import AccessRequest, User
from tests.conftest import signed_in_client, two_factor_device
from tests.factories import PASSWORD, UserFactory, open_case

Kind = AccessRequest.Kind
ADMIN_KNOWS = "a password the admin chose 42"


def group(role):
    return Group.objects.get(name=role.label)


def user_form(user, **changes):
    """The admin's change form for `user` as it stands, with `changes` applied."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "phone": user.phone,
        "title": user.title,
        "agency": user.agency_id or "",
        "groups": [g.pk for g in user.groups.all()],
    }
    if user.is_active:
        data["is_active"] = "on"
    if user.is_supervisor:
        data["is_supervisor"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def change(admin_client, user, **changes):
    return admin_client.post(reverse("admin:users_user_change", args=[user.pk]), user_form(user, **changes))


@pytest.fixture
def admin_user(personas):
    return personas[Role.SITE_ADMIN]


@pytest.fixture
def admin_client(admin_user):
    return signed_in_client(admin_user)


@pytest.fixture
def provider(personas):
    return personas[Role.CASE_MANAGER].agency


@pytest.fixture
def case(personas):
    return open_case(case_manager=personas[Role.CASE_MANAGER])


def test_granting_a_case_content_role_in_administration_waits_for_approval(personas, admin_client):
    officer = personas[Role.OFFICER]
    response = change(admin_client, officer, groups=[group(Role.OFFICER).pk, group(Role.CASE_MANAGER).pk])
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.held_roles() == {Role.OFFICER}
    pending = AccessRequest.objects.get(user=officer)
    assert (pending.kind, pending.role, pending.requested_by.username) == (Kind.ROLE, "case_manager", "site_admin")
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.ACCESS_REQUESTED, username="site_admin").exists()


def test_the_director_is_told_of_a_request_and_finds_it_on_the_home_page(personas, admin_client):
    officer = personas[Role.OFFICER]
    change(admin_client, officer, groups=[group(Role.OFFICER).pk, group(Role.PROSECUTOR).pk])
    assert Notification.objects.filter(user=personas[Role.DIRECTOR], subject__contains="approval").exists()
    home = signed_in_client(personas[Role.DIRECTOR]).get(reverse("home")).content.decode()
    assert "Grant the role Prosecutor for officer" in home


def test_the_director_approves_a_role_and_the_log_names_both_people(personas, admin_client):
    officer = personas[Role.OFFICER]
    change(admin_client, officer, groups=[group(Role.OFFICER).pk, group(Role.PROSECUTOR).pk])
    pending = AccessRequest.objects.get(user=officer)
    director = signed_in_client(personas[Role.DIRECTOR])
    url = reverse("accounts:request-decide", args=[pending.public_id])
    assert director.get(url).status_code == 200
    response = director.post(url, {"decision": "approve"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert Role.PROSECUTOR in officer.held_roles()
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.ACCESS_APPROVED)
    assert "asked by site_admin, approved by director" in event.detail
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by, pending.history.count()) == ("approved", personas[Role.DIRECTOR], 2)
    # The officer already held a case-content role: their own credentials stay.
    assert officer.check_password(PASSWORD)


def test_nothing_is_decided_until_a_decision_is_chosen(personas, admin_client):
    change(admin_client, personas[Role.OFFICER], is_supervisor="on")
    pending = AccessRequest.objects.get()
    response = signed_in_client(personas[Role.DIRECTOR]).post(
        reverse("accounts:request-decide", args=[pending.public_id]), {}
    )
    assert response.status_code == 200
    assert "Choose to approve or reject the change" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_a_rejected_request_changes_nothing_and_is_logged(personas, admin_client):
    officer = personas[Role.OFFICER]
    change(admin_client, officer, is_supervisor="on")
    pending = AccessRequest.objects.get()
    signed_in_client(personas[Role.DIRECTOR]).post(
        reverse("accounts:request-decide", args=[pending.public_id]), {"decision": "reject"}
    )
    officer.refresh_from_db()
    assert officer.is_supervisor is False
    assert AccessEvent.objects.filter(
        kind=AccessEvent.Kind.ACCESS_REJECTED, detail__contains="rejected by director"
    ).exists()


def test_a_second_administrator_may_approve_but_not_the_one_who_asked(personas, admin_client):
    change(admin_client, personas[Role.OFFICER], is_supervisor="on")
    pending = AccessRequest.objects.get()
    url = reverse("accounts:request-decide", args=[pending.public_id])
    decision = {"decision": "approve"}
    assert admin_client.post(url, decision).status_code == 403
    assert AccessEvent.objects.filter(
        kind=AccessEvent.Kind.DENIED, username="site_admin", object_id=str(pending.public_id)
    ).exists()
    second = UserFactory(username="second_admin", roles=[Role.SITE_ADMIN])
    assert signed_in_client(second).post(url, decision).status_code == 302
    assert "approved by second_admin" in AccessEvent.objects.get(kind=AccessEvent.Kind.ACCESS_APPROVED).detail


def test_nobody_approves_a_change_to_their_own_account(personas):
    director = personas[Role.DIRECTOR]
    pending = duties.access_request_file(
        user=director, kind=Kind.SUPERVISOR, by=personas[Role.SITE_ADMIN], now=director.date_joined
    )
    response = signed_in_client(director).post(
        reverse("accounts:request-decide", args=[pending.public_id]), {"decision": "approve"}
    )
    assert response.status_code == 403


def test_a_site_administrator_cannot_be_given_a_case_content_role(personas, admin_client):
    admin = personas[Role.SITE_ADMIN]
    response = change(admin_client, admin, groups=[group(Role.SITE_ADMIN).pk, group(Role.CASE_MANAGER).pk])
    assert response.status_code == 200
    assert duties.INCOMPATIBLE in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_a_site_administrator_holding_a_case_role_anyway_acts_only_as_administrator(personas):
    admin = personas[Role.SITE_ADMIN]
    admin.groups.add(group(Role.CASE_MANAGER))  # the shell, or an old row: the roles mask it
    admin = User.objects.get(pk=admin.pk)
    assert admin.roles == {Role.SITE_ADMIN}


def test_moving_a_case_manager_to_another_agency_waits_for_approval_but_an_aggregate_user_moves_at_once(
    personas, admin_client
):
    case_manager, pcg = personas[Role.CASE_MANAGER], personas[Role.PCG]
    other = personas[Role.OFFICER].agency
    change(admin_client, case_manager, agency=other.pk)
    change(admin_client, pcg, agency=other.pk)
    case_manager.refresh_from_db()
    pcg.refresh_from_db()
    assert case_manager.agency != other and pcg.agency == other
    assert AccessRequest.objects.get().kind == Kind.AGENCY


def test_an_administrators_password_reset_forces_a_change_and_tells_the_user(personas, admin_client):
    pcg = personas[Role.PCG]
    url = f"/admin/users/user/{pcg.pk}/password/"
    response = admin_client.post(url, {"password1": ADMIN_KNOWS, "password2": ADMIN_KNOWS, "usable_password": "true"})
    assert response.status_code == 302
    pcg.refresh_from_db()
    assert pcg.must_change_password and pcg.check_password(ADMIN_KNOWS)
    assert Notification.objects.filter(user=pcg, subject__contains="password was reset").exists()
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.PASSWORD_RESET, username="site_admin").exists()
    client = signed_in_client(pcg)
    response = client.get(reverse("reports:pcg"))
    assert response["Location"] == reverse("accounts:password")
    client.post(
        reverse("accounts:password"),
        {"old_password": ADMIN_KNOWS, "new_password1": "my own passphrase 77", "new_password2": "my own passphrase 77"},
    )
    pcg.refresh_from_db()
    assert not pcg.must_change_password
    assert client.get(reverse("reports:pcg")).status_code == 200


def test_a_case_managers_password_is_not_set_by_the_administrator_but_issued_to_the_approver(personas, admin_client):
    case_manager = personas[Role.CASE_MANAGER]
    url = f"/admin/users/user/{case_manager.pk}/password/"
    assert "Ask for approval" in admin_client.get(url).content.decode()
    admin_client.post(url, {"password1": ADMIN_KNOWS, "password2": ADMIN_KNOWS})
    case_manager.refresh_from_db()
    assert case_manager.check_password(PASSWORD)
    pending = AccessRequest.objects.get(kind=Kind.PASSWORD)
    response = signed_in_client(personas[Role.DIRECTOR]).post(
        reverse("accounts:request-decide", args=[pending.public_id]), {"decision": "approve"}
    )
    password = response.context["password"]
    case_manager.refresh_from_db()
    assert case_manager.check_password(password) and case_manager.must_change_password
    assert Notification.objects.filter(user=case_manager, subject__contains="password was reset").exists()


def test_resetting_a_case_managers_two_factor_waits_for_approval(personas, admin_client):
    case_manager = personas[Role.CASE_MANAGER]
    two_factor_device(case_manager)
    officer_free = UserFactory(roles=[Role.COORDINATOR])
    two_factor_device(officer_free)
    admin_client.post(
        reverse("admin:users_user_changelist"),
        {
            "action": "reset_two_factor",
            "_selected_action": [case_manager.pk, officer_free.pk],
        },
    )
    assert TOTPDevice.objects.filter(user=case_manager).exists()
    assert not TOTPDevice.objects.filter(user=officer_free).exists()
    assert AccessRequest.objects.get().kind == Kind.TWO_FACTOR
    assert Notification.objects.filter(user=officer_free, subject__contains="two-factor").exists()


def test_the_admin_shows_no_two_factor_keys_or_recovery_codes(personas, admin_client):
    device = two_factor_device(personas[Role.CASE_MANAGER])
    page = admin_client.get(reverse("admin:users_user_change", args=[personas[Role.CASE_MANAGER].pk])).content.decode()
    assert device.key not in page and "Authenticator app set up" in page
    assert admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").status_code == 404
    assert admin_client.get("/admin/otp_static/staticdevice/").status_code == 404


# The proof: every action the admin offers, on the administrator's own account and on a puppet.


def every_admin_action(admin_client, account, provider, *, own=False):
    """Try everything the admin offers that could widen `account`'s access; return nothing.
    On the administrator's own account, the steps that end their administration come last
    (test below)."""
    group_ids = [g.pk for g in account.groups.all()]
    for role in CASE_CONTENT_ROLES | {Role.SITE_ADMIN}:
        change(admin_client, account, groups=[*group_ids, group(role).pk])
        account.refresh_from_db()
    change(admin_client, account, is_supervisor="on", agency=provider.pk)
    account.refresh_from_db()
    if not own:
        change(admin_client, account, groups=[group(Role.CASE_MANAGER).pk])  # dropping other roles at once
        account.refresh_from_db()
        change(admin_client, account, is_active=None)  # disable, then re-enable
        account.refresh_from_db()
        change(admin_client, account, is_active="on")
        account.refresh_from_db()
    # Fields the form does not offer are ignored, whatever is posted.
    change(
        admin_client,
        account,
        is_superuser="on",
        is_staff="on",
        user_permissions=[p.pk for p in Permission.objects.filter(codename__in=["change_case", "view_case"])],
    )
    admin_client.post(
        f"/admin/users/user/{account.pk}/password/",
        {"password1": ADMIN_KNOWS, "password2": ADMIN_KNOWS, "usable_password": "true"},
    )
    admin_client.post(
        reverse("admin:users_user_changelist"), {"action": "reset_two_factor", "_selected_action": [account.pk]}
    )
    # Roles' permissions, the requests themselves, the site configuration.
    case_managers = group(Role.CASE_MANAGER)
    admin_client.post(
        reverse("admin:auth_group_change", args=[case_managers.pk]), {"name": case_managers.name, "permissions": []}
    )
    admin_client.post(
        reverse("admin:auth_group_change", args=[group(Role.SITE_ADMIN).pk]),
        {
            "name": Role.SITE_ADMIN.label,
            "permissions": [p.pk for p in Permission.objects.filter(codename="change_case")],
        },
    )
    for pending in AccessRequest.objects.filter(status="pending"):
        admin_client.post(reverse("accounts:request-decide", args=[pending.public_id]), {"decision": "approve"})
        admin_client.post(reverse("admin:users_accessrequest_change", args=[pending.pk]), {"status": "approved"})
    config = admin_client.get(reverse("admin:system_siteconfiguration_changelist"))["Location"]
    admin_client.post(
        config,
        {
            "program_capacity": "80",
            "caseload_limit": "25",
            "in_the_wind_days": "14",
            "cost_per_booking": "1",
            "cost_per_jail_day": "1",
            "jail_days_per_booking": "1",
            "cost_per_prosecution": "1",
            "public_reports": "on",
            "training_required": "on",
        },
    )


def assert_no_clinical_access(user, case):
    user = User.objects.get(pk=user.pk)
    assert not (user.roles & CASE_CONTENT_ROLES)
    assert not clinical_cases(user).exists()
    client = signed_in_client(user)
    for name in ["cases:case-assessment", "cases:case-detail", "cases:case-plan"]:
        assert client.get(reverse(name, args=[case.public_id])).status_code in {302, 403, 404}


def test_the_administrator_cannot_reach_clinical_content_by_any_sequence_of_admin_actions(
    personas, admin_client, provider, case
):
    admin_user = personas[Role.SITE_ADMIN]
    add = admin_client.post(
        reverse("admin:users_user_add"),
        {
            "username": "puppet",
            "usable_password": "true",
            "password1": ADMIN_KNOWS,
            "password2": ADMIN_KNOWS,
            "agency": provider.pk,
            "groups": [group(Role.CASE_MANAGER).pk],
        },
    )
    assert add.status_code == 302
    puppet = User.objects.get(username="puppet")
    for _ in range(2):  # and once more, now that requests are pending
        every_admin_action(admin_client, admin_user, provider, own=True)
        every_admin_action(admin_client, puppet, provider)
    # Last, the administrator gives up the role to become a case manager: they lose the admin.
    change(admin_client, admin_user, groups=[group(Role.CASE_MANAGER).pk])
    assert admin_client.get(reverse("admin:index")).status_code == 403
    assert_no_clinical_access(admin_user, case)
    assert_no_clinical_access(puppet, case)
    assert not Group.objects.get(name=Role.SITE_ADMIN.label).permissions.filter(codename="change_case").exists()
    assert AccessRequest.objects.filter(status="pending").exists()
    assert not AccessRequest.objects.exclude(status="pending").exists()


def test_a_puppet_approved_by_the_director_is_no_longer_the_administrators(personas, admin_client, provider, case):
    admin_client.post(
        reverse("admin:users_user_add"),
        {
            "username": "puppet",
            "usable_password": "true",
            "password1": ADMIN_KNOWS,
            "password2": ADMIN_KNOWS,
            "agency": provider.pk,
            "groups": [group(Role.CASE_MANAGER).pk],
        },
    )
    puppet = User.objects.get(username="puppet")
    # The administrator signs in as the puppet first: a session, an authenticator, recovery codes.
    puppet_session = signed_in_client(puppet)
    StaticDevice.objects.create(user=puppet, name="Recovery codes")
    pending = AccessRequest.objects.get(user=puppet)
    response = signed_in_client(personas[Role.DIRECTOR]).post(
        reverse("accounts:request-decide", args=[pending.public_id]), {"decision": "approve"}
    )
    assert response.context["password"]  # shown to the director only
    puppet.refresh_from_db()
    assert Role.CASE_MANAGER in puppet.roles
    assert not puppet.check_password(ADMIN_KNOWS)
    assert not TOTPDevice.objects.filter(user=puppet).exists() and not StaticDevice.objects.filter(user=puppet).exists()
    assert puppet_session.get(reverse("cases:case-assessment", args=[case.public_id])).status_code == 302  # signed out


# The history pages of simple-history: "Revert" saves the posted form and its groups directly
# (form.save_m2m), without the user form's approval step.


def history_form(admin_client, user, **changes):
    version = user.history.order_by("-history_id").first()
    url = reverse("admin:users_user_simple_history", args=[user.pk, version.history_id])
    return admin_client.post(url, user_form(user, **changes))


def test_reverting_an_account_in_its_history_grants_no_role_and_is_refused(
    personas, admin_client, admin_user, provider
):
    response = history_form(admin_client, admin_user, groups=[group(Role.DIRECTOR).pk], agency=provider.pk)
    admin_user = User.objects.get(pk=admin_user.pk)
    assert admin_user.held_roles() == {Role.SITE_ADMIN} and admin_user.agency != provider
    assert response.status_code == 403
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.DENIED, detail__contains="history").exists()


def test_reverting_a_puppet_in_its_history_grants_no_role(personas, admin_client, provider):
    puppet = UserFactory(username="puppet", agency=None)
    history_form(admin_client, puppet, groups=[group(Role.CASE_MANAGER).pk], agency=provider.pk)
    history_form(admin_client, puppet, groups=[group(Role.SITE_ADMIN).pk], is_supervisor="on")
    puppet = User.objects.get(pk=puppet.pk)
    assert not puppet.held_roles() and not puppet.is_supervisor


@pytest.mark.parametrize("model", ["agencies_agency", "system_siteconfiguration"])
def test_the_other_history_pages_revert_nothing_either(personas, admin_client, provider, model):
    from lead.system.models import SiteConfiguration

    obj = provider if model == "agencies_agency" else SiteConfiguration.current()
    obj.save()  # a version to open
    version = obj.history.order_by("-history_id").first()
    url = reverse(f"admin:{model}_simple_history", args=[obj.pk, version.history_id])
    assert admin_client.get(url).status_code == 200  # reading an old version is fine
    assert admin_client.post(url, {}).status_code == 403


@pytest.mark.parametrize(
    "object_id, version_id", [("abc", "1"), ("1", "abc"), ("1", "99999999999999999999"), ("1", "1%00")]
)
def test_a_history_address_that_names_no_version_is_a_404(admin_client, object_id, version_id):
    assert admin_client.get(f"/admin/users/user/{object_id}/history/{version_id}/").status_code == 404


def test_the_administrator_cannot_hand_an_agencys_files_to_another_prosecuting_office(personas, admin_client):
    police = personas[Role.OFFICER].agency
    police.prosecuting_office = personas[Role.PROSECUTOR].agency
    police.save()
    other_office = type(police).objects.create(name="Far County District Attorney", kind=type(police).Kind.PROSECUTOR)
    url = reverse("admin:agencies_agency_change", args=[police.pk])
    assert 'name="prosecuting_office"' not in admin_client.get(url).content.decode()
    admin_client.post(
        url,
        {
            "name": police.name,
            "kind": police.kind,
            "prosecuting_office": other_office.pk,
            "diversion_stage": police.diversion_stage,
            "is_active": "on",
        },
    )
    police.refresh_from_db()
    assert police.prosecuting_office == personas[Role.PROSECUTOR].agency
