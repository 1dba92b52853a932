"""Use cases on matters: create, edit, move through the lifecycle, parties, invoices, holds."""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, insert, select, text

from casefile.audit.services import Actor, AuditEntry, diff, record, record_many
from casefile.auth.models import User
from casefile.auth.permissions import require
from casefile.clients.models import Client
from casefile.compliance.services import ensure_allowed
from casefile.database import transaction
from casefile.diary.services import add_stage_tasks, retire_open_tasks
from casefile.documents.services import Upload, check_uploads, files_undone_on_failure
from casefile.documents.store import DocumentStore, document_store
from casefile.domain.compliance import Action, Proposed
from casefile.domain.errors import CasefileError, NotPermittedError, ensure_current
from casefile.domain.money import CURRENCIES
from casefile.domain.names import name_keys
from casefile.domain.parties import (
    BANKRUPTCY_CHAPTERS,
    BANKRUPTCY_ENDS,
    JURISDICTIONS,
    ContactKind,
    DebtType,
    HoldEnd,
    HoldKind,
    PartyKind,
    PartyRole,
)
from casefile.domain.references import format_reference
from casefile.domain.roles import Capability, Role
from casefile.domain.stages import Outcome, Stage, check_reopen, check_transition
from casefile.extensions import db
from casefile.matters.models import (
    Address,
    ContactPoint,
    Hold,
    Invoice,
    Matter,
    Party,
    PartyNameKey,
    StageEvent,
)
from casefile.search.sync import queue_matters
from casefile.types import utcnow

PUBLIC_REFERRAL = "public referral"
# Entering these stages is an action the compliance guard must allow first.
GUARDED_MOVES = {
    Stage.LITIGATION: Action.SUIT,
    Stage.SETTLEMENT: Action.SETTLEMENT,
    Stage.ENFORCEMENT: Action.ENFORCEMENT,
}  # the Actor label of the public referral page


@dataclass
class MatterData:
    client_id: int
    debt_type: DebtType
    jurisdiction: str
    placed_on: date
    attorney_id: int | None = None
    paralegal_id: int | None = None
    client_reference: str = ""
    summary: str = ""


@dataclass
class AddressData:
    line1: str
    city: str
    line2: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = "US"
    label: str = ""


@dataclass
class PartyData:
    name: str
    kind: PartyKind
    role: PartyRole = PartyRole.DEBTOR
    aliases: str = ""
    notes: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    addresses: list[AddressData] = field(default_factory=list)


@dataclass
class InvoiceData:
    number: str
    issued_on: date
    due_on: date
    amount_cents: int
    currency: str = "USD"


def create_matter(
    data: MatterData,
    debtor: PartyData,
    invoices: list[InvoiceData],
    actor: Actor,
    today: date,
    stage: Stage = Stage.OPEN,
) -> Matter:
    """Open a matter with its debtor and invoices in one transaction; staff-created matters
    start `open` (the firm has accepted them), placements start at `intake`."""
    _may_create(actor, data, stage)
    if stage not in (Stage.OPEN, Stage.INTAKE):
        raise CasefileError("A new matter starts at intake or open.")
    _check_matter(data, today)
    _check_party(debtor)
    if debtor.role is not PartyRole.DEBTOR:
        raise CasefileError("The first party of a matter is its debtor.", field="role")
    if not invoices:
        raise CasefileError("Add at least one unpaid invoice.", field="invoices")
    for position, invoice in enumerate(invoices, start=1):
        try:
            _check_invoice(invoice, today)
        except CasefileError as error:
            name = invoice.number.strip() or f"row {position}"
            raise CasefileError(f"Invoice {name}: {error.message}", error.field) from error
    if len({i.number.strip() for i in invoices}) != len(invoices):
        raise CasefileError("Each invoice number may appear once.", field="invoices")

    with transaction():
        matter = Matter(
            reference=_next_reference(data.placed_on.year),
            stage=stage,
            debtor_name=debtor.name.strip(),
            **_matter_values(data),
        )
        db.session.add(matter)
        db.session.flush()
        _insert_party(matter, debtor)
        for invoice in invoices:
            db.session.add(Invoice(matter_id=matter.id, **_invoice_values(invoice)))
        db.session.add(
            StageEvent(
                matter_id=matter.id,
                from_stage=None,
                to_stage=stage,
                reason="Matter created",
                actor_id=actor.user_id,
            )
        )
        add_stage_tasks(matter, stage, today, actor)
        record(
            actor,
            "matter.created",
            "matter",
            matter.reference,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=f"{debtor.name.strip()}, {len(invoices)} invoice(s)",
            changes=diff({}, _snapshot(matter)),
        )
    return matter


