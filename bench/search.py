"""Full-text search: casefile's Whoosh index side by side with SQLite FTS5, on a generated corpus.

    python bench/search.py [--items 100000] [--runs 100] [--data bench/data/search] [--keep]

Generates a deterministic corpus (seeded) of correspondence items over items/10 matters and 60
clients, indexes it with the real schema (`item_document`, `matter_document`,
`SearchIndex.build`), times adding single items to the large index, then runs each query kind
`--runs` times through `casefile.search.query.search` (first page of 20, highlighted from the
texts in SQLite, as staff and as a client user) and the same kinds against an FTS5 table.
Prints a markdown table with PASS/FAIL against the budgets, writes
bench/results/search-<items>.json, and exits 1 when a budget is missed.
"""

import argparse
import calendar
import heapq
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from operator import itemgetter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import whoosh  # noqa: E402

from casefile.config import Defaults  # noqa: E402
from casefile.search.index import SearchIndex  # noqa: E402
from casefile.search.query import Filters, Scope, search  # noqa: E402
from casefile.search.schema import (  # noqa: E402
    ItemRecord,
    MatterFacts,
    item_content,
    item_document,
    matter_document,
)

RESULTS = Path(__file__).resolve().parent / "results"
END = date(2026, 11, 1)  # fixed, so the corpus does not depend on the day it is generated
DAYS = 3 * 365
CLIENTS = 60
PER_PAGE = 20
ADD_BUDGET_MS = 250.0
REBUILD_BUDGET_S = 30 * 60

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
    "Charles",
    "Karen",
    "Christopher",
    "Lisa",
    "Daniel",
    "Nancy",
    "Matthew",
    "Betty",
    "Anthony",
    "Margaret",
    "Mark",
    "Sandra",
    "Donald",
    "Ashley",
    "Steven",
    "Kimberly",
    "Paul",
    "Emily",
    "Andrew",
    "Donna",
    "Joshua",
    "Michelle",
    "Kenneth",
    "Carol",
    "Kevin",
    "Amanda",
    "Brian",
    "Dorothy",
    "George",
    "Melissa",
    "Timothy",
    "Deborah",
    "Ronald",
    "Stephanie",
    "Edward",
    "Rebecca",
    "Jason",
    "Sharon",
    "Jeffrey",
    "Laura",
    "Ryan",
    "Cynthia",
    "Jacob",
    "Kathleen",
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
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Gomez",
    "Phillips",
    "Evans",
    "Turner",
    "Diaz",
    "Parker",
    "Cruz",
    "Edwards",
    "Collins",
    "Reyes",
    "Stewart",
    "Morris",
    "Morales",
    "Murphy",
    "Cook",
    "Rogers",
    "Gutierrez",
    "Ortiz",
    "Morgan",
    "Cooper",
    "Peterson",
    "Bailey",
    "Reed",
    "Kelly",
    "Howard",
    "Ramos",
    "Kim",
    "Cox",
    "Ward",
    "Richardson",
    "Watson",
    "Brooks",
    "Chavez",
    "Wood",
    "James",
    "Bennett",
    "Gray",
    "Mendoza",
    "Ruiz",
    "Hughes",
    "Price",
    "Alvarez",
    "Castillo",
    "Sanders",
    "Patel",
    "Myers",
    "Long",
    "Ross",
    "Foster",
    "Jimenez",
    "Kowalski",
    "Novak",
    "Becker",
    "Schultz",
    "Okafor",
    "Haddad",
]
COMPANY_WORDS = [
    "Acme",
    "Summit",
    "Harbor",
    "Pinnacle",
    "Granite",
    "Riverside",
    "Lakeshore",
    "Evergreen",
    "Keystone",
    "Frontier",
    "Northgate",
    "Silverline",
    "Bluewater",
    "Ironwood",
    "Redstone",
    "Oakridge",
    "Meridian",
    "Cascade",
    "Sterling",
    "Apex",
    "Heritage",
    "Liberty",
    "Coastal",
    "Prairie",
    "Metro",
    "Valley",
    "Crescent",
    "Beacon",
    "Pioneer",
    "Union",
]
COMPANY_KINDS = [
    "Plumbing",
    "Roofing",
    "Logistics",
    "Supply",
    "Builders",
    "Dental",
    "Auto",
    "Foods",
    "Electric",
    "Landscaping",
    "Print",
    "Hardware",
    "Trucking",
    "Catering",
    "Medical",
    "Flooring",
    "Glass",
    "Textiles",
    "Marine",
    "Fitness",
]
SUFFIXES = ["LLC", "Inc.", "Corp.", "Ltd.", "Co.", "Group LLC", "& Sons", "Holdings Inc."]
EMPLOYERS = [
    "Walmart",
    "Target",
    "Home Depot",
    "Kroger",
    "Amazon Fulfillment",
    "UPS",
    "FedEx Ground",
    "Costco",
    "Lowe's",
    "Starbucks",
    "the county school district",
    "Memorial Hospital",
    "the state DOT",
    "Tyson Foods",
    "Allied Security",
    "Sunrise Senior Living",
]
BANKS = ["Chase", "Wells Fargo", "Bank of America", "US Bank", "PNC", "Citizens", "TD Bank"]
STAFF = [f"{first} {last}" for first, last in zip(FIRST[::3], LAST[5::4], strict=False)][:20]
CHANNELS = ["note", "call", "letter", "email", "paper"]
CHANNEL_WEIGHTS = [35, 25, 20, 15, 5]
STAGES = [
    "intake",
    "open",
    "demand",
    "negotiation",
    "settlement",
    "litigation",
    "judgment",
    "enforcement",
    "closed",
]
ORDINALS = ["1st", "5th", "10th", "15th", "20th", "25th", "last day of the month"]
MONTHS = list(calendar.month_name[1:])
INSTALLMENTS = ["three", "four", "six", "nine", "twelve", "eighteen"]
PERCENTS = ["50%", "60%", "65%", "70%", "75%", "80%", "85%"]

