"""What the OWG's forms share: the date input, required-field messages, the people who sit on the OWG."""

from django import forms

from lead.roles import Role
from lead.users.models import User
from owg.models import Decision

Outcome = Decision.Outcome
DATE = forms.DateInput(attrs={"type": "date"})


def required(message: str) -> dict:
    return {"required": message, "invalid": "Enter a real value."}


def owg_people():
    """Users who may sit on the OWG (policy VIIII.A)."""
    labels = [r.label for r in (Role.DIRECTOR, Role.OFFICER, Role.CASE_MANAGER, Role.PROSECUTOR, Role.DEFENDER)]
    return (
        User.objects.filter(is_active=True, groups__name__in=labels)
        .distinct()
        .select_related("agency")
        .order_by("last_name", "first_name")
    )


class PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return f"{user.get_full_name()}, {user.agency.name if user.agency else 'no agency'}"


class PersonSelect(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.get_full_name()}, {user.agency.name if user.agency else 'no agency'}"
