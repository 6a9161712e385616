"""What a board pack shows of a long list: the first few items in the order a board reads them, and how
many were left out, so that a capped table or list can end with "and 312 more" instead of dropping
rows silently.

A pack for 60 projects would otherwise list every milestone and every risk (hundreds of rows: more to
read than a board can, and minutes for the PDF renderer). The full lists stay on the programme's pages
and in its XLSX export; the pack says so wherever it stops.

- :func:`shortlist` keeps the first ``limit`` items by a sort key and remembers the total;
- :func:`change_lines` turns one project's changes since its last locked report into sentences, the most
  important first (delivery confidence, new risks by residual score, rescored risks, slipped milestones by
  days, closed risks, theme ratings, savings movement).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from careshift.analysis.programme.ratings import CONFIDENCE_LABELS, Confidence, Rag
from careshift.analysis.programme.snapshots import SAVINGS_MEASURES, Changes

T = TypeVar("T")


@dataclass(frozen=True)
class Shortlist(Generic[T]):
    """The items shown (``rows``) and how many there were in all (``total``)."""

    rows: tuple[T, ...]
    total: int

    def __post_init__(self) -> None:
        if self.total < len(self.rows):
            raise ValueError(f"A shortlist of {len(self.rows)} rows cannot come from {self.total} items")

    @property
    def more(self) -> int:
        """How many items were left out."""
        return self.total - len(self.rows)

    def __iter__(self) -> Iterator[T]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> T:
        return self.rows[index]

    def __bool__(self) -> bool:
        return bool(self.rows)


def shortlist(items: Iterable[T], limit: int, key: Callable[[T], Any] | None = None) -> Shortlist[T]:
    """The first ``limit`` of ``items`` (sorted by ``key`` if given; stable), with the total count."""
    if limit < 0:
        raise ValueError(f"A shortlist's limit is 0 or more, not {limit}")
    ordered = sorted(items, key=key) if key is not None else list(items)
    return Shortlist(tuple(ordered[:limit]), len(ordered))


def change_lines(changes: Changes, money: Callable[[float], str]) -> list[str]:
    """One project's changes as sentences, the most important first (see the module docstring)."""
    confidence = [c for c in changes.rating_changes if c.subject == "delivery confidence"]
    themes = [c for c in changes.rating_changes if c.subject != "delivery confidence"]
    new = sorted(changes.new_risks, key=lambda r: (-int(r["residual_score"]), str(r["ref"])))
    rescored = sorted(
        changes.rescored_risks, key=lambda rb: (-abs(int(rb[0]["residual_score"]) - rb[1]), str(rb[0]["ref"]))
    )
    slips = sorted(changes.slipped_milestones, key=lambda s: (-s.extra_days, s.ref))
    return [
        *(_rating_line(c.subject, c.before, c.after) for c in confidence),
        *(f"New risk {r['ref']} {r['title']} (residual {r['residual_score']})" for r in new),
        *(
            f"Risk {r['ref']} {r['title']} rescored from {before} to {r['residual_score']}"
            for r, before in rescored
        ),
        *(
            f"Milestone {s.ref} {s.name} slipped {s.extra_days} days (now {s.after_days} days late)"
            for s in slips
        ),
        *(f"Closed risk {r['ref']} {r['title']}" for r in changes.closed_risks),
        *(_rating_line(c.subject, c.before, c.after) for c in themes),
        *(
            f"Savings {SAVINGS_MEASURES.get(key, key.replace('_', ' '))} moved by {money(value)}"
            for key, value in changes.savings_movement.items()
            if value
        ),
    ]


def rating_label(value: str | None) -> str:
    """A delivery confidence or RAG code in words ("amber_red" is "Amber/Red"; nothing is "not rated")."""
    if not value:
        return "not rated"
    if value in set(Confidence):
        return CONFIDENCE_LABELS[Confidence(value)]
    if value in set(Rag):
        return Rag(value).label
    return value.replace("_", " ").capitalize()


def _rating_line(subject: str, before: str | None, after: str | None) -> str:
    return f"{subject[:1].upper()}{subject[1:]}: {rating_label(before)} to {rating_label(after)}"