SUBJECTS = [
    "Payment promise",
    "Call with debtor",
    "Demand letter sent",
    "Dispute received",
    "Settlement offer",
    "Payment plan agreed",
    "Returned mail",
    "Wage garnishment",
    "Bank levy",
    "Cease and desist",
    "Skip trace results",
    "Judgment entered",
    "Voicemail left",
    "Balance confirmation",
    "Hardship claim",
    "Attorney representation",
    "Bankruptcy notice",
    "Address update",
    "Invoice copies requested",
    "Status update to client",
    "Service of process",
    "Motion for default",
    "Payment received",
    "NSF check",
]
PHRASES = [
    "Debtor promised to pay by the {ordinal}.",
    "Debtor promised to pay {amount} by {month} {day}.",
    "Spoke with the debtor, who disputes the balance and asked for copies of invoice {invoice}.",
    "Wage garnishment at {employer} served on the payroll department.",
    "Employer {employer} confirmed employment; wage garnishment to start next pay period.",
    "Bank levy at {bank} returned {amount} of the {amount2} balance.",
    "Bank levy at {bank} returned nothing: account closed.",
    "Payment plan of {installments} monthly installments of {amount} agreed.",
    "Debtor asked for a payment plan of {installments} monthly installments.",
    "The debtor disputes the balance on invoice {invoice}; verification sent.",
    "Received a cease and desist letter; further calls stopped.",
    "Returned mail: the letter came back marked not at this address.",
    "Settlement offer of {percent} of the balance, valid until {month} {day}.",
    "Client approved the settlement offer of {percent} if paid in one lump sum.",
    "Debtor counter-offered {amount} in full settlement.",
    "Left a voicemail asking the debtor to call back about invoice {invoice}.",
    "Skip trace found a new address and phone number for the debtor.",
    "Demand letter sent by certified mail for {amount} on invoice {invoice}.",
    "Debtor claims financial hardship after losing the job at {employer}.",
    "Debtor is represented by counsel; all contact through the attorney.",
    "Notice of bankruptcy filing received; collection activity on hold.",
    "Payment of {amount} received by check, applied to invoice {invoice}.",
    "Check for {amount} returned NSF by {bank}.",
    "Summons and complaint served on the registered agent.",
    "Motion for default judgment filed; hearing set for {month} {day}.",
    "Judgment entered for {amount} plus costs and post-judgment interest.",
    "Client asked for a status update on the balance of {amount2}.",
    "Debtor says the goods were defective and refuses to pay invoice {invoice}.",
    "Debtor agreed to a post-dated payment of {amount} on the {ordinal}.",
    "Information subpoena served on {bank} for the debtor's accounts.",
]
FILLER = [
    "Will follow up next week.",
    "No answer on the second number.",
    "The conversation was polite and brief.",
    "Noted in the file for the attorney's review.",
    "Client to be informed in the monthly report.",
    "Debtor sounded cooperative.",
    "Diary reminder set for ten days.",
    "Asked the debtor to confirm by email.",
    "Copy saved to the documents tab.",
    "The file was reviewed against the original contract.",
    "Nothing further at this time.",
    "Call lasted about six minutes.",
    "The paralegal will prepare the next letter.",
    "Statement of account attached.",
    "Interest calculated at the contract rate.",
    "Debtor asked us not to call at work.",
    "The spouse answered and took a message.",
    "Reference number quoted on the call.",
]


