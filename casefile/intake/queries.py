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


def review_flags(matters: list[Matter]) -> dict[int, tuple[int, int]]:
    """For the queue: how many conflicts and duplicates each placement has, the same counts as
    `conflicts` and `duplicates` give one matter at a time, in four queries for the whole list."""
    ids = [m.id for m in matters]
    keys: dict[int, set[str]] = {m.id: set() for m in matters}
    for matter_id, key in db.session.execute(
        select(PartyNameKey.matter_id, PartyNameKey.key).where(PartyNameKey.matter_id.in_(ids))
    ):
        keys[matter_id].add(key)
    all_keys = set().union(*keys.values()) if keys else set()
    clients_by_key: dict[str, int] = {}
    for (name,) in db.session.execute(select(Client.name)):
        for key in name_keys([name]) & all_keys:
            clients_by_key[key] = clients_by_key.get(key, 0) + 1
    # Every party (on any matter) carrying one of these names, and every invoice of the same
    # clients with one of these numbers, each with its matter and the matter's client.
    named: dict[str, list[tuple[int, int]]] = {}
    for key, other, client in db.session.execute(
        select(PartyNameKey.key, PartyNameKey.matter_id, Matter.client_id)
        .join(Matter, Matter.id == PartyNameKey.matter_id)
        .where(PartyNameKey.key.in_(list(all_keys)))
    ):
        named.setdefault(key, []).append((other, client))
    numbers = {m.id: {i.number for i in m.invoices} for m in matters}
    invoiced: dict[str, list[tuple[int, int]]] = {}
    for number, other, client in db.session.execute(
        select(Invoice.number, Invoice.matter_id, Matter.client_id)
        .join(Matter, Matter.id == Invoice.matter_id)
        .where(
            Invoice.number.in_(list(set().union(*numbers.values()) if numbers else set())),
            Matter.client_id.in_({m.client_id for m in matters}),
        )
    ):
        invoiced.setdefault(number, []).append((other, client))
    flags = {}
    for m in matters:
        by_name = [hit for key in keys[m.id] for hit in named.get(key, ()) if hit[0] != m.id]
        by_number = [hit for n in numbers[m.id] for hit in invoiced.get(n, ()) if hit[0] != m.id]
        from_clients = sum(clients_by_key.get(key, 0) for key in keys[m.id])
        same_client = {other for other, client in by_name + by_number if client == m.client_id}
        flags[m.id] = (from_clients + len(by_name), len(same_client))
    return flags
