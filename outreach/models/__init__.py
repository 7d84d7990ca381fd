from outreach.models.community import Activity, CLTMember, Feedback, MonthlyReport  # noqa: F401
from outreach.models.engagement import Assignment  # noqa: F401
from outreach.models.training import TrainingAttendance, TrainingSession  # noqa: F401
