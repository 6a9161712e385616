"""Full-text search of the evidence bank, ranked best first, on whichever database careshift runs on.

What is searched: an item's title (weighted most), its summary and the outcomes of its effect sizes,
and its citation and tags (weighted least). Every word of the query must match, as a word or the start
of one, after stemming ("admission" finds "admissions"); punctuation is ignored, so a query can never
be a syntax error.

* **PostgreSQL**: ``django.contrib.postgres.search``: a weighted ``SearchVector`` (English
  configuration) over the fields above, a prefix ``SearchQuery`` and ``SearchRank`` to order by. The
  vector is computed at query time, which is quick for an evidence bank's hundreds of items.
* **SQLite**: an FTS5 virtual table ``appraisal_evidence_fts`` (Porter stemmer) created by migration
  0002 and kept in step by signals when an item or one of its effect sizes is saved or deleted;
  ``bm25`` orders the matches with the same column weights. :func:`rebuild` refills it (after a bulk
  load that bypassed the signals).
* Anything else, or an SQLite built without FTS5: every word must appear (case-insensitively) in one of
  the fields, and items whose title matches come first.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import OperationalError, connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from careshift.apps.appraisal.models import EffectSize, EvidenceItem

FTS_TABLE = "appraisal_evidence_fts"
MAX_WORDS = 10
MAX_RESULTS = 500
WEIGHTS = (10.0, 4.0, 1.0)  # title; summary and outcomes; citation and tags (bm25 column weights)
CREATE_FTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, summary, other, tokenize='porter unicode61')"
)


def words(query: str) -> list[str]:
    """The query's words (letters and digits), at most :data:`MAX_WORDS`."""
    return re.findall(r"\w+", query)[:MAX_WORDS]


def search(query: str) -> QuerySet[EvidenceItem]:
    """Evidence matching every word of ``query``, best match first."""
    terms = words(query)
    if not terms:
        return EvidenceItem.objects.none()
    if connection.vendor == "postgresql":
        return _postgres(terms)
    if connection.vendor == "sqlite":
        ranked = _sqlite_ids(terms)
        if ranked is not None:
            return _in_order(ranked)
    return _fallback(terms)


def method() -> str:
    """Which search the database gives, in words (shown under the search box)."""
    if connection.vendor == "postgresql":
        return "PostgreSQL full-text search"
    if connection.vendor == "sqlite" and _sqlite_ids(["x"]) is not None:
        return "SQLite FTS5 full-text search"
    return "word matching"


def _postgres(terms: list[str]) -> QuerySet[EvidenceItem]:
    from django.contrib.postgres.aggregates import StringAgg
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
    from django.db.models import OuterRef, Subquery

    outcomes = (
        EffectSize.objects.filter(evidence=OuterRef("pk"))
        .values("evidence")
        .annotate(text=StringAgg("outcome", " "))
        .values("text")
    )
    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", "outcomes", weight="B", config="english")
        + SearchVector("citation", "workstream_tags", "lever_tags", weight="C", config="english")
    )
    # words are letters and digits only, so the raw tsquery cannot be malformed
    query = SearchQuery(" & ".join(f"{t}:*" for t in terms), search_type="raw", config="english")
    return (
        EvidenceItem.objects.annotate(outcomes=Subquery(outcomes), document=vector)
        .filter(document=query)
        .annotate(rank=SearchRank(vector, query, weights=[0.1, 0.1, 0.4, 1.0]))  # D, C, B, A
        .order_by("-rank", "title")
        .prefetch_related("effects")[:MAX_RESULTS]
    )


def _fts_query(terms: list[str]) -> str:
    return " ".join(f'"{t}"*' for t in terms)  # quoted: FTS5 operators in the query are plain words


def _sqlite_ids(terms: list[str]) -> list[int] | None:
    """Matching ids best first, or None when the FTS5 table is missing (no FTS5 in this SQLite)."""
    sql = (
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
        f"ORDER BY bm25({FTS_TABLE}, {', '.join(map(str, WEIGHTS))}) LIMIT {MAX_RESULTS}"
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, [_fts_query(terms)])
            return [int(row[0]) for row in cursor.fetchall()]
    except OperationalError:
        return None


def _in_order(ids: list[int]) -> QuerySet[EvidenceItem]:
    if not ids:
        return EvidenceItem.objects.none()
    order = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)), output_field=IntegerField())
    return EvidenceItem.objects.filter(pk__in=ids).order_by(order).prefetch_related("effects")


def _fallback(terms: list[str]) -> QuerySet[EvidenceItem]:
    items = EvidenceItem.objects.all()
    for word in terms:
        items = items.filter(
            Q(title__icontains=word)
            | Q(citation__icontains=word)
            | Q(summary__icontains=word)
            | Q(workstream_tags__icontains=word)
            | Q(lever_tags__icontains=word)
            | Q(effects__outcome__icontains=word)
        )
    in_title = Q()
    for word in terms:
        in_title &= Q(title__icontains=word)
    first = Case(When(in_title, then=Value(0)), default=Value(1), output_field=IntegerField())
    return items.distinct().order_by(first, "title").prefetch_related("effects")


def document(item: Any, outcomes: list[str]) -> tuple[str, str, str]:
    """The three indexed columns of one item."""
    summary = " ".join([item.summary or "", *outcomes])
    other = " ".join([item.citation or "", item.workstream_tags or "", item.lever_tags or ""])
    return item.title or "", summary, other


def _write(cursor: Any, pk: int, columns: tuple[str, str, str]) -> None:
    cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [pk])
    cursor.execute(
        f"INSERT INTO {FTS_TABLE} (rowid, title, summary, other) VALUES (%s, %s, %s, %s)", [pk, *columns]
    )


def index(pk: int) -> None:
    """Bring one item's row in the FTS5 table up to date (remove it if the item is gone)."""
    if connection.vendor != "sqlite":
        return
    item = EvidenceItem.objects.filter(pk=pk).first()
    try:
        with connection.cursor() as cursor:
            if item is None:
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [pk])
                return
            outcomes = list(EffectSize.objects.filter(evidence_id=pk).values_list("outcome", flat=True))
            _write(cursor, pk, document(item, outcomes))
    except OperationalError:
        pass  # no FTS5 table: search falls back to word matching


def rebuild(evidence_model: Any = EvidenceItem, effect_model: Any = EffectSize) -> int:
    """Refill the FTS5 table from every item (SQLite only); returns the number indexed. Migration 0002
    passes its historical models."""
    if connection.vendor != "sqlite":
        return 0
    outcomes: dict[int, list[str]] = {}
    for evidence_id, outcome in effect_model.objects.values_list("evidence_id", "outcome"):
        outcomes.setdefault(evidence_id, []).append(outcome)
    items = list(evidence_model.objects.all())
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
        for item in items:
            _write(cursor, item.pk, document(item, outcomes.get(item.pk, [])))
    return len(items)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_item_changed, sender=EvidenceItem, dispatch_uid="evidence-fts-item-save")
    post_delete.connect(_item_changed, sender=EvidenceItem, dispatch_uid="evidence-fts-item-delete")
    post_save.connect(_effect_changed, sender=EffectSize, dispatch_uid="evidence-fts-effect-save")
    post_delete.connect(_effect_changed, sender=EffectSize, dispatch_uid="evidence-fts-effect-delete")


def _item_changed(sender: Any, instance: EvidenceItem, **kwargs: Any) -> None:
    index(instance.pk)


def _effect_changed(sender: Any, instance: EffectSize, **kwargs: Any) -> None:
    index(instance.evidence_id)