def update_matter(
    matter: Matter, data: MatterData, expected_version: int | None, actor: Actor, today: date
) -> Matter:
    """Edit a matter's own details; refused if someone saved it since the form was opened."""
    require(actor.user, Capability.WORK_MATTERS)
    ensure_current(expected_version, matter.version, "matter")
    _check_matter(data, today)
    before = _snapshot(matter)
    with transaction():
        for key, value in _matter_values(data).items():
            setattr(matter, key, value)
        changes = diff(before, _snapshot(matter))
        if changes:
            record(
                actor,
                "matter.updated",
                "matter",
                matter.reference,
                matter_id=matter.id,
                client_id=matter.client_id,
                changes=changes,
            )
    return matter


def move_stage(
    matter: Matter,
    target: Stage,
    reason: str,
    actor: Actor,
    today: date,
    outcome: Outcome | None = None,
    expected_version: int | None = None,
) -> StageEvent:
    """Move a matter to another stage with a reason, creating the tasks the new stage implies."""
    require(actor.user, Capability.WORK_MATTERS)
    if matter.stage is Stage.INTAKE:
        require(actor.user, Capability.REVIEW_INTAKE)
    ensure_current(expected_version, matter.version, "matter")
    move = check_transition(matter.stage, target, outcome, reason)
    if (guarded := GUARDED_MOVES.get(move.target)) is not None:
        ensure_allowed(matter, Proposed(guarded, utcnow()), actor)
    return _apply(matter, move.source, move.target, move.outcome, reason.strip(), actor, today)


def reopen_matter(
    matter: Matter, reason: str, actor: Actor, today: date, expected_version: int | None = None
) -> StageEvent:
    """Return a closed matter to the stage it left, with a reason."""
    require(actor.user, Capability.WORK_MATTERS)
    ensure_current(expected_version, matter.version, "matter")
    move = check_reopen(matter.stage, matter.closed_from, reason)
    return _apply(matter, move.source, move.target, None, reason.strip(), actor, today)


def _apply(matter, source, target, outcome, reason, actor, today) -> StageEvent:
    with transaction():
        matter.stage, matter.outcome = target, outcome
        matter.closed_from = source if target is Stage.CLOSED else None
        event = StageEvent(
            matter_id=matter.id,
            from_stage=source,
            to_stage=target,
            outcome=outcome,
            reason=reason,
            actor_id=actor.user_id,
        )
        db.session.add(event)
        # Closing ends every open task; any other move retires the old stage's own tasks.
        retired = retire_open_tasks(
            matter, actor, utcnow(), None if target is Stage.CLOSED else source
        )
        add_stage_tasks(matter, target, today, actor)
        record(
            actor,
            "matter.stage_changed",
            "matter",
            matter.reference,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=reason + (f" ({retired} open task(s) retired)" if retired else ""),
            changes={
                "stage": (str(source), str(target)),
                **({"outcome": (None, str(outcome))} if outcome else {}),
            },
        )
    return event


def add_party(matter: Matter, data: PartyData, actor: Actor) -> Party:
    """Add a co-debtor, guarantor, the debtor's attorney or another party to a matter."""
    require(actor.user, Capability.WORK_MATTERS)
    _check_party(data)
    with transaction():
        party = _insert_party(matter, data)
        record(
            actor,
            "party.added",
            "party",
            party.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=f"{data.role.label}: {party.name}",
        )
    return party


def update_party(party: Party, data: PartyData, actor: Actor) -> Party:
    """Correct a party's name, kind, aliases and notes, and its first address, e-mail and phone
    (further ones stay as they are). Renaming the debtor renames the matter in the lists."""
    require(actor.user, Capability.WORK_MATTERS)
    _check_party(data)
    matter = party.matter
    if party.role is PartyRole.DEBTOR and data.role is not PartyRole.DEBTOR:
        raise CasefileError("The debtor stays the debtor; add another party instead.", "role")
    before = _party_snapshot(party)
    with transaction():
        party.role, party.kind, party.name = data.role, data.kind, data.name.strip()
        party.aliases = "\n".join(a.strip() for a in data.aliases.splitlines() if a.strip())
        party.notes = data.notes.strip()
        _replace_first_address(party, data.addresses[0] if data.addresses else None)
        for kind, values in ((ContactKind.EMAIL, data.emails), (ContactKind.PHONE, data.phones)):
            _replace_first_contact(party, kind, next((v.strip() for v in values if v.strip()), ""))
        if _is_primary_debtor(party):
            matter.debtor_name = party.name
        _refresh_party_names(matter)
        db.session.flush()
        changes = diff(before, _party_snapshot(party))
        if changes:
            record(
                actor,
                "party.updated",
                "party",
                party.id,
                matter_id=matter.id,
                client_id=matter.client_id,
                changes=changes,
            )
    return party


