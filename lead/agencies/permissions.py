"""The scoped lookup of agencies (docs/access.md), registered with lead.access. Loaded by
AgenciesConfig.ready."""

from lead import access
from lead.agencies.selectors import agencies_visible_to

access.register_kind(
    "agency", visible_to=agencies_visible_to, log_as="agencies.agency", missing="agency out of scope or missing"
)
