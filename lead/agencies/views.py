from django.shortcuts import render

from lead import access
from lead.agencies.selectors import agencies_visible_to, agency_staff


def agency_detail(request, public_id):
    agency = agencies_visible_to(request.user).filter(public_id=public_id).first()
    if agency is None:
        raise access.not_found(request, "agency out of scope or missing", "agencies.agency", str(public_id))
    return render(request, "agencies/detail.html", {"agency": agency, "staff": agency_staff(agency)})
