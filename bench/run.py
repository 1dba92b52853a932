"""Latency of the pages a collection firm opens all day, on a generated firm.

    python bench/run.py --instance bench/data/instance [--requests 200]

Requests go through Flask's test client inside this process: the numbers are server-side time
(routing, session, access checks, queries, template rendering) without network or a WSGI server.
Reports p50/p95/max per scenario, writes bench/results/<date>-<db>.json, and exits 1 when a p95
is over the budget.
"""

import argparse
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casefile import create_app  # noqa: E402
from casefile.auth.models import User  # noqa: E402
from casefile.diary.models import Task  # noqa: E402
from casefile.extensions import db  # noqa: E402
from casefile.matters.models import Matter  # noqa: E402

BUDGET_MS = 100.0
RESULTS = Path(__file__).resolve().parent / "results"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", type=Path, default=Path("bench/data/instance"))
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    settings = {"SQLALCHEMY_DATABASE_URI": args.database_url} if args.database_url else {}
    app = create_app(settings, instance_path=args.instance)
    with app.app_context():
        facts = _facts(app)
        scenarios = _scenarios(facts, random.Random(1))
    client = app.test_client()
    _sign_in(client, facts["attorney_id"], facts["attorney_version"])

    results = {}
    for name, urls in scenarios.items():
        for url in urls[:5]:  # warm up caches and the connection pool
            _get(client, url)
        timings = [_get(client, urls[i % len(urls)]) for i in range(args.requests)]
        results[name] = _summary(timings)
        print(
            f"{name:<28} p50 {results[name]['p50_ms']:7.1f} ms   "
            f"p95 {results[name]['p95_ms']:7.1f} ms   max {results[name]['max_ms']:7.1f} ms"
        )

    report = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "data": facts["counts"],
        "database": facts["database"],
        "requests_per_scenario": args.requests,
        "budget_p95_ms": BUDGET_MS,
        "method": "Flask test client, in-process, server-side time",
        "results": results,
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{datetime.now(UTC):%Y-%m-%d}-{facts['database']['engine']}.json"
    out.write_text(json.dumps(report, indent=2))
    print(f"machine: {report['machine']}")
    print(f"data: {facts['counts']}  database: {facts['database']}")
    print(f"written to {out}")
    over = [name for name, r in results.items() if r["p95_ms"] > BUDGET_MS]
    if over:
        print(f"OVER BUDGET (p95 > {BUDGET_MS:.0f} ms): {', '.join(over)}")
        return 1
    print(f"all p95 within {BUDGET_MS:.0f} ms")
    return 0


def _facts(app) -> dict:
    session = db.session
    matters = session.scalar(select(func.count(Matter.id)))
    busiest = session.execute(
        select(Task.owner_id, func.count())
        .where(Task.done_at.is_(None))
        .group_by(Task.owner_id)
        .order_by(func.count().desc())
        .limit(1)
    ).first()
    attorney = session.scalar(select(User).where(User.role == "attorney").limit(1))
    surname = session.scalar(
        select(Matter.debtor_name).where(Matter.debt_type == "consumer").limit(1)
    ).split()[-1]
    ids = session.scalars(select(Matter.id).order_by(func.random()).limit(200)).all()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    engine = db.engine.dialect.name
    database = {"engine": engine}
    if engine == "sqlite":
        path = Path(db.engine.url.database)
        database |= {
            "sqlite": sqlite3.sqlite_version,
            "size_mb": round(path.stat().st_size / 2**20),
        }
    else:
        database |= {"url": url.split("@")[-1]}
    counts = {
        table: session.scalar(select(func.count()).select_from(db.metadata.tables[table]))
        for table in ("matters", "parties", "invoices", "stage_events", "tasks", "holds")
    }
    return {
        "matters": matters,
        "busiest_owner": busiest[0],
        "busiest_open": busiest[1],
        "attorney_id": attorney.id,
        "attorney_version": attorney.session_version,
        "surname": surname,
        "matter_ids": ids,
        "counts": counts,
        "database": database,
        "page_size": app.config["PAGE_SIZE"],
    }


def _scenarios(facts: dict, rng: random.Random) -> dict[str, list[str]]:
    pages = -(-facts["matters"] // facts["page_size"])
    return {
        "matters list, page 1": ["/matters/"],
        "matters list, filtered": [
            f"/matters/?stage=demand&attorney={facts['attorney_id']}",
            "/matters/?stage=litigation&hold=any",
            "/matters/?client=3&sort=debtor&direction=asc",
        ],
        "matters list, text filter": [
            f"/matters/?q={facts['surname']}",
            "/matters/?q=CF-2025-00",
            "/matters/?q=INV-4242-1",
        ],
        "matters list, deep page": [f"/matters/?page={pages // 2}", f"/matters/?page={pages}"],
        "matter page": [f"/matters/{i}" for i in facts["matter_ids"]],
        "money tab": [f"/matters/{i}/money" for i in facts["matter_ids"]],
        "diary page": [f"/diary/?owner={facts['busiest_owner']}"],
        "trust page": ["/trust/", "/trust/?page=100"],
        "client trust ledger": ["/trust/clients/3", "/trust/clients/7?page=40"],
    }


def _sign_in(client, user_id: int, version: int) -> None:
    now = int(time.time())
    with client.session_transaction() as session:
        session.update(
            {
                "_user_id": f"{user_id}:{version}",
                "_fresh": True,
                "auth_at": now,
                "seen_at": now,
                "reauth_at": now,
            }
        )


def _get(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed


def _summary(timings: list[float]) -> dict:
    ordered = sorted(timings)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 1),
        "max_ms": round(ordered[-1], 1),
        "n": len(ordered),
    }


def _machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.platform(),
    }


if __name__ == "__main__":
    sys.exit(main())