# Corpus -------------------------------------------------------------------------------------


def _amount(rng: random.Random) -> str:
    return f"${rng.randint(50, 95000):,}.{rng.randint(0, 99):02d}"


def _debtor(rng: random.Random) -> str:
    if rng.random() < 0.45:
        name = f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_KINDS)} {rng.choice(SUFFIXES)}"
        if rng.random() < 0.3:  # a guarantor
            name += f"\n{rng.choice(FIRST)} {rng.choice(LAST)}"
        return name
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    if rng.random() < 0.15:
        name += f"\n{name.split()[0][0]}. {name.split()[1]}"  # an alias
    return name


def matters_of(count: int, seed: int) -> list[tuple[MatterFacts, date]]:
    rng = random.Random(seed)
    out = []
    for matter_id in range(1, count + 1):
        placed = END - timedelta(days=DAYS + rng.randint(0, 365))
        invoices = tuple(f"INV-{rng.randint(100000, 999999)}" for _ in range(rng.randint(1, 4)))
        facts = MatterFacts(
            matter_id=matter_id,
            client_id=rng.randint(1, CLIENTS),
            reference=f"CF-{placed.year}-{matter_id:06d}",
            debtor=_debtor(rng),
            stage=rng.choice(STAGES),
            staff_ids=(rng.randint(1, 8), rng.randint(9, 20)),
            invoices=invoices,
            client_reference=f"ACCT-{rng.randint(10000, 99999)}",
        )
        out.append((facts, placed))
    return out


def items_of(count: int, matters: list, seed: int):
    """Yield `count` ItemRecords; deterministic for a seed."""
    rng = random.Random(seed + 1)
    for item_id in range(1, count + 1):
        facts = matters[rng.randrange(len(matters))][0]
        target = rng.randint(200, 2000)
        values = dict(
            employer=rng.choice(EMPLOYERS),
            bank=rng.choice(BANKS),
            invoice=rng.choice(facts.invoices),
            installments=rng.choice(INSTALLMENTS),
            percent=rng.choice(PERCENTS),
            ordinal=rng.choice(ORDINALS),
            month=rng.choice(MONTHS),
            day=rng.randint(1, 28),
        )
        parts, length = [], 0
        while length < target:
            if rng.random() < 0.55:
                sentence = rng.choice(PHRASES).format(
                    amount=_amount(rng), amount2=_amount(rng), **values
                )
            else:
                sentence = rng.choice(FILLER)
            parts.append(sentence)
            length += len(sentence) + 1
        body = " ".join(parts)[: max(200, target)]
        channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
        direction = "" if channel == "note" else rng.choice(["in", "out"])
        yield ItemRecord(
            id=item_id,
            matter=facts,
            channel=channel,
            direction=direction,
            day=END - timedelta(days=rng.randrange(DAYS)),
            author=rng.choice(STAFF),
            subject=rng.choice(SUBJECTS),
            body=body,
            client_visible=rng.random() < 0.2,
        )


