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
    list_display = ["name", "kind", "jurisdiction", "criteria_set", "diversion_stage", "prosecuting_office", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "jurisdiction"]
