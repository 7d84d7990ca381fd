from datetime import datetime

from lead.system.models import Heartbeat


def heartbeat_record(*, name: str = "worker", now: datetime) -> Heartbeat:
    heartbeat, _ = Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": now})
    return heartbeat