def generate(count: int, seed: int) -> tuple[list[ItemRecord], list[tuple[MatterFacts, date]]]:
    matters = matters_of(max(1, count // 10), seed)
    return list(items_of(count, matters, seed)), matters


def documents_of(items: list[ItemRecord], matters: list) -> Iterator[dict]:
    """The index documents, made as a rebuild makes them (their cost counts in its time) and in
    its order, newest first."""
    newest_matters = sorted(matters, key=lambda matter: matter[1], reverse=True)
    newest_items = sorted(items, key=lambda item: item.day, reverse=True)
    return heapq.merge(
        (matter_document(facts, placed) for facts, placed in newest_matters),
        map(item_document, newest_items),
        key=itemgetter("day"),
        reverse=True,
    )


# SQLite: the texts (as the app's database) and the FTS5 index -------------------------------

FTS_SCHEMA = """
CREATE TABLE docs (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, content TEXT NOT NULL,
    client INTEGER NOT NULL, visible INTEGER NOT NULL, day INTEGER NOT NULL, tags TEXT NOT NULL
);
CREATE VIRTUAL TABLE fts USING fts5(
    content, tags, content='docs', content_rowid='id', tokenize='porter unicode61'
);
"""


def _row(rowid: int, document: dict) -> tuple:
    visible = int(document["visibility"] == "client")
    client = int(document["client"])
    # The restriction as indexed tokens in their own column: "c17 shared" is found from the
    # index like any word, instead of reading every matching row's UNINDEXED columns.
    tags = f"c{client}" + (" shared" if visible else "")
    return (rowid, document["key"], document["content"], client, visible, document["day"], tags)


def load_sqlite(path: Path, documents: Iterable[dict]) -> dict:
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" + FTS_SCHEMA)
    started = time.perf_counter()
    with db:
        db.executemany(
            "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)",
            (_row(rowid, d) for rowid, d in enumerate(documents, 1)),
        )
    table_s = time.perf_counter() - started
    count = db.execute("SELECT count(*) FROM docs").fetchone()[0]
    started = time.perf_counter()
    with db:
        db.execute("INSERT INTO fts(fts) VALUES ('rebuild')")
    fts_s = time.perf_counter() - started
    started = time.perf_counter()
    db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    db.commit()
    optimize_s = time.perf_counter() - started
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return {
        "docs_table_s": round(table_s, 1),
        "fts_build_s": round(fts_s, 1),
        "fts_optimize_s": round(optimize_s, 1),
        "fts_docs_per_s": round(count / (fts_s + optimize_s)),
        "db_mb": round(path.stat().st_size / 2**20, 1),
    }


class Texts:
    """`load_text` for Whoosh highlights: the indexed text by key, from SQLite."""

    def __init__(self, path: Path):
        self.db = sqlite3.connect(path, check_same_thread=False)

    def __call__(self, keys: list[str]) -> dict[str, str]:
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        return dict(self.db.execute(f"SELECT key, content FROM docs WHERE key IN ({marks})", keys))


def fts_search(db, text: str, scope: Scope, filters: Filters, sort: str) -> list:
    match = f"content : ({text})"
    if scope.client_id is not None:
        match += f" AND tags : (c{scope.client_id} AND shared)"
    elif filters.client_id:
        match += f" AND tags : c{filters.client_id}"
    sql = (
        "SELECT docs.key, docs.day, snippet(fts, 0, '<mark>', '</mark>', ' … ', 24) "
        "FROM fts JOIN docs ON docs.id = fts.rowid WHERE fts MATCH ?"
    )
    params: list = [match]
    if filters.date_from:
        sql += " AND docs.day >= ?"
        params.append(filters.date_from.toordinal())
    if filters.date_to:
        sql += " AND docs.day <= ?"
        params.append(filters.date_to.toordinal())
    order = "docs.day DESC" if sort == "date" else "fts.rank"
    sql += f" ORDER BY {order} LIMIT {PER_PAGE}"
    return db.execute(sql, params).fetchall()


# Queries ----------------------------------------------------------------------------------

WORDS = sorted(
    {
        word.strip(".,;:'%$").lower()
        for sentence in PHRASES + FILLER + SUBJECTS
        for word in sentence.replace("{", " {").split()
        if not word.startswith("{") and len(word.strip(".,;:")) > 3 and word.strip(".,;:").isalpha()
    }
    - {"with", "that", "this", "from", "will", "were", "came", "back", "asked", "about", "after"}
)
NAMES = sorted({*LAST, *COMPANY_WORDS, *COMPANY_KINDS})
PHRASE_QUERIES = [
    '"wage garnishment"',
    '"bank levy"',
    '"payment plan"',
    '"disputes the balance"',
    '"cease and desist"',
    '"returned mail"',
    '"settlement offer"',
    '"promised to pay"',
    '"monthly installments"',
    '"default judgment"',
    '"financial hardship"',
    '"certified mail"',
]


def query_sets(rng: random.Random, runs: int, matters: list) -> dict[str, list[tuple]]:
    """kind -> [(text, Filters, sort)] with `runs` entries, the same for both engines."""
    vocabulary = WORDS + NAMES
    invoices = [inv for facts, _ in matters[:2000] for inv in facts.invoices]

    def single():
        roll = rng.random()
        if roll < 0.7:
            return rng.choice(vocabulary)
        return rng.choice(invoices) if roll < 0.85 else rng.choice(LAST)

    def prefix():
        if rng.random() < 0.3:
            return rng.choice(["garnish*", "settl*", "levy*", "install*", "disput*"])
        word = rng.choice(vocabulary).lower()
        return word[: rng.randint(3, min(5, len(word)))] + "*"

    def date_range():
        days = rng.randint(30, 180)
        start = END - timedelta(days=rng.randint(days, DAYS))
        return Filters(date_from=start, date_to=start + timedelta(days=days))

    ranked = {
        "single term": lambda: (single(), Filters()),
        "two terms": lambda: (f"{rng.choice(vocabulary)} {rng.choice(vocabulary)}", Filters()),
        "phrase": lambda: (rng.choice(PHRASE_QUERIES), Filters()),
        "prefix": lambda: (prefix(), Filters()),
        "client filter": lambda: (single(), Filters(client_id=rng.randint(1, CLIENTS))),
        "date range": lambda: (rng.choice(vocabulary), date_range()),
    }
    sets = {kind: [(*make(), "relevance") for _ in range(runs)] for kind, make in ranked.items()}
    sets["newest first"] = [(single(), Filters(), "date") for _ in range(runs)]
    return sets


def _clean_for_fts(text: str) -> str:
    # FTS5 syntax: a bare INV-123456 would be read as a column filter / NOT; quote such words.
    if text.startswith('"'):
        return text
    out = []
    for word in text.split():
        if word.startswith('"') or word.endswith("*"):
            out.append(word)
        elif not word.isalnum():
            out.append('"' + word.replace('"', "") + '"')
        else:
            out.append(word)
    return " ".join(out)


def _timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def _summary(timings: list[float]) -> dict:
    ordered = sorted(timings)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 1),
        "max_ms": round(ordered[-1], 1),
        "n": len(ordered),
    }


