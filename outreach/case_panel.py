"""The outreach panel of the case page (templates/outreach/case_panel.html), registered with
cases in OutreachConfig.ready (cases/registry.py): who is asked to find the participant, and
the form to ask an outreach specialist."""

from cases.models import Case
from cases.registry import CasePanel
from lead import access
from outreach.forms.engagement import AssignForm
from outreach.models import Assignment


def panel_context(user, case: Case) -> dict:
    return {
        "outreach": list(Assignment.objects.filter(case=case, ended_at__isnull=True).select_related("specialist")),
        "assign_form": AssignForm() if case.is_open and access.allows(user, "outreach:assign", "POST") else None,
    }


PANEL = CasePanel(template="outreach/case_panel.html", context=panel_context)