def _replace_first_address(party: Party, address: AddressData | None) -> None:
    if address is None:
        return
    values = {k: v.strip() for k, v in asdict(address).items()}
    if party.addresses:
        for key, value in values.items():
            setattr(party.addresses[0], key, value)
    else:
        db.session.add(Address(party_id=party.id, **values))


def _replace_first_contact(party: Party, kind: ContactKind, value: str) -> None:
    existing = next((c for c in party.contacts if c.kind is kind), None)
    if existing is not None and value:
        existing.value = value
    elif existing is None and value:
        db.session.add(ContactPoint(party_id=party.id, kind=kind, value=value))


def _is_primary_debtor(party: Party) -> bool:
    debtors = [p for p in party.matter.parties if p.role is PartyRole.DEBTOR]
    return bool(debtors) and debtors[0].id == party.id


def _party_snapshot(party: Party) -> dict:
    first = party.addresses[0].lines if party.addresses else []
    contacts = {c.kind.value: c.value for c in reversed(party.contacts)}
    return {
        "role": str(party.role),
        "kind": str(party.kind),
        "name": party.name,
        "aliases": party.aliases,
        "notes": party.notes,
        "address": " / ".join(first),
        "email": contacts.get("email"),
        "phone": contacts.get("phone"),
    }


def add_invoice(matter: Matter, data: InvoiceData, actor: Actor, today: date) -> Invoice:
    """Add an unpaid invoice to a matter."""
    require(actor.user, Capability.WORK_MATTERS)
    _check_invoice(data, today)
    if any(i.number == data.number.strip() for i in matter.invoices):
        raise CasefileError("This matter already has an invoice with that number.", "number")
    with transaction():
        invoice = Invoice(matter_id=matter.id, **_invoice_values(data))
        db.session.add(invoice)
        db.session.flush()
        record(
            actor,
            "invoice.added",
            "invoice",
            invoice.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            changes=diff({}, _invoice_values(data)),
        )
    return invoice


@dataclass
class BankruptcyCase:
    """The case a bankruptcy hold rests on, from the notice of filing."""

    case_number: str
    chapter: int | None
    court: str
    filed_on: date | None


def place_hold(
    matter: Matter,
    kind: HoldKind,
    since_on: date,
    details: str,
    actor: Actor,
    today: date,
    party_id: int | None = None,
    bankruptcy: BankruptcyCase | None = None,
    evidence: Upload | None = None,
    store: DocumentStore | None = None,
) -> Hold:
    """Put a hold on a matter (or one of its parties), with the evidence in `details` and,
    when there is one, the notice or letter itself. A bankruptcy needs its case: the stay
    runs from the filing date."""
    require(actor.user, Capability.WORK_MATTERS)
    if not details.strip():
        raise CasefileError("Record what the hold rests on (document, call, notice).", "details")
    if kind is HoldKind.BANKRUPTCY:
        _check_bankruptcy(bankruptcy, today)
        since_on = bankruptcy.filed_on if bankruptcy and bankruptcy.filed_on else since_on
    if since_on > today:
        raise CasefileError("The hold cannot start in the future.", field="since_on")
    if party_id is not None and party_id not in {p.id for p in matter.parties}:
        raise CasefileError("Choose a party of this matter.", field="party_id")
    if any(h.active and h.kind is kind and h.party_id == party_id for h in matter.holds):
        raise CasefileError(f"A {kind.label.lower()} hold is already active.", field="kind")
    if evidence is not None:
        check_uploads([evidence])
    case = bankruptcy if kind is HoldKind.BANKRUPTCY else None
    with files_undone_on_failure(store or document_store()) as files, transaction():
        hold = Hold(
            matter_id=matter.id,
            party_id=party_id,
            kind=kind,
            since_on=since_on,
            details=details.strip(),
            placed_by_id=actor.user_id,
            case_number=(case.case_number or "").strip() if case else "",
            chapter=case.chapter if case else None,
            court=(case.court or "").strip() if case else "",
            filed_on=case.filed_on if case else None,
        )
        if evidence is not None:
            [document] = files.attach(
                [evidence], matter.client_id, matter.id, actor, None, client_visible=False
            )
            hold.evidence = document
        db.session.add(hold)
        db.session.flush()
        summary = f"{kind.label}: {details.strip()}"
        if case and hold.case_number:
            summary += f" (case {hold.case_number}, chapter {hold.chapter}, {hold.court})"
        record(
            actor,
            "hold.placed",
            "hold",
            hold.id,
            matter_id=matter.id,
            client_id=matter.client_id,
            summary=summary[:500],
        )
    return hold


