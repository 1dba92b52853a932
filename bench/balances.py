"""Balances as of today for every matter of a generated firm (a portfolio report's work).

    python bench/balances.py --instance bench/data/instance

Budget (money issue): all 100,000 matters in under 5 seconds. Loads rows in bulk and computes
each balance with the same domain function as the Money tab; reports the time of each part.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casefile import create_app  # noqa: E402
from casefile.domain.money import format_cents  # noqa: E402
from casefile.ledger.portfolio import portfolio_balances  # noqa: E402

BUDGET_S = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", type=Path, default=Path("bench/data/instance"))
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 24))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    app = create_app(instance_path=args.instance)
    timings = []
    with app.app_context():
        for _ in range(args.runs):
            started = time.perf_counter()
            count = total = 0
            for _matter_id, owed in portfolio_balances(args.as_of, workers=args.workers):
                count += 1
                total += owed.total_cents
            timings.append(time.perf_counter() - started)
    best, worst, median = min(timings), max(timings), statistics.median(timings)
    print(
        f"{count:,} balances as of {args.as_of} with {args.workers} process(es): "
        f"best {best:.2f} s, median {median:.2f} s, worst {worst:.2f} s over {args.runs} runs "
        f"({', '.join(f'{t:.2f}' for t in timings)}); portfolio owed {format_cents(total)}"
    )
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    # The median decides: on a shared virtual machine single runs vary by +-30 %.
    if median > BUDGET_S:
        print(f"OVER BUDGET: median {median:.2f} s > {BUDGET_S:.0f} s")
        return 1
    print(f"within the {BUDGET_S:.0f} s budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
