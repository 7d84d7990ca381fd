"""What the access log says of outreach's records its lines are about (lead/audit/records.py): a
CLT member by name, an activity by its title and day, feedback by its day and topic, a monthly
report by its month, a training session by its topic and day, each in one query and linked to its
page where the reader may open it. Registered by OutreachConfig.ready."""

from lead import access
from lead.audit import records
from outreach.models import Activity, CLTMember, Feedback, MonthlyReport, TrainingSession

records.register(
    "outreach.cltmember",
    records.by_public_id(
        CLTMember, "outreach:clt-member", ["name"], lambda name: f"CLT member {name}", allows=access.allows
    ),
)
records.register(
    "outreach.activity",
    records.by_public_id(
        Activity,
        "outreach:activity",
        ["title", "held_on"],
        lambda title, held_on: f"Activity “{title}”, {held_on}",
        allows=access.allows,
    ),
)
records.register(
    "outreach.feedback",
    records.by_public_id(
        Feedback,
        "outreach:feedback",
        ["received_on", "topic"],
        lambda received_on, topic: f"Community feedback of {received_on} ({Feedback.Topic(topic).label.lower()})",
        allows=access.allows,
    ),
)
records.register(
    "outreach.monthlyreport",
    records.by_public_id(
        MonthlyReport,
        "outreach:report",
        ["month"],
        lambda month: f"Monthly report for {month:%B %Y}",
        allows=access.allows,
    ),
)
records.register(
    "outreach.trainingsession",
    records.by_public_id(
        TrainingSession,
        "outreach:training",
        ["topic", "held_on"],
        lambda topic, held_on: f"Training “{TrainingSession.Topic(topic).label}”, {held_on}",
        allows=access.allows,
    ),
)
