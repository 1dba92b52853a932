"""A realistic small collection practice to explore casefile with, built through the services."""

import random
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app

from casefile.audit.services import SYSTEM, Actor
from casefile.auth.services import UserData, create_user
from casefile.clients.services import ClientData, create_client
from casefile.compliance.reviews import Checklist, record_review
from casefile.correspondence.models import CallOutcome
from casefile.correspondence.services import CallData, EmailData, log_call, log_email, log_note
from casefile.diary.services import create_task
from casefile.documents.store import document_store
from casefile.domain.balance import EntryKind
from casefile.domain.compliance import Action
from casefile.domain.diary import Priority
from casefile.domain.money import format_cents
from casefile.domain.parties import DebtType, HoldKind, PartyKind
from casefile.domain.roles import Role
from casefile.domain.stages import Outcome, Stage
from casefile.ledger.services import PaymentData, post_charge, record_payment
from casefile.matters.services import (
    AddressData,
    BankruptcyCase,
    InvoiceData,
    MatterData,
    PartyData,
    create_matter,
    move_stage,
    place_hold,
)
from casefile.search.sync import indexing_deferred
from casefile.trust.services import run_remittances
from casefile.types import utcnow

DEMO_PASSWORD = "casefile-demo-2026"
DEMO_LOGINS = [
    ("admin", "admin@demo.casefile.test", DEMO_PASSWORD),
    ("attorney", "attorney@demo.casefile.test", DEMO_PASSWORD),
    ("paralegal", "paralegal@demo.casefile.test", DEMO_PASSWORD),
    ("client", "client@acme-supply.example", DEMO_PASSWORD),
]

CLIENTS = [
    ClientData(
        "Acme Industrial Supply Co.",
        "Priya Raman",
        "ar@acme-supply.example",
        "(212) 555-0143",
        "410 Hudson Street\nNew York, NY 10014",
        2500,
    ),
    ClientData(
        "Brightline Medical Staffing LLC",
        "Tom Okafor",
        "billing@brightline.example",
        "(201) 555-0188",
        "77 River Road\nHoboken, NJ 07030",
        3000,
    ),
    ClientData(
        "Northgate Property Management",
        "Elena Marsh",
        "accounts@northgate.example",
        "(718) 555-0111",
        "1200 Atlantic Avenue\nBrooklyn, NY 11216",
        3333,
    ),
    ClientData(
        "Summit Office Interiors Inc.",
        "Gary Lindqvist",
        "finance@summit-oi.example",
        "(914) 555-0190",
        "5 Main Street\nWhite Plains, NY 10601",
        2000,
    ),
]

PEOPLE = [
    "Marcus Bell",
    "Janet Oyelaran",
    "Derek Holloway",
    "Sofia Marchetti",
    "Kevin Tran",
    "Lorraine Duffy",
    "Samuel Achebe",
    "Rita Kowalski",
    "Hector Alvarez",
    "Wendy Park",
    "Omar Haddad",
    "Claire Beaumont",
    "Nathan Greer",
    "Patrice Lemaire",
    "Yusuf Demir",
]
BUSINESSES = [
    "Harbor View Bistro LLC",
    "Delgado Construction Corp.",
    "Smith & Sons <Holdings>",
    "Pinecrest Dental Group PC",
    "Metro Courier Services Inc.",
    "Bluebird Daycare LLC",
    "Oakline Logistics Inc.",
    "Riverside Auto Body",
    "Golden Crust Bakery Inc.",
    "Eastside Fitness Partners",
    "Quantum Print Shop LLC",
    "Lakeside Motel Corp.",
]
STREETS = [
    "Maple Ave",
    "Broadway",
    "Elm Street",
    "Ocean Parkway",
    "Court Street",
    "Grand Ave",
    "Kings Highway",
    "Park Place",
    "Union Turnpike",
    "Jericho Turnpike",
]
CITIES = [
    ("Brooklyn", "NY", "112"),
    ("Queens", "NY", "113"),
    ("Yonkers", "NY", "107"),
    ("Newark", "NJ", "071"),
    ("Jersey City", "NJ", "073"),
    ("Stamford", "CT", "069"),
]

# Paths through the lifecycle; a matter walks the path up to its target stage.
PATHS = {
    Stage.INTAKE: [],
    Stage.OPEN: [],
    Stage.DEMAND: [Stage.DEMAND],
    Stage.NEGOTIATION: [Stage.DEMAND, Stage.NEGOTIATION],
    Stage.SETTLEMENT: [Stage.DEMAND, Stage.NEGOTIATION, Stage.SETTLEMENT],
    Stage.LITIGATION: [Stage.DEMAND, Stage.LITIGATION],
    Stage.JUDGMENT: [Stage.DEMAND, Stage.LITIGATION, Stage.JUDGMENT],
    Stage.ENFORCEMENT: [Stage.DEMAND, Stage.LITIGATION, Stage.JUDGMENT, Stage.ENFORCEMENT],
    Stage.CLOSED: [Stage.DEMAND, Stage.NEGOTIATION, Stage.SETTLEMENT, Stage.CLOSED],
}
REASONS = {
    Stage.DEMAND: "First demand letter sent",
    Stage.NEGOTIATION: "Debtor called and asked to discuss terms",
    Stage.SETTLEMENT: "Settlement agreed and signed",
    Stage.LITIGATION: "No response to final demand; summons and complaint filed",
    Stage.JUDGMENT: "Default judgment entered",
    Stage.ENFORCEMENT: "Income execution delivered to the marshal",
    Stage.CLOSED: "Settlement paid in full",
}