def _check_bankruptcy(case: BankruptcyCase | None, today: date) -> None:
    """The case details are welcome but not required: a debtor who says on the phone that they
    have filed must stop collection at once, before anyone has the notice in hand."""
    if case is None:
        return
    if case.chapter is not None and case.chapter not in BANKRUPTCY_CHAPTERS:
        raise CasefileError("Choose the chapter: 7, 11, 12 or 13.", field="chapter")
    if case.filed_on is not None and case.filed_on > today:
        raise CasefileError("The petition cannot be filed in the future.", field="filed_on")


def lift_hold(
    hold: Hold, reason: str, actor: Actor, now: datetime, ends: HoldEnd | None = None
) -> Hold:
    """Lift an active hold with a reason; the hold stays on file. A bankruptcy says how it
    ended: a discharge closes the matter (the debt can no longer be collected), a dismissal
    or relief from the stay lets collection resume."""
    require(actor.user, Capability.WORK_MATTERS)
    if not hold.active:
        raise CasefileError("This hold was already lifted.")
    if not reason.strip():
        raise CasefileError("Say why the hold is lifted.", field="reason")
    if hold.kind is HoldKind.BANKRUPTCY and ends not in BANKRUPTCY_ENDS:
        raise CasefileError(
            "Say how the bankruptcy ended: discharged, dismissed or relief from the stay.",
            field="ends",
        )
    ends = ends or HoldEnd.RESOLVED
    with transaction():
        hold.lifted_at, hold.lifted_by_id = now, actor.user_id
        hold.lift_reason, hold.lift_outcome = reason.strip(), ends.value
        record(
            actor,
            "hold.lifted",
            "hold",
            hold.id,
            matter_id=hold.matter_id,
            client_id=hold.matter.client_id,
            summary=f"{hold.kind.label} ({ends.label}): {reason.strip()}"[:500],
        )
        matter = hold.matter
        if ends is HoldEnd.DISCHARGED and matter.stage is not Stage.CLOSED:
            move_stage(
                matter,
                Stage.CLOSED,
                f"Debt discharged in bankruptcy case {hold.case_number}: {reason.strip()}",
                actor,
                now.date(),
                outcome=Outcome.BANKRUPT,
            )
    return hold


def resolve_disputes_by_verification(
    matter: Matter, sent_on: date, description: str, actor: Actor, now: datetime
) -> list[Hold]:
    """A verification of the debt answers the debtor's dispute: the dispute holds on the
    matter are lifted, recording the verification and its date (15 U.S.C. § 1692g(b))."""
    disputes = [h for h in matter.holds if h.active and h.kind is HoldKind.DISPUTE]
    for hold in disputes:
        lift_hold(
            hold,
            f"Verification sent on {sent_on:%Y-%m-%d}: {description}",
            actor,
            now,
            HoldEnd.VERIFIED,
        )
    return disputes


@dataclass
class Placement:
    """One debtor and its invoices, as a client places them."""

    debtor: PartyData
    invoices: list[InvoiceData]