def _machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next(
        (ln.split(":", 1)[1].strip() for ln in cpuinfo if ln.startswith("model name")),
        platform.processor(),
    )
    mem_kb = next(
        int(ln.split()[1])
        for ln in Path("/proc/meminfo").read_text().splitlines()
        if ln.startswith("MemTotal")
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "whoosh": whoosh.versionstring(),
        "sqlite": sqlite3.sqlite_version,
    }


def _size_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


# Main -------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=100, help="queries per kind and scope")
    parser.add_argument("--additions", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--limitmb",
        type=int,
        default=Defaults.SEARCH_INDEX_MEMORY_MB,
        help="Whoosh writer memory, shared by the processes (default: the app's)",
    )
    parser.add_argument("--procs", type=int, default=os.cpu_count(), help="rebuild processes")
    parser.add_argument("--data", type=Path, default=Path("bench/data/search"))
    parser.add_argument("--keep", action="store_true", help="keep the index and database")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="query the index and database kept (--keep) by an earlier run of the same size",
    )
    args = parser.parse_args()

    folder = args.data / f"items-{args.items}"
    if args.reuse:
        return _reuse(args, folder)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    report: dict = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "items": args.items,
    }

    started = time.perf_counter()
    items, matters = generate(args.items, args.seed)
    generate_s = time.perf_counter() - started
    sizes = [len(item_content(i.subject, i.body, i.attachments, i.matter)) for i in items]
    report["corpus"] = {
        "items": args.items,
        "matters": len(matters),
        "clients": CLIENTS,
        "documents": len(items) + len(matters),
        "generate_s": round(generate_s, 1),
        "mean_item_chars": round(statistics.mean(sizes)),
        "text_mb": round(sum(sizes) / 2**20, 1),
        "client_visible_share": round(sum(i.client_visible for i in items) / args.items, 3),
    }
    print(f"corpus: {report['corpus']}", flush=True)

    # SQLite texts + FTS5
    database = folder / "texts.sqlite"
    report["fts5_build"] = load_sqlite(database, documents_of(items, matters))
    print(f"fts5 build: {report['fts5_build']}", flush=True)

    # Whoosh bulk build
    index = SearchIndex(folder / "index")
    last = [time.perf_counter()]

    def progress(count: int) -> None:
        if count % 100_000 == 0:
            now = time.perf_counter()
            print(
                f"  whoosh: {count:,} documents ({now - last[0]:.0f} s for the last 100,000)",
                flush=True,
            )
            last[0] = now

    started = time.perf_counter()
    with index.exclusive(wait=True):
        count = index.build(
            documents_of(items, matters), progress, limitmb=args.limitmb, procs=args.procs
        )
    build_s = time.perf_counter() - started
    rate = count / build_s
    report["whoosh_build"] = {
        "wall_s": round(build_s, 1),
        "docs_per_s": round(rate),
        "index_mb": _size_mb(folder / "index"),
        "segments": len(index.segments()),
        "processes": args.procs,
        "limitmb": args.limitmb,
        "rebuild_1m_s": round(1_100_000 / rate),  # 1M items + 100k matters
        "rebuild_1m_extrapolated": args.items < 1_000_000,
    }
    print(f"whoosh build: {report['whoosh_build']}", flush=True)
    del items
    (folder / "build.json").write_text(
        json.dumps({k: report[k] for k in ("corpus", "fts5_build", "whoosh_build")}, indent=2)
    )
    return _measure(args, folder, report, index, database, matters)