def load_demo(seed: int = 2026) -> str:
    """Create the demo firm; returns a one-line summary. Its hundreds of commits are indexed
    for search in one pass at the end."""
    with indexing_deferred(current_app._get_current_object()):
        return _load_demo(seed)


def _load_demo(seed: int) -> str:
    rng = random.Random(seed)
    method = current_app.config["PASSWORD_HASH_METHOD"]
    today = utcnow().date()
    admin = create_user(
        UserData("admin@demo.casefile.test", "Avery Admin", Role.ADMIN, None),
        DEMO_PASSWORD,
        SYSTEM,
        method,
    )
    as_admin = Actor(admin, "127.0.0.1")
    clients = [create_client(data, as_admin) for data in CLIENTS]
    attorney = _user(as_admin, "attorney@demo.casefile.test", "Dana Whitfield", Role.ATTORNEY)
    attorney2 = _user(as_admin, "r.osei@demo.casefile.test", "Robert Osei", Role.ATTORNEY)
    paralegal = _user(as_admin, "paralegal@demo.casefile.test", "Maria Santos", Role.PARALEGAL)
    paralegal2 = _user(as_admin, "j.kim@demo.casefile.test", "Jordan Kim", Role.PARALEGAL)
    _user(as_admin, "client@acme-supply.example", "Priya Raman", Role.CLIENT, clients[0].id)
    _user(as_admin, "client@brightline.example", "Tom Okafor", Role.CLIENT, clients[1].id)

    as_attorney = Actor(attorney, "127.0.0.1")
    targets = [stage for stage in Stage for _ in range(5)] + [Stage.DEMAND] * 3
    matters = []
    for n, target in enumerate(targets):
        consumer = n % 3 == 0
        placed = today - timedelta(days=rng.randint(20, 400))
        data = MatterData(
            client_id=clients[n % len(clients)].id,
            debt_type=DebtType.CONSUMER if consumer else DebtType.COMMERCIAL,
            jurisdiction="NJ" if n % 5 == 0 else "NY",
            placed_on=placed,
            attorney_id=(attorney if n % 4 else attorney2).id,
            paralegal_id=(paralegal if n % 3 else paralegal2).id,
            client_reference=f"AR-{10000 + n * 7}",
            summary="Unpaid invoices for goods delivered and accepted; no dispute raised "
            "before placement."
            if not consumer
            else "Consumer account; balance unpaid after three statements.",
        )
        matter = create_matter(
            data,
            _debtor(rng, consumer),
            _invoices(rng, placed, n),
            as_attorney,
            today,
            stage=Stage.INTAKE if target is Stage.INTAKE else Stage.OPEN,
        )
        if Stage.LITIGATION in PATHS[target]:  # an attorney reviewed the file before suit
            checklist = Checklist(True, True, True)
            note = "Invoices, delivery notes and ledger checked; within the limitation period"
            record_review(matter, Action.SUIT, checklist, note, as_attorney, utcnow())
        for step in PATHS[target]:
            move_stage(
                matter,
                step,
                REASONS[step],
                as_attorney,
                today,
                outcome=Outcome.PAID_IN_FULL if step is Stage.CLOSED else None,
            )
        matters.append(matter)

    _holds(matters, as_attorney, today)
    _money(matters, Actor(paralegal, "127.0.0.1"), as_attorney, today, rng)
    _correspondence(matters, Actor(paralegal, "127.0.0.1"), today, rng)
    for i, matter in enumerate(matters[5:17]):
        create_task(
            as_attorney,
            (paralegal if i % 2 else attorney).id,
            rng.choice(
                [
                    "Call debtor about payment promise",
                    "Check for returned mail",
                    "Review debtor's counter-offer",
                    "Verify employer details",
                ]
            ),
            today + timedelta(days=rng.randint(-6, 9)),
            rng.choice(list(Priority)),
            matter=matter,
        )
    return f"Demo firm loaded: {len(clients)} clients, {len(matters)} matters, demo sign-ins:"


