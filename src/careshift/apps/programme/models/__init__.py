"""The programme office's records: structure, delivery, RAID, money and benefits, and status reports."""

from careshift.apps.programme.models.delivery import (
    Action,
    Artefact,
    ConfidenceAssessment,
    Decision,
    Milestone,
)
from careshift.apps.programme.models.money import (
    Benefit,
    BenefitValue,
    ResourceCost,
    SavingsLine,
    SavingsMonth,
)
from careshift.apps.programme.models.raid import RaidItem
from careshift.apps.programme.models.reports import BoardMeeting, BoardPackFile, StatusReport
from careshift.apps.programme.models.structure import (
    LOCALITIES,
    Programme,
    Project,
    SavingsTarget,
    Stage,
    Workstream,
)

__all__ = [
    "LOCALITIES",
    "Action",
    "Artefact",
    "Benefit",
    "BenefitValue",
    "BoardMeeting",
    "BoardPackFile",
    "ConfidenceAssessment",
    "Decision",
    "Milestone",
    "Programme",
    "Project",
    "RaidItem",
    "ResourceCost",
    "SavingsLine",
    "SavingsMonth",
    "SavingsTarget",
    "Stage",
    "StatusReport",
    "Workstream",
]
