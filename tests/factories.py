"""Test factories that build rows through the services, as the app itself would."""

import itertools
from datetime import date, timedelta

from casefile.audit.services import SYSTEM, Actor
from casefile.auth.services import UserData, create_user
from casefile.clients.services import ClientData, create_client
from casefile.compliance.reviews import Checklist, record_review
from casefile.domain.compliance import Action
from casefile.domain.parties import DebtType, PartyKind
from casefile.domain.roles import Role
from casefile.domain.stages import Stage
from casefile.matters.services import (
    AddressData,
    InvoiceData,
    MatterData,
    PartyData,
    create_matter,
)
from casefile.types import utcnow

PASSWORD = "correct-horse-battery"
TODAY = date(2026, 11, 24)


class Factory:
    """`make.user(Role.ATTORNEY)`, `make.client()`, `make.matter(client=...)`."""

    def __init__(self, app):
        self.app = app
        self._seq = itertools.count(1)
        self._admin = None

    @property
    def admin(self):
        if self._admin is None:
            self._admin = self.user(Role.ADMIN, name="Factory Admin")
        return self._admin

    def actor(self, user=None) -> Actor:
        return Actor(user or self.admin, "127.0.0.1")

    def user(
        self,
        role: Role = Role.ATTORNEY,
        client=None,
        email: str | None = None,
        name: str | None = None,
        password: str = PASSWORD,
    ):
        n = next(self._seq)
        data = UserData(
            email=email or f"{role.value}{n}@firm.test",
            name=name or f"{role.label} {n}",
            role=role,
            client_id=client.id if client is not None else None,
        )
        actor = SYSTEM if self._admin is None and role is Role.ADMIN else self.actor()
        return create_user(data, password, actor, self.app.config["PASSWORD_HASH_METHOD"])

    def client(self, name: str | None = None, fee_basis_points: int = 2500):
        n = next(self._seq)
        return create_client(
            ClientData(name=name or f"Client {n} Ltd", fee_basis_points=fee_basis_points),
            self.actor(),
        )

    def matter(
        self,
        client=None,
        debtor: str | None = None,
        stage: Stage = Stage.OPEN,
        attorney=None,
        paralegal=None,
        invoices: list[InvoiceData] | None = None,
        debt_type: DebtType = DebtType.COMMERCIAL,
        placed_on: date = TODAY,
        actor_user=None,
    ):
        n = next(self._seq)
        client = client or self.client()
        data = MatterData(
            client_id=client.id,
            debt_type=debt_type,
            jurisdiction="NY",
            placed_on=placed_on,
            attorney_id=attorney.id if attorney else None,
            paralegal_id=paralegal.id if paralegal else None,
        )
        party = PartyData(
            name=debtor or f"Debtor {n} Inc.",
            kind=PartyKind.BUSINESS,
            emails=[f"debtor{n}@example.test"],
            phones=["(212) 555-0100"],
            addresses=[
                AddressData(
                    line1=f"{n} Main Street", city="New York", region="NY", postal_code="10001"
                )
            ],
        )
        rows = invoices or [
            InvoiceData(
                f"INV-{n}", placed_on - timedelta(days=90), placed_on - timedelta(days=60), 125_000
            )
        ]
        return create_matter(data, party, rows, self.actor(actor_user), TODAY, stage=stage)

    def review(self, matter, attorney=None, action: Action = Action.SUIT):
        """An attorney's review of `matter` approving `action` (a suit unless told)."""
        reviewer = attorney if attorney is not None else self.user(Role.ATTORNEY)
        user = getattr(reviewer, "user", reviewer)  # an Actor or a User
        checklist = Checklist(True, True, True)
        return record_review(matter, action, checklist, "File reviewed", self.actor(user), utcnow())