def _money(matters, as_paralegal, as_attorney, today, rng: random.Random) -> None:
    """Costs on matters in court, payments on matters where the debtor engaged, and one
    remittance run a month ago, so the Money tab, trust pages and portal have something."""
    paying = (Stage.SETTLEMENT, Stage.JUDGMENT, Stage.ENFORCEMENT, Stage.CLOSED)
    for n, matter in enumerate(matters):
        if matter.stage in (Stage.LITIGATION, Stage.JUDGMENT, Stage.ENFORCEMENT):
            filed = max(matter.placed_on, today - timedelta(days=60))
            post_charge(
                matter, EntryKind.COST, filed, 40_000, "Index number fee", as_paralegal, today
            )
        if matter.stage not in paying:
            continue
        owed = sum(invoice.amount_cents for invoice in matter.invoices)
        for k in range(1 + n % 3):
            on = today - timedelta(days=rng.randint(1, max(2, (today - matter.placed_on).days)))
            data = PaymentData(
                on=max(on, matter.placed_on),
                amount_cents=owed // 6,
                method=rng.choice(["check", "ach", "wire"]),
                payer=matter.debtor_name,
                reference=f"DEMO-{matter.id}-{k + 1}",
                received_by="client" if (n + k) % 7 == 0 else "firm",
            )
            record_payment(matter, data, as_paralegal, today)
    run_remittances(today - timedelta(days=30), as_attorney, today)


DEMO_EMAILS = [
    ("Re: your letter", "I can pay {amount} by the 15th of next month if you stop the calls."),
    (
        "Invoice query",
        "We never received invoice {invoice}; please send a copy and the delivery note.",
    ),
    ("Payment plan", "Could we spread the balance over six monthly payments? Business is slow."),
    ("Change of employer", "I now work at Harbor Logistics, so please write to my home address."),
]
DEMO_NOTES = [
    "Debtor's bank confirmed the account is open; consider a restraining notice after judgment.",
    "Skip trace found a new address; demand letter re-sent there.",
    "Client confirms goods were delivered and accepted; proof of delivery on file.",
]


def _correspondence(matters, actor, today, rng: random.Random) -> None:
    """E-mails from debtors, calls and notes, so the timeline and search have something."""
    for n, matter in enumerate(matters):
        if matter.stage in (Stage.INTAKE, Stage.OPEN):
            continue
        day = datetime.combine(today - timedelta(days=1 + n % 20), time(15, 30), tzinfo=UTC)
        subject, body = DEMO_EMAILS[n % len(DEMO_EMAILS)]
        owed = sum(invoice.amount_cents for invoice in matter.invoices)
        email = EmailData(
            sent_at=day,
            sender=f"{matter.debtor_name} <accounts@debtor{n}.example>",
            recipients="collections@demo-firm.example",
            subject=subject,
            body=body.format(amount=format_cents(owed // 2), invoice=matter.invoices[0].number),
        )
        log_email(matter, email, "in", actor, day, document_store())
        call = CallData(
            at=day + timedelta(hours=1),
            direction="in",
            phone=f"+1 212 555 01{n:02d}",
            outcome=CallOutcome.SPOKE,
            notes="Debtor called back about the demand letter and asked for the balance.",
        )
        log_call(matter, call, actor, day + timedelta(hours=2))
        log_note(matter, DEMO_NOTES[n % len(DEMO_NOTES)], n % 4 == 0, actor, day)


def _user(actor, email, name, role, client_id=None):
    return create_user(
        UserData(email, name, role, client_id),
        DEMO_PASSWORD,
        actor,
        current_app.config["PASSWORD_HASH_METHOD"],
    )


def _debtor(rng: random.Random, consumer: bool) -> PartyData:
    city, region, zip_prefix = rng.choice(CITIES)
    name = rng.choice(PEOPLE) if consumer else rng.choice(BUSINESSES)
    slug = name.split()[0].lower().strip("&<>.,")
    return PartyData(
        name=name,
        kind=PartyKind.PERSON if consumer else PartyKind.BUSINESS,
        aliases="" if consumer or rng.random() < 0.6 else name.split()[0] + " Group",
        emails=[f"{slug}@mail.example"],
        phones=[f"(555) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}"],
        addresses=[
            AddressData(
                line1=f"{rng.randint(10, 999)} {rng.choice(STREETS)}",
                city=city,
                region=region,
                postal_code=f"{zip_prefix}{rng.randint(10, 99)}",
            )
        ],
    )


def _invoices(rng: random.Random, placed: date, n: int) -> list[InvoiceData]:
    rows = []
    for k in range(rng.randint(1, 4)):
        issued = placed - timedelta(days=rng.randint(60, 240))
        cents = rng.randint(15_000, 2_500_000)
        rows.append(
            InvoiceData(f"INV-{2400 + n * 10 + k}", issued, issued + timedelta(days=30), cents)
        )
    return rows


def _holds(matters, actor, today) -> None:
    place_hold(
        matters[11],
        HoldKind.DISPUTE,
        today - timedelta(days=4),
        "Debtor's letter of the 3rd disputes invoice INV-2512 (goods damaged).",
        actor,
        today,
    )
    place_hold(
        matters[16],
        HoldKind.BANKRUPTCY,
        today - timedelta(days=10),
        "Chapter 7 petition, case 26-41872 (Bankr. E.D.N.Y.); notice received by mail.",
        actor,
        today,
        bankruptcy=BankruptcyCase("26-41872", 7, "Bankr. E.D.N.Y.", today - timedelta(days=10)),
    )
    place_hold(
        matters[22],
        HoldKind.CEASE_COMMUNICATION,
        today - timedelta(days=2),
        "Written cease request received by e-mail.",
        actor,
        today,
    )
