"""A month-end remittance run over a generated firm: the preview, then the run itself.

    python bench/remittances.py --instance bench/data/instance

The run writes (remittances, statement lines, journal lines), so it works on a copy of the
SQLite database in a temporary folder and the generated instance stays as it was. There is no
budget in the issue; the numbers say what a firm waits for at month end.
"""

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from casefile import create_app  # noqa: E402
from casefile.audit.services import Actor  # noqa: E402
from casefile.auth.models import User  # noqa: E402
from casefile.domain.money import format_cents  # noqa: E402
from casefile.domain.roles import Role  # noqa: E402
from casefile.extensions import db  # noqa: E402
from casefile.trust.models import RemittanceItem, TrustEntry  # noqa: E402
from casefile.trust.queries import client_balances, journal_balance  # noqa: E402
from casefile.trust.services import preview_remittances, run_remittances  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", type=Path, default=Path("bench/data/instance"))
    parser.add_argument("--through", type=date.fromisoformat, default=date(2026, 11, 24))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch)
        shutil.copyfile(args.instance / "casefile.db", copy / "casefile.db")
        app = create_app(instance_path=copy)
        with app.app_context():
            receipts = db.session.scalar(select(func.count(TrustEntry.id)))
            started = time.perf_counter()
            preview = preview_remittances(args.through)
            preview_s = time.perf_counter() - started
            attorney = db.session.scalar(select(User).where(User.role == Role.ATTORNEY))
            db.session.rollback()
            started = time.perf_counter()
            result = run_remittances(args.through, Actor(attorney, "bench"), args.through)
            run_s = time.perf_counter() - started
            items = db.session.scalar(select(func.count(RemittanceItem.id)))
            net = sum(r.net_cents for r in result.remittances)
            balanced = journal_balance() == sum(c for _client, c in client_balances())
    print(
        f"{receipts:,} trust receipts; {len(preview)} clients with payments waiting; "
        f"preview {preview_s:.2f} s; run {run_s:.2f} s: {len(result.remittances)} statements, "
        f"{items:,} payments remitted, net to clients {format_cents(net)}; "
        f"journal = sum of client ledgers afterwards: {balanced}"
    )
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    return 0 if balanced else 1


if __name__ == "__main__":
    sys.exit(main())