def place_matters(
    data: MatterData, placements: list[Placement], actor: Actor, today: date
) -> list[int]:
    """Place many matters at intake in one transaction, written in bulk (an export of
    thousands of invoices). The same checks as `create_matter`; one audit event per matter.
    Returns the new matters' ids, in the order of `placements`."""
    _may_create(actor, data, Stage.INTAKE)
    _check_matter(data, today)
    for placement in placements:
        _check_party(placement.debtor)
        for invoice in placement.invoices:
            try:
                _check_invoice(invoice, today)
            except CasefileError as error:
                raise CasefileError(f"Invoice {invoice.number}: {error.message}") from error
    if not placements:
        raise CasefileError("Nothing to place.")
    with transaction():
        references = _next_references(data.placed_on.year, len(placements))
        names = [p.debtor.name.strip() for p in placements]
        matter_ids = _insert_returning_ids(
            Matter,
            [
                {
                    "reference": reference,
                    "stage": Stage.INTAKE,
                    "debtor_name": name,
                    "party_names": "\n".join([name, *_aliases(p.debtor)]),
                    **_matter_values(data),
                }
                for reference, name, p in zip(references, names, placements, strict=True)
            ],
        )
        party_ids = _insert_returning_ids(
            Party,
            [
                {
                    "matter_id": matter_id,
                    "role": PartyRole.DEBTOR,
                    "kind": p.debtor.kind,
                    "name": name,
                    "aliases": "\n".join(_aliases(p.debtor)),
                    "notes": p.debtor.notes.strip(),
                }
                for matter_id, name, p in zip(matter_ids, names, placements, strict=True)
            ],
        )
        _bulk(
            ContactPoint,
            [
                {"party_id": party_id, "kind": kind, "value": value.strip()}
                for party_id, p in zip(party_ids, placements, strict=True)
                for kind, values in (
                    (ContactKind.EMAIL, p.debtor.emails),
                    (ContactKind.PHONE, p.debtor.phones),
                )
                for value in values
                if value.strip()
            ],
        )
        _bulk(
            PartyNameKey,
            [
                {"matter_id": matter_id, "party_id": party_id, "key": key[:200]}
                for matter_id, party_id, p in zip(matter_ids, party_ids, placements, strict=True)
                for key in sorted(name_keys([p.debtor.name, *_aliases(p.debtor)]))
            ],
        )
        _bulk(
            Invoice,
            [
                {"matter_id": matter_id, **_invoice_values(invoice)}
                for matter_id, p in zip(matter_ids, placements, strict=True)
                for invoice in p.invoices
            ],
        )
        _bulk(
            StageEvent,
            [
                {
                    "matter_id": matter_id,
                    "from_stage": None,
                    "to_stage": Stage.INTAKE,
                    "reason": "Matter placed",
                    "actor_id": actor.user_id,
                }
                for matter_id in matter_ids
            ],
        )
        record_many(
            actor,
            [
                AuditEntry(
                    "matter.created",
                    "matter",
                    reference,
                    matter_id=matter_id,
                    client_id=data.client_id,
                    summary=f"{name}, {len(p.invoices)} invoice(s)",
                )
                for reference, matter_id, name, p in zip(
                    references, matter_ids, names, placements, strict=True
                )
            ],
        )
        queue_matters(matter_ids)  # bulk inserts bypass the ORM's change tracking
    return matter_ids


def _contacts(party: PartyData):
    return ((ContactKind.EMAIL, party.emails), (ContactKind.PHONE, party.phones))


def _aliases(party: PartyData) -> list[str]:
    return [a.strip() for a in party.aliases.splitlines() if a.strip()]


def _insert_returning_ids(model, rows: list[dict]) -> list[int]:
    result = db.session.execute(
        insert(model).returning(model.id, sort_by_parameter_order=True), rows
    )
    return list(result.scalars())


def _bulk(model, rows: list[dict]) -> None:
    if rows:
        db.session.execute(insert(model), rows)


def _next_references(year: int, count: int) -> list[str]:
    """Allocate `count` consecutive references for `year` with one atomic SQL update."""
    db.session.execute(
        text(
            "INSERT INTO reference_counters (year, last_number) VALUES (:y, 0) "
            "ON CONFLICT (year) DO NOTHING"
        ),
        {"y": year},
    )
    last = db.session.execute(
        text(
            "UPDATE reference_counters SET last_number = last_number + :n WHERE year = :y "
            "RETURNING last_number"
        ),
        {"y": year, "n": count},
    ).scalar_one()
    return [format_reference(year, number) for number in range(last - count + 1, last + 1)]


def _next_reference(year: int) -> str:
    """Allocate the next reference for `year` with one atomic SQL update (no read-then-write)."""
    return _next_references(year, 1)[0]


def _refresh_party_names(matter: Matter) -> None:
    """Keep the matter's searchable list of party names and aliases in step with its parties."""
    db.session.flush()
    parties = db.session.scalars(
        select(Party).where(Party.matter_id == matter.id).order_by(Party.id)
    ).all()
    matter.party_names = "\n".join(
        line for p in parties for line in [p.name, *p.alias_list] if line
    )
    db.session.execute(delete(PartyNameKey).where(PartyNameKey.matter_id == matter.id))
    keys = [
        {"matter_id": matter.id, "party_id": p.id, "key": key[:200]}
        for p in parties
        for key in sorted(name_keys([p.name, *p.alias_list]))
    ]
    if keys:
        db.session.execute(insert(PartyNameKey), keys)


