"""The engagement app's models: the stakeholder register and plan, the calendar's configurable windows,
consultations with their questionnaires and responses, and the theme analysis that closes the loop."""

from careshift.apps.engagement.models.analysis import Action, Code, Decision, Theme
from careshift.apps.engagement.models.consultations import (
    Answer,
    Consultation,
    Phase,
    Question,
    Respondent,
    Response,
)
from careshift.apps.engagement.models.membership import Member
from careshift.apps.engagement.models.plan import (
    Activity,
    Document,
    DocumentVersion,
    ElectionWindow,
    PlannedItem,
)
from careshift.apps.engagement.models.stakeholders import (
    Category,
    Commitment,
    Interaction,
    Relationship,
    ScoreChange,
    Stakeholder,
    Topic,
)

__all__ = [
    "Action",
    "Activity",
    "Answer",
    "Category",
    "Code",
    "Commitment",
    "Consultation",
    "Decision",
    "Document",
    "DocumentVersion",
    "ElectionWindow",
    "Interaction",
    "Member",
    "Phase",
    "PlannedItem",
    "Question",
    "Relationship",
    "Respondent",
    "Response",
    "ScoreChange",
    "Stakeholder",
    "Theme",
    "Topic",
]
