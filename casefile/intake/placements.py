"""A client places one matter by form: debtor, invoices, contract terms, history and the
supporting documents, stored together in one transaction or not at all."""

from dataclasses import asdict, dataclass
from datetime import date

from casefile.audit.services import Actor, record
from casefile.database import transaction
from casefile.documents.services import Upload, check_uploads, files_undone_on_failure
from casefile.documents.store import DocumentStore
from casefile.domain.errors import CasefileError
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.intake.models import PlacementDetails
from casefile.matters.models import Matter
from casefile.matters.services import InvoiceData, MatterData, PartyData, create_matter


@dataclass
class PlacementTerms:
    contract_rate_bps: int | None = None
    contract_basis: int = 365
    late_fee_clause: str = ""
    attorney_fee_clause: str = ""
    payment_terms: str = ""
    prior_contacts: str = ""
    dispute: str = ""
    arrangement: str = ""


def place_matter(
    data: MatterData,
    debtor: PartyData,
    invoices: list[InvoiceData],
    terms: PlacementTerms,
    uploads: list[Upload],
    actor: Actor,
    today: date,
    store: DocumentStore,
) -> Matter:
    """Place the matter at intake with its details and files; nothing is kept if any part fails."""
    check_uploads(uploads)
    if terms.contract_rate_bps is not None and not 0 <= terms.contract_rate_bps <= 10000:
        raise CasefileError("The contract rate is a percentage up to 100.", field="contract_rate")
    if terms.contract_basis not in (360, 365):
        raise CasefileError("Choose actual/365 or actual/360.", field="contract_basis")
    with files_undone_on_failure(store) as files, transaction():
        matter = create_matter(data, debtor, invoices, actor, today, stage=Stage.INTAKE)
        cleaned = {k: v.strip() if isinstance(v, str) else v for k, v in asdict(terms).items()}
        db.session.add(PlacementDetails(matter_id=matter.id, **cleaned))
        files.attach(uploads, data.client_id, matter.id, actor)
        record(
            actor,
            "intake.placed",
            "matter",
            matter.reference,
            matter_id=matter.id,
            client_id=data.client_id,
            summary=f"{len(invoices)} invoice(s), {len(uploads)} document(s)"
            + (f": {', '.join(u.filename for u in uploads)}"[:400] if uploads else ""),
        )
    return matter
