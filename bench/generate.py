"""Generate a collection firm of N matters for benchmarks (bulk inserts, not the services).

    python bench/generate.py --matters 100000 --instance bench/data/instance

Creates a fresh instance folder with a migrated SQLite database (or migrates the database at
--database-url) and fills it with clients, staff, matters over every stage, debtors with
addresses and contacts, invoices, stage history, holds and diary tasks. Deterministic per --seed.
"""

import argparse
import random
import shutil
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casefile import create_app  # noqa: E402
from casefile.auth.models import User  # noqa: E402
from casefile.auth.passwords import hash_password  # noqa: E402
from casefile.clients.models import Client  # noqa: E402
from casefile.config import ASVS_PASSWORD_HASH  # noqa: E402
from casefile.diary.models import Task  # noqa: E402
from casefile.domain.names import name_key  # noqa: E402
from casefile.domain.references import format_reference  # noqa: E402
from casefile.domain.stages import Outcome, Stage  # noqa: E402
from casefile.extensions import db  # noqa: E402
from casefile.ledger.models import LedgerEntry  # noqa: E402
from casefile.matters.models import (  # noqa: E402
    Address,
    ContactPoint,
    Hold,
    Invoice,
    Matter,
    Party,
    PartyNameKey,
    ReferenceCounter,
    StageEvent,
)
from casefile.trust.models import TrustEntry  # noqa: E402