def _insert_party(matter: Matter, data: PartyData) -> Party:
    party = Party(
        matter_id=matter.id,
        role=data.role,
        kind=data.kind,
        name=data.name.strip(),
        aliases="\n".join(a.strip() for a in data.aliases.splitlines() if a.strip()),
        notes=data.notes.strip(),
    )
    db.session.add(party)
    db.session.flush()
    for address in data.addresses:
        values = {k: v.strip() for k, v in asdict(address).items()}
        db.session.add(Address(party_id=party.id, **values))
    for kind, values in ((ContactKind.EMAIL, data.emails), (ContactKind.PHONE, data.phones)):
        for value in values:
            if value.strip():
                db.session.add(ContactPoint(party_id=party.id, kind=kind, value=value.strip()))
    _refresh_party_names(matter)
    return party


def _may_create(actor: Actor, data: MatterData, stage: Stage) -> None:
    """Staff create matters; a client user places its own, at intake and unassigned; the
    public referral page places for a prospective client only, at intake."""
    user = actor.user
    if user is None and actor.label == PUBLIC_REFERRAL:
        client = db.session.get(Client, data.client_id)
        if client is None or not client.prospective or stage is not Stage.INTAKE:
            raise NotPermittedError("A referral places a matter for review only.")
        return
    if user is None or user.role is not Role.CLIENT:
        require(user, Capability.WORK_MATTERS)
        return
    require(user, Capability.PLACE_MATTERS)
    if data.client_id != user.client_id or stage is not Stage.INTAKE:
        raise NotPermittedError("Clients place matters for their own business, for review.")
    if data.attorney_id or data.paralegal_id:
        raise NotPermittedError("The firm assigns attorneys and paralegals at review.")


def _check_matter(data: MatterData, today: date) -> None:
    client = db.session.get(Client, data.client_id)
    if client is None or not (client.active or client.prospective):
        raise CasefileError("Choose an active client.", field="client_id")
    if data.jurisdiction not in JURISDICTIONS:
        raise CasefileError("Choose a jurisdiction from the list.", field="jurisdiction")
    if data.placed_on > today:
        raise CasefileError("The placement date cannot be in the future.", field="placed_on")
    for field_name, role in (("attorney_id", Role.ATTORNEY), ("paralegal_id", Role.PARALEGAL)):
        user_id = getattr(data, field_name)
        if user_id is None:
            continue
        user = db.session.get(User, user_id)
        if user is None or not user.active or user.role is not role:
            raise CasefileError(f"Choose an active {role.value}.", field=field_name)


def _check_party(data: PartyData) -> None:
    if not data.name.strip():
        raise CasefileError("Enter the party's name.", field="name")
    for email in data.emails:
        if email.strip() and ("@" not in email or " " in email.strip()):
            raise CasefileError(f"“{email.strip()}” is not an e-mail address.", field="email")
    for phone in data.phones:
        digits = [c for c in phone if c.isdigit()]
        if phone.strip() and not 7 <= len(digits) <= 15:
            raise CasefileError(f"“{phone.strip()}” is not a phone number.", field="phone")
    for address in data.addresses:
        if not address.line1.strip() or not address.city.strip():
            raise CasefileError(
                "An address needs at least a street line and a city.", field="line1"
            )


def _check_invoice(data: InvoiceData, today: date) -> None:
    if not data.number.strip():
        raise CasefileError("Enter the invoice number.", field="number")
    if data.amount_cents <= 0:
        raise CasefileError("The invoice amount must be more than zero.", field="amount")
    if data.due_on < data.issued_on:
        raise CasefileError("The due date cannot be before the issue date.", field="due_on")
    if data.issued_on > today:
        raise CasefileError("The issue date cannot be in the future.", field="issued_on")
    if data.currency not in CURRENCIES:
        raise CasefileError("Choose a supported currency.", field="currency")


def _matter_values(data: MatterData) -> dict:
    values = asdict(data)
    values["client_reference"] = data.client_reference.strip()
    values["summary"] = data.summary.strip()
    return values


def _invoice_values(data: InvoiceData) -> dict:
    return {
        "number": data.number.strip(),
        "issued_on": data.issued_on,
        "due_on": data.due_on,
        "amount_cents": int(data.amount_cents),
        "currency": data.currency,
    }


def _snapshot(matter: Matter) -> dict:
    return {key: getattr(matter, key) for key in MatterData.__dataclass_fields__}
