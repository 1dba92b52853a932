"""Reading what the index should hold from the database, in batches."""

import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator
from operator import itemgetter

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from casefile.auth.models import User
from casefile.correspondence.models import Correspondence
from casefile.documents.models import Document
from casefile.matters.models import Invoice, Matter
from casefile.search.schema import (
    ItemRecord,
    MatterFacts,
    item_content,
    item_document,
    matter_content,
    matter_document,
)


def matter_facts(
    session: Session, matter_ids: Iterable[int]
) -> dict[int, tuple[MatterFacts, object]]:
    """matter id -> (facts, placed_on) for the matters that exist."""
    ids = sorted(set(matter_ids))
    if not ids:
        return {}
    invoices: dict[int, list[str]] = defaultdict(list)
    for matter_id, number in session.execute(
        select(Invoice.matter_id, Invoice.number)
        .where(Invoice.matter_id.in_(ids))
        .order_by(Invoice.matter_id, Invoice.id)
    ):
        invoices[matter_id].append(number)
    found = {}
    for m in session.execute(
        select(
            Matter.id,
            Matter.client_id,
            Matter.reference,
            Matter.client_reference,
            Matter.debtor_name,
            Matter.party_names,
            Matter.stage,
            Matter.attorney_id,
            Matter.paralegal_id,
            Matter.placed_on,
        ).where(Matter.id.in_(ids))
    ):
        names = m.party_names or m.debtor_name or ""
        facts = MatterFacts(
            matter_id=m.id,
            client_id=m.client_id,
            reference=m.reference,
            client_reference=m.client_reference or "",
            debtor=names,
            stage=m.stage.value,
            staff_ids=tuple(i for i in (m.attorney_id, m.paralegal_id) if i),
            invoices=tuple(invoices[m.id]),
        )
        found[m.id] = (facts, m.placed_on)
    return found


def item_records(
    session: Session, items: list[Correspondence], facts: dict[int, tuple[MatterFacts, object]]
) -> list[ItemRecord]:
    ids = [item.id for item in items]
    attachments: dict[int, list[str]] = defaultdict(list)
    if ids:
        for correspondence_id, filename, text in session.execute(
            select(Document.correspondence_id, Document.filename, Document.text)
            .where(Document.correspondence_id.in_(ids))
            .order_by(Document.id)
        ):
            attachments[correspondence_id].append(f"{filename}\n{text}".strip())
    authors = dict(
        session.execute(
            select(User.id, User.name).where(
                User.id.in_({i.author_id for i in items if i.author_id})
            )
        ).all()
    )
    return [
        ItemRecord(
            id=item.id,
            matter=facts[item.matter_id][0],
            channel=item.channel.value,
            direction=item.direction,
            day=item.occurred_at.date(),
            author=authors.get(item.author_id, ""),
            subject=item.subject or (item.call_outcome.label if item.call_outcome else ""),
            body="\n".join(
                part for part in (item.sender, item.recipients, item.phone, item.body) if part
            ),
            attachments=tuple(attachments[item.id]),
            client_visible=item.client_visible,
        )
        for item in items
        if item.matter_id in facts
    ]


def documents_for(
    session: Session, matter_ids: Iterable[int], item_ids: Iterable[int]
) -> tuple[list[dict], set[int]]:
    """Index documents for whole matters (the matter and all its items) and for single items.

    Returns the documents and the ids of matters that no longer exist."""
    matter_ids, item_ids = set(matter_ids), set(item_ids)
    items = list(
        session.scalars(
            select(Correspondence).where(
                Correspondence.matter_id.in_(matter_ids) | Correspondence.id.in_(item_ids)
            )
        )
    )
    facts = matter_facts(session, matter_ids | {i.matter_id for i in items})
    documents = [matter_document(*facts[m]) for m in matter_ids if m in facts]
    documents += [item_document(r) for r in item_records(session, items, facts)]
    return documents, matter_ids - set(facts)


def all_documents(session: Session, batch: int = 2000) -> Iterator[dict]:
    """Every document the index should hold, newest first by the day it is dated, so each
    segment a rebuild writes runs from its newest entry to its oldest: a search sorted by date
    then reads only the first matches of such a segment, and the matches ranked within
    `MATCH_BUDGET` are the newest."""
    return heapq.merge(
        _matters_newest_first(session, batch),
        _items_newest_first(session, batch),
        key=itemgetter("day"),
        reverse=True,
    )


def _matters_newest_first(session: Session, batch: int) -> Iterator[dict]:
    for ids in _newest_first(session, Matter.placed_on, Matter.id, batch):
        facts = matter_facts(session, ids)
        yield from (matter_document(*facts[matter_id]) for matter_id in ids)


def _items_newest_first(session: Session, batch: int) -> Iterator[dict]:
    for ids in _newest_first(session, Correspondence.occurred_at, Correspondence.id, batch):
        items = list(session.scalars(select(Correspondence).where(Correspondence.id.in_(ids))))
        items.sort(key=lambda item: (item.occurred_at, item.id), reverse=True)
        facts = matter_facts(session, {item.matter_id for item in items})
        yield from map(item_document, item_records(session, items, facts))
        session.expunge_all()


def _newest_first(session: Session, when, key, batch: int) -> Iterator[list[int]]:
    """Ids in batches, newest first by `when` (then by id), each batch read from where the last
    one ended (keyset paging: no batch rescans what came before)."""
    last = None
    while True:
        newest = select(when.label("when"), key.label("id")).order_by(when.desc(), key.desc())
        if last is not None:
            newest = newest.where(or_(when < last.when, and_(when == last.when, key < last.id)))
        rows = session.execute(newest.limit(batch)).all()
        if not rows:
            return
        yield [row.id for row in rows]
        last = rows[-1]


def item_text(session: Session, item_ids: Iterable[int]) -> dict[str, str]:
    """key -> the exact `content` string indexed for these items (highlights are cut from it)."""
    items = list(
        session.scalars(select(Correspondence).where(Correspondence.id.in_(set(item_ids))))
    )
    facts = matter_facts(session, {i.matter_id for i in items})
    return {
        f"c{r.id}": item_content(r.subject, r.body, r.attachments, r.matter)
        for r in item_records(session, items, facts)
    }


def matter_text(session: Session, matter_ids: Iterable[int]) -> dict[str, str]:
    return {f"m{m}": matter_content(f) for m, (f, _) in matter_facts(session, matter_ids).items()}
