"""Matters referred through the public page by businesses that are not clients yet.

A referral creates a prospective client (inactive, with no users) and places the matter at
intake for it, files included, in one transaction. Nothing of it is visible to anyone but the
firm's staff. Submissions are limited per address and in all, counted in the database (so the
limit holds across server processes and restarts); a filled-in spam trap is thanked and dropped.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from casefile.audit.models import AuditEvent
from casefile.audit.services import Actor, record
from casefile.clients.models import Client
from casefile.database import transaction
from casefile.documents.services import Upload
from casefile.documents.store import DocumentStore
from casefile.domain.errors import CasefileError
from casefile.extensions import db
from casefile.intake.placements import PlacementTerms, place_matter
from casefile.matters.models import Matter
from casefile.matters.services import PUBLIC_REFERRAL, InvoiceData, MatterData, PartyData
from casefile.types import utcnow

PER_ADDRESS_PER_HOUR = 5
IN_ALL_PER_HOUR = 100


@dataclass
class Referrer:
    business: str
    contact_name: str
    email: str
    phone: str = ""
    address: str = ""


class TooManyReferrals(CasefileError):
    """The address (or the page as a whole) has sent too many referrals this hour."""


def refer_matter(
    referrer: Referrer,
    debt: MatterData,
    debtor: PartyData,
    invoices: list[InvoiceData],
    terms: PlacementTerms,
    uploads: list[Upload],
    address: str,
    today: date,
    store: DocumentStore,
) -> Matter:
    """Create the prospective client and place its matter at intake; all or nothing."""
    _within_limits(address)
    if not referrer.business.strip():
        raise CasefileError("Enter your business's name.", field="business")
    if not referrer.contact_name.strip():
        raise CasefileError("Enter your name.", field="contact_name")
    if "@" not in referrer.email or " " in referrer.email.strip():
        raise CasefileError("Enter an e-mail address we can answer.", field="email")
    actor = Actor(None, address[:64], label=PUBLIC_REFERRAL)
    with transaction():
        client = Client(
            name=_free_name(referrer.business.strip()),
            contact_name=referrer.contact_name.strip(),
            contact_email=referrer.email.strip().lower(),
            phone=referrer.phone.strip(),
            address=referrer.address.strip(),
            active=False,
            prospective=True,
        )
        db.session.add(client)
        db.session.flush()
        debt.client_id = client.id
        matter = place_matter(debt, debtor, invoices, terms, uploads, actor, today, store)
        record(
            actor,
            "intake.referred",
            "matter",
            matter.reference,
            matter_id=matter.id,
            client_id=client.id,
            summary=f"Referred by {client.name} ({client.contact_email})",
        )
    return matter


def trap_sprung(address: str) -> None:
    """Note a submission that filled in the hidden field: a robot. Nothing else is kept."""
    with transaction():
        record(
            Actor(None, address[:64], label=PUBLIC_REFERRAL),
            "intake.referral_trapped",
            "referral",
            result="denied",
            summary="hidden field filled in: dropped",
        )


def _within_limits(address: str) -> None:
    since = utcnow() - timedelta(hours=1)
    referred = select(func.count(AuditEvent.id)).where(
        AuditEvent.action.in_(["intake.referred", "intake.referral_trapped"]),
        AuditEvent.at >= since,
    )
    if (
        db.session.scalar(referred.where(AuditEvent.address == address[:64]))
        >= PER_ADDRESS_PER_HOUR
    ):
        raise TooManyReferrals(
            "You have sent several referrals in the last hour. Please wait an hour, or call us."
        )
    if db.session.scalar(referred) >= IN_ALL_PER_HOUR:
        raise TooManyReferrals("We are receiving many referrals just now. Please try again later.")


def _free_name(business: str) -> str:
    """Client names are unique: a referral never takes over an existing client's name."""
    name, n = business[:180], 1
    while db.session.scalar(select(Client.id).where(Client.name == name)) is not None:
        n += 1
        name = f"{business[:170]} (referral {n})"
    return name
