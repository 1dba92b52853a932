"""The final demand for 1,000 different matters: letters per second, a 1,000-letter batch zip,
peak memory.

    python bench/letters.py                      # generates a 4,400-matter firm in a temp folder
    python bench/letters.py --instance bench/data/instance   # or copies a generated firm

Four measurements, in one process:
1. the merge data (context) of each matter, built by the one context builder;
2. docxtpl's own rendering (`render_plain`: a fresh DocxTemplate per letter) on a sample, the
   baseline;
3. the rendering the app uses (`render_letter`: the template prepared once per version, written
   straight into the zip) for every matter, with every letter of the sample checked to have
   exactly the baseline's text;
4. a batch through the real service (`run_batch`: compliance guard, context, rendering, document
   store, correspondence, audit, search outbox, one transaction per matter) for all the matters,
   with the firm's ladder set to the final demand, to the zip.

Budgets (issue #5): at least 50 letters/s rendering in one process; the 1,000-letter batch
under 30 s. Exits 1 when a budget is missed or a text differs.
"""

import argparse
import io
import json
import os
import platform
import random
import resource
import shutil
import sys
import tempfile
import time
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import docx  # noqa: E402
from sqlalchemy import select  # noqa: E402

from bench.generate import generate  # noqa: E402
from casefile import create_app  # noqa: E402
from casefile.audit.services import Actor  # noqa: E402
from casefile.auth.models import User  # noqa: E402
from casefile.documents.store import document_store  # noqa: E402
from casefile.domain.parties import PartyRole  # noqa: E402
from casefile.domain.roles import Role  # noqa: E402
from casefile.domain.stages import Stage  # noqa: E402
from casefile.extensions import db  # noqa: E402
from casefile.letters import batch, escalation, library  # noqa: E402
from casefile.letters.context import build_context  # noqa: E402
from casefile.letters.rendering import render_letter, render_plain  # noqa: E402
from casefile.matters.models import Address, Matter, Party  # noqa: E402

RENDER_BUDGET = 50.0  # letters per second
BATCH_BUDGET = 30.0  # seconds for 1,000 letters
AS_OF = date(2026, 11, 24)
# The batch runs inline; search indexing (a background thread in production, fed by the outbox
# rows each transaction writes) is left to `flask search sync`, as it is not the batch's work.
SETTINGS = {"LETTER_BATCH_MODE": "inline", "SEARCH_INDEXING": "off"}


def text_of(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(c.text for c in row.cells) for row in table.rows]
    for section in document.sections:
        lines += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return lines


def firm(args, folder: Path):
    """An app on a copy of the given firm, or on a freshly generated one."""
    if args.instance:
        shutil.copyfile(args.instance / "casefile.db", folder / "casefile.db")
        return create_app(SETTINGS, instance_path=folder)
    app = create_app(SETTINGS, instance_path=folder)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        generate(args.firm_matters, random.Random(7))
    return app


def demand_matters(count: int) -> list[Matter]:
    """`count` matters in demand with an attorney and a debtor's address."""
    query = (
        select(Matter)
        .join(Party, (Party.matter_id == Matter.id) & (Party.role == PartyRole.DEBTOR))
        .join(Address, Address.party_id == Party.id)
        .where(Matter.stage == Stage.DEMAND, Matter.attorney_id.is_not(None))
        .distinct()
        .order_by(Matter.id)
        .limit(count)
    )
    return list(db.session.scalars(query))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", type=Path, default=None)
    parser.add_argument("--firm-matters", type=int, default=4400)
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=100, help="letters rendered both ways")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as scratch:
        app = firm(args, Path(scratch))
        with app.app_context():
            results = measure(args)
    results["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    results["machine"] = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores"
    results["python"] = platform.python_version()
    print(json.dumps(results, indent=2))
    out = Path(__file__).parent / "results" / f"{date.today().isoformat()}-letters.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    ok = (
        results["letters_per_second"] >= RENDER_BUDGET
        and results["batch_seconds"] < BATCH_BUDGET
        and results["texts_differing"] == 0
    )
    print("within budget" if ok else "OVER BUDGET OR TEXT DIFFERS")
    return 0 if ok else 1


def measure(args) -> dict:
    store = document_store()
    library.sync_catalog(store)
    template = library.template_by_key("final_demand")
    version = library.current_version(template)
    data = library.version_bytes(version, store)
    matters = demand_matters(args.letters)

    started = time.perf_counter()
    contexts = [build_context(m, template, AS_OF) for m in matters]
    context_s = time.perf_counter() - started

    sample = contexts[: args.sample]
    started = time.perf_counter()
    plain = [render_plain(data, c) for c in sample]
    plain_s = time.perf_counter() - started

    started = time.perf_counter()
    fast = [render_letter(data, c) for c in contexts]
    fast_s = time.perf_counter() - started
    differing = sum(text_of(a) != text_of(b) for a, b in zip(plain, fast, strict=False))
    names = len({c["debtor"]["name"] for c in contexts})
    del fast, plain

    attorney = db.session.scalar(select(User).where(User.role == Role.ATTORNEY).limit(1))
    actor = Actor(attorney, "bench")
    escalation.set_ladder(None, [("final_demand", 0)], actor)
    ids = [m.id for m in matters]
    db.session.commit()
    now = datetime.combine(AS_OF, datetime.min.time(), UTC).replace(hour=15)
    started = time.perf_counter()
    run = batch.start_batch(ids, actor)
    batch.run_batch(run, ids, actor, now, store)
    batch_s = time.perf_counter() - started
    archive = zipfile.ZipFile(io.BytesIO(store.read(run.zip_sha256)))
    report = json.loads(run.report)
    return {
        "matters": len(matters),
        "different_debtors": names,
        "context_seconds": round(context_s, 2),
        "contexts_per_second": round(len(contexts) / context_s, 1),
        "plain_docxtpl_letters_per_second": round(len(sample) / plain_s, 1),
        "letters_per_second": round(len(contexts) / fast_s, 1),
        "texts_compared": len(sample),
        "texts_differing": differing,
        "batch_seconds": round(batch_s, 2),
        "batch_letters": len(report["produced"]),
        "batch_refused": len(report["refused"]),
        "batch_refusals_sample": report["refused"][:3],
        "batch_zip_entries": len(archive.namelist()),
        "batch_zip_mb": round(len(store.read(run.zip_sha256)) / 2**20, 1),
    }


if __name__ == "__main__":
    sys.exit(main())
