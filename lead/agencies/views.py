from django.shortcuts import render

from lead import access
from lead.agencies.selectors import agency_staff


def agency_detail(request, public_id):
    agency = access.get_visible(request, "agency", public_id=public_id)
    return render(request, "agencies/detail.html", {"agency": agency, "staff": agency_staff(agency)})
