"""Personal information in free text: find it and redact it before anything is published.

Rule-based, offline and explainable: each :class:`PiiMatch` names its kind, so a reviewer sees why a
span was hidden. Kinds: e-mail addresses, UK telephone numbers, NHS numbers (ten digits passing the
modulus 11 check, NHS Data Dictionary), UK postcodes (the Royal Mail pattern), dates that look like a
date of birth, and people's names where the text marks them ("my name is ...", a title such as
"Dr", "Mrs", "nurse" followed by a capitalised word, or a capitalised word after "called"/"named").
It favours recall: an analyst can un-redact a false alarm, but a published name cannot be unpublished.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
PHONE = re.compile(r"(?<!\d)(?:\+44\s?|0)(?:\d\s?){9,10}(?!\d)")
NHS_NUMBER = re.compile(r"(?<!\d)(\d{3})[\s-]?(\d{3})[\s-]?(\d{4})(?!\d)")
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
BIRTH_DATE = re.compile(
    r"\b(?:born|dob|d\.o\.b\.?|date of birth)\W{0,3}\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b", re.IGNORECASE
)
_NAME = r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?(?:\s[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?)?"
TITLED_NAME = re.compile(rf"\b(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Nurse|Sister|Prof|Professor)\.?\s({_NAME})")
INTRODUCED_NAME = re.compile(rf"\b(?:[Mm]y name is|[Cc]alled|[Nn]amed|I am|I'm)\s({_NAME})")
NOT_NAMES = frozenset(
    {
        "The",
        "A",
        "An",
        "I",
        "It",
        "This",
        "That",
        "Very",
        "So",
        "Not",
        "Happy",
        "Sorry",
        "Grateful",
        "Thank",
        "Thanks",
        "Unable",
        "Now",
        "Still",
        "Just",
        "Also",
        "Really",
    }
)
PLACEHOLDER = {
    "email": "[email]",
    "phone": "[phone]",
    "nhs_number": "[NHS number]",
    "postcode": "[postcode]",
    "birth_date": "[date of birth]",
    "name": "[name]",
}


@dataclass(frozen=True)
class PiiMatch:
    kind: str
    start: int
    end: int
    text: str


def nhs_number_valid(digits: str) -> bool:
    """The NHS number modulus 11 check: weights 10..2 on the first nine digits."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    remainder = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    check = 11 - remainder
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _names(text: str) -> list[PiiMatch]:
    found = []
    for pattern in (TITLED_NAME, INTRODUCED_NAME):
        for m in pattern.finditer(text):
            name = m.group(1)
            if name.split()[0] in NOT_NAMES:
                continue
            found.append(PiiMatch("name", m.start(1), m.end(1), name))
    return found


def find_pii(text: str) -> list[PiiMatch]:
    """Every personal-information span in ``text``, in order, overlaps merged (the earlier wins)."""
    found: list[PiiMatch] = [PiiMatch("email", m.start(), m.end(), m.group()) for m in EMAIL.finditer(text)]
    for m in NHS_NUMBER.finditer(text):
        if nhs_number_valid("".join(m.groups())):
            found.append(PiiMatch("nhs_number", m.start(), m.end(), m.group()))
    found += [PiiMatch("phone", m.start(), m.end(), m.group().strip()) for m in PHONE.finditer(text)]
    found += [PiiMatch("postcode", m.start(), m.end(), m.group()) for m in POSTCODE.finditer(text)]
    found += [PiiMatch("birth_date", m.start(), m.end(), m.group()) for m in BIRTH_DATE.finditer(text)]
    found += _names(text)
    merged: list[PiiMatch] = []
    for match in sorted(found, key=lambda p: (p.start, -p.end)):
        if merged and match.start < merged[-1].end:
            continue
        merged.append(match)
    return merged


def redact(text: str, matches: list[PiiMatch] | None = None) -> str:
    """``text`` with each personal-information span replaced by a placeholder naming its kind."""
    spans = find_pii(text) if matches is None else matches
    out, position = [], 0
    for match in spans:
        out.append(text[position : match.start])
        out.append(PLACEHOLDER[match.kind])
        position = match.end
    out.append(text[position:])
    return "".join(out)
