"""What an attorney needs to decide on a placement: the queue, conflicts and duplicates."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from casefile.clients.models import Client
from casefile.domain.names import name_key, name_keys
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.matters.models import Invoice, Matter, Party, PartyNameKey


def queue() -> list[Matter]:
    """Matters waiting for review, oldest placement first."""
    return list(
        db.session.scalars(
            select(Matter)
            .where(Matter.stage == Stage.INTAKE)
            .options(selectinload(Matter.client), selectinload(Matter.invoices))
            .order_by(Matter.created_at, Matter.id)
        )
    )


@dataclass(frozen=True)
class Conflict:
    """A name on the placement that meets a client of the firm or a party on another matter."""

    placed_name: str  # the name (or alias) on this placement
    found_name: str  # the name it met
    client: Client | None = None  # a client of the firm with that name
    party: Party | None = None  # or a party on another matter


def conflicts(matter: Matter) -> list[Conflict]:
    """Names on this placement that the firm already knows as a client or as another party."""
    placed = {
        key: name
        for party in matter.parties
        for name in [party.name, *party.alias_list]
        if (key := name_key(name))
    }
    found: list[Conflict] = []
    for client in db.session.scalars(select(Client).order_by(Client.name)):
        for key in name_keys([client.name]) & placed.keys():
            found.append(Conflict(placed[key], client.name, client=client))
    rows = db.session.execute(
        select(PartyNameKey.key, Party)
        .join(Party, Party.id == PartyNameKey.party_id)
        .where(PartyNameKey.key.in_(list(placed)), PartyNameKey.matter_id != matter.id)
        .options(selectinload(Party.matter).selectinload(Matter.client))
        .order_by(PartyNameKey.matter_id, Party.id)
    )
    for key, party in rows:
        found.append(Conflict(placed[key], party.name, party=party))
    return found


@dataclass(frozen=True)
class Duplicate:
    matter: Matter
    same_debtor: bool
    invoice_numbers: tuple[str, ...]  # invoice numbers both placements carry


def duplicates(matter: Matter) -> list[Duplicate]:
    """The client's other matters against the same debtor or with the same invoice numbers."""
    debtor_keys = {k for p in matter.parties for k in name_keys([p.name, *p.alias_list])}
    numbers = {invoice.number for invoice in matter.invoices}
    same_debtor = set(
        db.session.scalars(
            select(PartyNameKey.matter_id)
            .join(Matter, Matter.id == PartyNameKey.matter_id)
            .where(
                PartyNameKey.key.in_(list(debtor_keys)),
                Matter.client_id == matter.client_id,
                Matter.id != matter.id,
            )
        )
    )
    shared: dict[int, set[str]] = {}
    for other_id, number in db.session.execute(
        select(Invoice.matter_id, Invoice.number)
        .join(Matter, Matter.id == Invoice.matter_id)
        .where(
            Invoice.number.in_(numbers),
            Matter.client_id == matter.client_id,
            Matter.id != matter.id,
        )
    ):
        shared.setdefault(other_id, set()).add(number)
    others = db.session.scalars(
        select(Matter).where(Matter.id.in_(same_debtor | shared.keys())).order_by(Matter.id)
    )
    return [
        Duplicate(other, other.id in same_debtor, tuple(sorted(shared.get(other.id, ()))))
        for other in others
    ]


def queue_size() -> int:
    return db.session.scalar(select(func.count(Matter.id)).where(Matter.stage == Stage.INTAKE))
