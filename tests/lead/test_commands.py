import pytest
from django.core.management import CommandError, call_command

from lead.audit.models import AccessEvent
from lead.roles import Role
from lead.users.models import User


def test_create_site_admin_makes_an_administrator_who_is_no_superuser(db, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt: "harbor lantern quiet morning")
    call_command("create_site_admin", "alice")
    alice = User.objects.get(username="alice")
    assert alice.roles == {Role.SITE_ADMIN}
    assert not alice.is_superuser
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.PERMISSION_CHANGE, detail__contains="alice").exists()


def test_create_site_admin_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt: "short")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_site_admin", "alice")
    assert not User.objects.filter(username="alice").exists()