BENCH_PASSWORD = "bench-password-2026"
TODAY = date(2026, 11, 24)
STAGE_WEIGHTS = {
    Stage.INTAKE: 3,
    Stage.OPEN: 7,
    Stage.DEMAND: 25,
    Stage.NEGOTIATION: 10,
    Stage.SETTLEMENT: 10,
    Stage.LITIGATION: 8,
    Stage.JUDGMENT: 5,
    Stage.ENFORCEMENT: 7,
    Stage.CLOSED: 25,
}
PATHS = {
    Stage.INTAKE: [Stage.INTAKE],
    Stage.OPEN: [Stage.OPEN],
    Stage.DEMAND: [Stage.OPEN, Stage.DEMAND],
    Stage.NEGOTIATION: [Stage.OPEN, Stage.DEMAND, Stage.NEGOTIATION],
    Stage.SETTLEMENT: [Stage.OPEN, Stage.DEMAND, Stage.NEGOTIATION, Stage.SETTLEMENT],
    Stage.LITIGATION: [Stage.OPEN, Stage.DEMAND, Stage.LITIGATION],
    Stage.JUDGMENT: [Stage.OPEN, Stage.DEMAND, Stage.LITIGATION, Stage.JUDGMENT],
    Stage.ENFORCEMENT: [
        Stage.OPEN,
        Stage.DEMAND,
        Stage.LITIGATION,
        Stage.JUDGMENT,
        Stage.ENFORCEMENT,
    ],
    Stage.CLOSED: [Stage.OPEN, Stage.DEMAND, Stage.NEGOTIATION, Stage.SETTLEMENT, Stage.CLOSED],
}
FIRST = [
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Carlos",
    "Maria",
    "Wei",
    "Fatima",
    "Olga",
    "Kwame",
    "Priya",
    "Hiroshi",
]
LAST = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Okafor",
    "Kowalski",
]
BUSINESS = [
    "Logistics",
    "Dental Group",
    "Bakery",
    "Construction",
    "Auto Body",
    "Printing",
    "Fitness",
    "Catering",
    "Plumbing",
    "Staffing",
    "Roofing",
    "Landscaping",
    "Florist",
    "Pharmacy",
    "Motel",
    "Courier",
    "Electric",
    "Design Studio",
    "Deli",
    "Hardware",
]
SUFFIX = ["LLC", "Inc.", "Corp.", "& Sons", "Group", "Co.", "PC", "Partners"]
CITIES = [
    ("Brooklyn", "NY"),
    ("Queens", "NY"),
    ("Bronx", "NY"),
    ("Yonkers", "NY"),
    ("Newark", "NJ"),
    ("Jersey City", "NJ"),
    ("Hartford", "CT"),
    ("Buffalo", "NY"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matters", type=int, default=100_000)
    parser.add_argument("--instance", type=Path, default=Path("bench/data/instance"))
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    if args.database_url is None and args.instance.exists():
        shutil.rmtree(args.instance)
    args.instance.mkdir(parents=True, exist_ok=True)
    settings = {"SQLALCHEMY_DATABASE_URI": args.database_url} if args.database_url else {}
    app = create_app(settings, instance_path=args.instance)
    started = time.perf_counter()
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        counts = generate(args.matters, random.Random(args.seed))
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    elapsed = time.perf_counter() - started
    for table, count in counts.items():
        print(f"{table:>16}: {count:>9,}")
    print(f"generated in {elapsed:.1f} s into {app.config['SQLALCHEMY_DATABASE_URI']}")


def generate(n_matters: int, rng: random.Random) -> dict[str, int]:
    """Insert the whole firm; returns row counts per table."""
    now = datetime.now(UTC)
    password = hash_password(BENCH_PASSWORD, ASVS_PASSWORD_HASH)
    clients = [
        {
            "id": i,
            "name": f"{rng.choice(LAST)} {rng.choice(BUSINESS)} {i} {rng.choice(SUFFIX)}",
            "contact_name": "",
            "contact_email": f"ar{i}@client{i}.example",
            "phone": "",
            "address": "",
            "fee_basis_points": rng.choice([2000, 2500, 3000, 3333]),
            "active": True,
            "created_at": now,
            "version": 1,
        }
        for i in range(1, 26)
    ]
    users = [_user(1, "admin@bench.test", "Bench Admin", "admin", password, now)]
    attorneys = list(range(2, 10))
    paralegals = list(range(10, 22))
    users += [
        _user(i, f"attorney{i}@bench.test", f"Attorney {i}", "attorney", password, now)
        for i in attorneys
    ]
    users += [
        _user(i, f"paralegal{i}@bench.test", f"Paralegal {i}", "paralegal", password, now)
        for i in paralegals
    ]
    _insert(Client, clients)
    _insert(User, users)

    stages = list(STAGE_WEIGHTS)
    weights = list(STAGE_WEIGHTS.values())
    counters: dict[int, int] = {}
    rows = {
        name: []
        for name in (
            "matters",
            "parties",
            "addresses",
            "contacts",
            "invoices",
            "events",
            "holds",
            "tasks",
            "ledger",
            "trust",
            "name_keys",
        )
    }
    counts = {"clients": len(clients), "users": len(users)}
    party_id = address_id = contact_id = invoice_id = event_id = hold_id = task_id = 0
    entry_id = trust_id = 0
    for matter_id in range(1, n_matters + 1):
        placed = TODAY - timedelta(days=rng.randint(0, 5 * 365))
        counters[placed.year] = counters.get(placed.year, 0) + 1
        stage = rng.choices(stages, weights)[0]
        consumer = rng.random() < 0.4
        name = (
            f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            if consumer
            else f"{rng.choice(LAST)} {rng.choice(BUSINESS)} {rng.choice(SUFFIX)}"
        )
        attorney, paralegal = rng.choice(attorneys), rng.choice(paralegals)
        client_id = rng.randint(1, len(clients))
        rows["matters"].append(
            {
                "id": matter_id,
                "reference": format_reference(placed.year, counters[placed.year]),
                "client_id": client_id,
                "client_reference": f"AR-{matter_id}",
                "stage": stage.value,
                "outcome": Outcome.PAID_IN_FULL.value if stage is Stage.CLOSED else None,
                "closed_from": Stage.SETTLEMENT.value if stage is Stage.CLOSED else None,
                "attorney_id": attorney,
                "paralegal_id": paralegal,
                "debt_type": "consumer" if consumer else "commercial",
                "jurisdiction": rng.choice(["NY", "NY", "NJ", "CA", "TX"]),
                "placed_on": placed,
                "debtor_name": name,
                "party_names": name,
                "summary": "",
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
        for role, party_name in [("debtor", name)] + (
            [("guarantor", f"{rng.choice(FIRST)} {rng.choice(LAST)}")]
            if not consumer and rng.random() < 0.3
            else []
        ):
            party_id += 1
            rows["parties"].append(
                {
                    "id": party_id,
                    "matter_id": matter_id,
                    "role": role,
                    "kind": "person" if consumer or role != "debtor" else "business",
                    "name": party_name,
                    "aliases": "",
                    "notes": "",
                    "created_at": now,
                }
            )
            rows["name_keys"].append(
                {"matter_id": matter_id, "party_id": party_id, "key": name_key(party_name)}
            )
            if role != "debtor":
                rows["matters"][-1]["party_names"] += "\n" + party_name
            city, region = rng.choice(CITIES)
            address_id += 1
            rows["addresses"].append(
                {
                    "id": address_id,
                    "party_id": party_id,
                    "label": "",
                    "line1": f"{rng.randint(1, 9999)} {rng.choice(LAST)} Street",
                    "line2": "",
                    "city": city,
                    "region": region,
                    "postal_code": f"{rng.randint(10000, 14999)}",
                    "country": "US",
                }
            )
            for kind, value in (
                ("email", f"p{party_id}@mail.example"),
                ("phone", f"(555) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}"),
            ):
                contact_id += 1
                rows["contacts"].append(
                    {
                        "id": contact_id,
                        "party_id": party_id,
                        "kind": kind,
                        "value": value,
                        "label": "",
                    }
                )
        for k in range(rng.randint(1, 5)):
            invoice_id += 1
            issued = placed - timedelta(days=rng.randint(45, 400))
            rows["invoices"].append(
                {
                    "id": invoice_id,
                    "matter_id": matter_id,
                    "number": f"INV-{matter_id}-{k + 1}",
                    "issued_on": issued,
                    "due_on": issued + timedelta(days=30),
                    "amount_cents": rng.randint(5_000, 5_000_000),
                    "currency": "USD",
                }
            )
        previous = None
        for step in PATHS[stage]:
            event_id += 1
            rows["events"].append(
                {
                    "id": event_id,
                    "matter_id": matter_id,
                    "from_stage": previous,
                    "to_stage": step.value,
                    "outcome": Outcome.PAID_IN_FULL.value if step is Stage.CLOSED else None,
                    "reason": "Matter created" if previous is None else "Moved on",
                    "actor_id": attorney,
                    "at": now,
                }
            )
            previous = step.value
        if rng.random() < 0.03:
            hold_id += 1
            rows["holds"].append(
                {
                    "id": hold_id,
                    "matter_id": matter_id,
                    "party_id": None,
                    "kind": rng.choice(["dispute", "bankruptcy", "cease_communication"]),
                    "since_on": TODAY - timedelta(days=rng.randint(1, 60)),
                    "details": "Notice",
                    "placed_by_id": attorney,
                    "placed_at": now,
                    "lifted_at": None,
                    "lifted_by_id": None,
                    "lift_reason": "",
                }
            )
        if stage is not Stage.CLOSED:
            for _ in range(4):
                task_id += 1
                done = rng.random() < 0.5
                rows["tasks"].append(
                    {
                        "id": task_id,
                        "matter_id": matter_id,
                        "owner_id": rng.choice([attorney, paralegal]),
                        "title": rng.choice(
                            [
                                "Follow up on the demand letter",
                                "Call the debtor",
                                "Check for returned mail",
                                "Review offer",
                            ]
                        ),
                        "notes": "",
                        "due_on": TODAY + timedelta(days=rng.randint(-20, 40)),
                        "priority": rng.randint(1, 4),
                        "created_by_id": attorney,
                        "created_at": now,
                        "done_at": now if done else None,
                        "done_by_id": attorney if done else None,
                        "version": 1,
                        "for_stage": stage.value,
                    }
                )
        for kind, chance, count in (("cost", 0.25, 2), ("payment", 0.35, 4)):
            if rng.random() >= chance:
                continue
            for _ in range(rng.randint(1, count)):
                entry_id += 1
                on = min(TODAY, placed + timedelta(days=rng.randint(1, 300)))
                amount = rng.randint(2_000, 150_000)
                # One payment in ten is made to the client directly (reported, not in trust).
                received_by = (
                    ("client" if rng.random() < 0.1 else "firm") if kind == "payment" else ""
                )
                rows["ledger"].append(
                    {
                        "id": entry_id,
                        "matter_id": matter_id,
                        "on": on,
                        "kind": kind,
                        "amount_cents": amount,
                        "method": "check" if kind == "payment" else "",
                        "payer": "Debtor" if kind == "payment" else "",
                        "reference": "",
                        "received_by": received_by,
                        "memo": "Filing fee" if kind == "cost" else "",
                        "recorded_by_id": attorney,
                        "recorded_at": now,
                    }
                )
                if received_by == "firm":
                    trust_id += 1
                    rows["trust"].append(
                        {
                            "id": trust_id,
                            "on": on,
                            "kind": "receipt",
                            "amount_cents": amount,
                            "client_id": client_id,
                            "matter_id": matter_id,
                            "ledger_entry_id": entry_id,
                            "counterparty": "Debtor",
                            "reference": "",
                            "memo": "",
                            "recorded_by_id": attorney,
                            "recorded_at": now,
                        }
                    )
        if matter_id % 10_000 == 0 or matter_id == n_matters:
            for name, model in (
                ("matters", Matter),
                ("parties", Party),
                ("addresses", Address),
                ("contacts", ContactPoint),
                ("invoices", Invoice),
                ("events", StageEvent),
                ("holds", Hold),
                ("tasks", Task),
                ("ledger", LedgerEntry),
                ("trust", TrustEntry),
                ("name_keys", PartyNameKey),
            ):
                _insert(model, rows[name])
                counts[name] = counts.get(name, 0) + len(rows[name])
                rows[name].clear()
            db.session.commit()
            print(f"  {matter_id:,} matters", flush=True)
    _insert(ReferenceCounter, [{"year": y, "last_number": n} for y, n in counters.items()])
    db.session.commit()
    return counts


def _user(user_id, email, name, role, password, now) -> dict:
    return {
        "id": user_id,
        "email": email,
        "name": name,
        "role": role,
        "client_id": None,
        "password_hash": password,
        "active": True,
        "session_version": 1,
        "created_at": now,
        "last_login_at": None,
    }


def _insert(model, rows: list[dict]) -> None:
    if rows:
        db.session.execute(insert(model), rows)


if __name__ == "__main__":
    main()
