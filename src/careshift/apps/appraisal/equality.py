"""Equality impact assessment: the rows every assessment has, and the age, deprivation and rurality rows
pre-filled from the access results (compared with the county's people as a whole).

Characteristics: the nine protected by the Equality Act 2010 (s.4), then deprivation, rurality and carers,
which NHS equality and health inequalities assessments add.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from careshift.apps.appraisal.models import EqualityAssessment, EqualityRow, Option
from careshift.errors import ValidationError

CHARACTERISTICS = (
    "Age",
    "Disability",
    "Gender reassignment",
    "Marriage and civil partnership",
    "Pregnancy and maternity",
    "Race",
    "Religion or belief",
    "Sex",
    "Sexual orientation",
    "Deprivation",
    "Rurality",
    "Carers",
)
PREFILLED = ("Age", "Deprivation", "Rurality")
TOLERANCE_POINTS = 2.0  # a gap of more than 2 percentage points within 30 minutes is called an impact


def _impact(group_share: float, everyone_share: float) -> str:
    gap = 100 * (group_share - everyone_share)
    if gap > TOLERANCE_POINTS:
        return EqualityRow.Impact.POSITIVE
    if gap < -TOLERANCE_POINTS:
        return EqualityRow.Impact.NEGATIVE
    return EqualityRow.Impact.NEUTRAL


def prefill(option: Option) -> dict[str, tuple[str, str]]:
    """Impact and evidence in words for the age, deprivation and rurality rows of ``option``."""
    from careshift.apps.appraisal.access import appraisal_basis, option_access, small_areas

    if not option.site_codes:
        return {}
    result = option_access(list(option.site_codes), appraisal_basis(option.appraisal))
    travel = result.basis.label
    everyone = result.county.share_within[30.0]
    old = result.county_over_75.share_within[30.0]
    most = result.by_quintile.get("Quintile 1 (most deprived)")
    areas = small_areas()
    rural = areas["rural"].to_numpy()
    people = areas["population"].to_numpy()
    rural_share = float(people[rural & (result.minutes <= 30)].sum() / max(people[rural].sum(), 1.0))
    rows = {
        "Age": (
            _impact(old, everyone),
            f"{100 * old:.0f}% of people aged 75 and over live within 30 minutes of a site {travel}, "
            f"against {100 * everyone:.0f}% of everyone.",
        ),
        "Rurality": (
            _impact(rural_share, everyone),
            f"{100 * rural_share:.0f}% of people in rural small areas live within 30 minutes {travel}, "
            f"against {100 * everyone:.0f}% of everyone (rural: fewer than 1,000 residents per km², an "
            "assumption).",
        ),
    }
    if most is not None:
        share = most.share_within[30.0]
        rows["Deprivation"] = (
            _impact(share, everyone),
            f"{100 * share:.0f}% of people in the most deprived fifth of small areas (IMD 2025) live within "
            f"30 minutes {travel}, against {100 * everyone:.0f}% of everyone.",
        )
    return rows


@transaction.atomic
def start_assessment(option: Option) -> EqualityAssessment:
    """A new version of the option's assessment: the last version's text carried forward, the pre-filled
    rows recomputed from today's results."""
    last = option.equality_assessments.first()
    if last is not None and not last.is_signed_off:
        return last
    assessment = EqualityAssessment.objects.create(option=option, version=(last.version + 1) if last else 1)
    previous = {r.characteristic: r for r in last.rows.all()} if last else {}
    filled = prefill(option)
    for position, name in enumerate(CHARACTERISTICS):
        old = previous.get(name)
        impact, evidence = filled.get(
            name, (old.impact if old else EqualityRow.Impact.UNKNOWN, old.evidence if old else "")
        )
        EqualityRow.objects.create(
            assessment=assessment,
            characteristic=name,
            impact=impact,
            evidence=evidence,
            mitigation=old.mitigation if old else "",
            prefilled=name in filled,
            position=position,
        )
    return assessment


def sign_off(assessment: EqualityAssessment, user: object) -> None:
    unknown = [r.characteristic for r in assessment.rows.all() if r.impact == EqualityRow.Impact.UNKNOWN]
    if unknown:
        raise ValidationError(
            f"The impact on {', '.join(unknown)} is not yet known.",
            hint="Record an impact (positive, neutral or negative) with evidence for every row, "
            "then sign off.",
        )
    negative = [
        r.characteristic
        for r in assessment.rows.all()
        if r.impact == EqualityRow.Impact.NEGATIVE and not r.mitigation.strip()
    ]
    if negative:
        raise ValidationError(
            f"A negative impact on {', '.join(negative)} has no mitigation.",
            hint="Say how each negative impact will be reduced, then sign off.",
        )
    assessment.signed_off_by = user  # type: ignore[assignment]
    assessment.signed_off_at = timezone.now()
    assessment.save(update_fields=["signed_off_by", "signed_off_at"])
