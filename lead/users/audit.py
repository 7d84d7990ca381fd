from simple_history.models import HistoricalRecords

from lead.audit.models import AccessEvent
from lead.audit.services import access_event_record
from lead.users.models import User


def record_role_change(sender, instance, action, pk_set, model, **kwargs):
    """Write a permission change to the access log whenever a user's role groups change."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not isinstance(instance, User):  # group.user_set.add(...) names users, not groups
        return
    names = sorted(model.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    request = getattr(HistoricalRecords.context, "request", None)
    access_event_record(
        request=request,
        kind=AccessEvent.Kind.PERMISSION_CHANGE,
        obj=instance,
        detail=f"roles {verb} for {instance.username}: {', '.join(names) or 'all'}",
    )
