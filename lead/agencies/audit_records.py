"""What the access log says of the agencies its lines are about (lead/audit/records.py): the
agency's name, linked to its page. Registered by AgenciesConfig.ready."""

from lead import access
from lead.agencies.models import Agency
from lead.audit import records

records.register(
    "agencies.agency", records.by_public_id(Agency, "agencies:detail", ["name"], str, allows=access.allows)
)
