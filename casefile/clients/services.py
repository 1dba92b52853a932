"""Creating and editing the referring businesses."""

from dataclasses import asdict, dataclass

from sqlalchemy import select

from casefile.audit.services import Actor, diff, record
from casefile.auth.permissions import require
from casefile.clients.models import Client
from casefile.database import transaction
from casefile.domain.errors import CasefileError, ensure_current
from casefile.domain.roles import Capability
from casefile.extensions import db


@dataclass
class ClientData:
    name: str
    contact_name: str = ""
    contact_email: str = ""
    phone: str = ""
    address: str = ""
    fee_basis_points: int = 2500
    reimburse_costs: bool = True
    active: bool = True
    settlement_floor_basis_points: int = 10000


def create_client(data: ClientData, actor: Actor) -> Client:
    """Add a referring business."""
    require(actor.user, Capability.MANAGE_CLIENTS)
    _check(data, existing_id=None)
    with transaction():
        client = Client(**_cleaned(data))
        db.session.add(client)
        db.session.flush()
        record(
            actor,
            "client.created",
            "client",
            client.id,
            client_id=client.id,
            changes=diff({}, _cleaned(data)),
        )
    return client


def update_client(
    client: Client, data: ClientData, expected_version: int | None, actor: Actor
) -> Client:
    """Change a client's details; refused if someone else saved it since the form was opened."""
    require(actor.user, Capability.MANAGE_CLIENTS)
    ensure_current(expected_version, client.version, "client")
    _check(data, existing_id=client.id)
    before = _snapshot(client)
    with transaction():
        for key, value in _cleaned(data).items():
            setattr(client, key, value)
        changes = diff(before, _snapshot(client))
        if changes:
            record(
                actor, "client.updated", "client", client.id, client_id=client.id, changes=changes
            )
    return client


def _check(data: ClientData, existing_id: int | None) -> None:
    name = data.name.strip()
    if not name:
        raise CasefileError("Enter the client's name.", field="name")
    clash = db.session.scalar(select(Client.id).where(Client.name == name))
    if clash is not None and clash != existing_id:
        raise CasefileError("A client with this name already exists.", field="name")
    if not 0 <= data.fee_basis_points <= 10000:
        raise CasefileError("The fee must be between 0 % and 100 %.", field="fee_percent")
    if not 0 <= data.settlement_floor_basis_points <= 10000:
        raise CasefileError("The floor must be between 0 % and 100 %.", field="floor_percent")


def _cleaned(data: ClientData) -> dict:
    values = asdict(data)
    for key, value in values.items():
        if isinstance(value, str):
            values[key] = value.strip()
    values["contact_email"] = values["contact_email"].lower()
    return values


def _snapshot(client: Client) -> dict:
    return {key: getattr(client, key) for key in ClientData.__dataclass_fields__}
