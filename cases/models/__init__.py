from cases.models.care import (  # noqa: F401
    CLINICAL_MODELS,
    ActionStep,
    Appointment,
    Assessment,
    CaseNote,
    Consent,
    Contact,
    CurrentService,
    Domain,
    Goal,
    InitialScreening,
    ProgressSummary,
    ReleaseOfInformation,
    ServicePlan,
)
from cases.models.cover import BREAK_GLASS_WINDOW, COVERAGE_MAX_DAYS, BreakGlass, Coverage  # noqa: F401
from cases.models.deadlines import DeadlineNotice, SweepRun  # noqa: F401
from cases.models.determinations import Determination  # noqa: F401
from cases.models.referrals import (  # noqa: F401
    Case,
    ChargingHold,
    IntakeDraft,
    OnCallShift,
    Participant,
    ParticipantName,
    ReferenceCounter,
    Referral,
    end_of_day,
    reference_format,
)
