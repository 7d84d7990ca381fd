from owg.models.criminal import ChargeFiling, CriminalCase  # noqa: F401
from owg.models.meetings import AddedItem, Attendance, Decision, Flag, Meeting, Workgroup  # noqa: F401