def _reuse(args, folder: Path) -> int:
    report = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "items": args.items,
        **json.loads((folder / "build.json").read_text()),
        "reused_index": True,
    }
    matters = matters_of(max(1, args.items // 10), args.seed)
    return _measure(
        args, folder, report, SearchIndex(folder / "index"), folder / "texts.sqlite", matters
    )


def _measure(args, folder, report, index, database, matters) -> int:

    texts = Texts(database)

    # Cold open: a fresh SearchIndex (no cached searcher), then the first query
    cold = SearchIndex(folder / "index")
    open_ms, _ = _timed(lambda: cold.searcher().__enter__())
    first_ms, _ = _timed(lambda: search(cold, "garnishment", Scope(), Filters(), texts))
    report["whoosh_cold"] = {"open_ms": round(open_ms, 1), "first_query_ms": round(first_ms, 1)}
    print(f"whoosh cold: {report['whoosh_cold']}", flush=True)

    # Queries
    rng = random.Random(args.seed + 7)
    sets = query_sets(rng, args.runs, matters)
    clients = [rng.randint(1, CLIENTS) for _ in range(args.runs)]
    fts = sqlite3.connect(database)
    fts.execute("PRAGMA query_only=1")
    engines = {
        "whoosh": lambda text, scope, filters, sort: _whoosh_page(
            search(cold, text, scope, filters, texts, sort=sort), timeouts
        ),
        "fts5": lambda text, scope, filters, sort: fts_search(
            fts, _clean_for_fts(text), scope, filters, sort
        ),
    }
    queries: dict = {}
    timeouts = [0]
    for kind, entries in sets.items():
        queries[kind] = {}
        for engine, run in engines.items():
            for who in ("staff", "client"):
                scopes = [Scope() if who == "staff" else Scope(client_id=c) for c in clients]
                for (text, filters, sort), scope in list(zip(entries, scopes, strict=True))[:5]:
                    run(text, scope, filters, sort)  # warm caches
                timings, hits = [], 0
                timeouts[0] = 0
                for (text, filters, sort), scope in zip(entries, scopes, strict=True):
                    elapsed, result = _timed(
                        lambda t=text, s=scope, f=filters, o=sort, r=run: r(t, s, f, o)
                    )
                    timings.append(elapsed)
                    hits += len(result)
                queries[kind][f"{engine} {who}"] = (
                    _summary(timings)
                    | {"mean_hits": round(hits / len(timings), 1)}
                    | ({"timed_out": timeouts[0]} if engine == "whoosh" else {})
                )
        print(
            f"{kind}: "
            + "  ".join(f"{name} {r['p50_ms']}/{r['p95_ms']}" for name, r in queries[kind].items()),
            flush=True,
        )
    report["queries"] = queries
    report["examples"] = {kind: [e[0] for e in entries[:6]] for kind, entries in sets.items()}

    # Adding one item to the large index (and, for comparison, to FTS5)
    extra = list(items_of(args.additions, matters, args.seed + 99))
    add_ms, fts_add_ms = [], []
    write = sqlite3.connect(database)
    last_item = write.execute(  # after any added by an earlier run on a kept index (--reuse)
        "SELECT max(CAST(substr(key, 2) AS INTEGER)) FROM docs WHERE key LIKE 'c%'"
    ).fetchone()[0]
    for offset, item in enumerate(extra, 1):
        item = ItemRecord(**{**item.__dict__, "id": last_item + offset})
        document = item_document(item)
        elapsed, _ = _timed(lambda d=document: _whoosh_add(index, d))
        add_ms.append(elapsed)
        elapsed, _ = _timed(lambda d=document: _fts_add(write, d))
        fts_add_ms.append(elapsed)
    report["add_one"] = {"whoosh": _summary(add_ms), "fts5": _summary(fts_add_ms)}
    report["whoosh_index_mb_after_adds"] = _size_mb(folder / "index")

    budget_ms = 50.0 if args.items <= 100_000 else 250.0
    report["budgets"] = {
        "query_p95_ms": budget_ms,
        "add_one_ms": ADD_BUDGET_MS,
        "rebuild_1m_s": REBUILD_BUDGET_S,
    }
    failed = _print(report, budget_ms)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"search-{args.items}.json"
    out.write_text(json.dumps(report, indent=2))
    print(f"\nwritten to {out}")
    if not args.keep:
        texts.db.close()
        fts.close()
        write.close()
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if failed else 0


def _whoosh_page(page, timeouts: list) -> list:
    timeouts[0] += page.timed_out
    return page.hits


def _whoosh_add(index: SearchIndex, document: dict) -> None:
    with index.exclusive(wait=True):
        index.apply([document])


def _fts_add(db, document: dict) -> None:
    with db:
        rowid = db.execute("SELECT max(id) + 1 FROM docs").fetchone()[0]
        row = _row(rowid, document)
        db.execute("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)", row)
        db.execute(
            "INSERT INTO fts(rowid, content, tags) VALUES (?, ?, ?)", (rowid, row[2], row[6])
        )


def _print(report: dict, budget_ms: float) -> list[str]:
    m = report["machine"]
    print(
        f"\nmachine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, Python {m['python']}, "
        f"whoosh {m['whoosh']}, SQLite {m['sqlite']}; {report['items']:,} items"
    )
    columns = ["whoosh staff", "whoosh client", "fts5 staff", "fts5 client"]
    print(
        f"\nfirst page of {PER_PAGE} with highlights, p50 / p95 ms "
        f"(budget p95 < {budget_ms:.0f} ms)\n"
    )
    print("| kind | " + " | ".join(columns) + " | Whoosh budget |")
    print("| --- | " + " | ".join("---:" for _ in columns) + " | --- |")
    failed = []
    for kind, row in report["queries"].items():
        cells = [
            f"{row[c]['p50_ms']:.1f} / {row[c]['p95_ms']:.1f}"
            + (f" ({row[c]['timed_out']} timed out)" if row[c].get("timed_out") else "")
            for c in columns
        ]
        ok = all(row[c]["p95_ms"] < budget_ms for c in columns[:2])
        fts_ok = all(row[c]["p95_ms"] < budget_ms for c in columns[2:])
        if not ok:
            failed.append(f"query {kind}")
        verdict = ("PASS" if ok else "FAIL") + f" (FTS5 {'PASS' if fts_ok else 'FAIL'})"
        print(f"| {kind} | " + " | ".join(cells) + f" | {verdict} |")
    build, add = report["whoosh_build"], report["add_one"]
    fts = report["fts5_build"]
    add_ok = add["whoosh"]["p95_ms"] < ADD_BUDGET_MS
    rebuild_ok = build["rebuild_1m_s"] < REBUILD_BUDGET_S
    failed += [] if add_ok else ["add one"]
    failed += [] if rebuild_ok else ["rebuild"]
    print(
        f"\nwhoosh bulk build: {build['wall_s']} s, {build['docs_per_s']:,} documents/s, "
        f"index {build['index_mb']} MB on disk; cold open {report['whoosh_cold']['open_ms']} ms, "
        f"first query {report['whoosh_cold']['first_query_ms']} ms"
    )
    print(
        f"fts5 build: docs table {fts['docs_table_s']} s + fts rebuild {fts['fts_build_s']} s + "
        f"optimize {fts['fts_optimize_s']} s ({fts['fts_docs_per_s']:,} documents/s), "
        f"database {fts['db_mb']} MB (texts + FTS5)"
    )
    print(
        f"add one item (whoosh, lock + commit): p50 {add['whoosh']['p50_ms']} ms, "
        f"p95 {add['whoosh']['p95_ms']} ms, max {add['whoosh']['max_ms']} ms "
        f"(budget {ADD_BUDGET_MS:.0f} ms): {'PASS' if add_ok else 'FAIL'}; "
        f"fts5 p50 {add['fts5']['p50_ms']} ms, p95 {add['fts5']['p95_ms']} ms"
    )
    label = (
        "extrapolated from the measured rate" if build["rebuild_1m_extrapolated"] else "measured"
    )
    print(
        f"full rebuild of 1,000,000 items (+100,000 matters): {build['rebuild_1m_s'] / 60:.1f} min "
        f"({label}; budget 30 min): {'PASS' if rebuild_ok else 'FAIL'}"
    )
    return failed


if __name__ == "__main__":
    sys.exit(main())
