from django.contrib import admin

from lead.admin_site import HistoryAdmin
from lead.agencies.models import Agency
from lead.forms import BoundedModelForm
from lead.validation import validate_name


class AgencyForm(BoundedModelForm):
    class Meta:
        model = Agency
        fields = "__all__"

    def clean_name(self):
        # People pick agencies by name (the user form, a referral's "from"): two must never look
        # alike, so no invisible characters either, as in people's names.
        name = self.cleaned_data["name"]
        validate_name(name)
        return name


@admin.register(Agency)
class AgencyAdmin(HistoryAdmin):
    form = AgencyForm
    list_display = [
        "name",
        "kind",
        "jurisdiction",
        "criteria_set",
        "diversion_stage",
        "prosecuting_office",
        "is_active",
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "jurisdiction"]

    def get_readonly_fields(self, request, obj=None):
        # Separation of duties: an agency's prosecuting office reads all of the agency's
        # screenings and referrals, past ones too. Set when the agency is added; changing it
        # later would let the administrator alone open an agency's files to another office, so
        # it is done by the database administrator with the project director's written approval.
        return ["prosecuting_office"] if obj is not None else []
