"""Loading the consumer-debt rules shipped in casefile/data/compliance.json."""

import json
from datetime import date, time
from functools import cache
from pathlib import Path

from casefile.domain.compliance import ConsumerRules

DATA = Path(__file__).resolve().parent.parent / "data" / "compliance.json"


@cache
def _versions() -> tuple[ConsumerRules, ...]:
    raw = json.loads(DATA.read_text())["consumer_rules"]
    versions = [
        ConsumerRules(
            effective=date.fromisoformat(v["effective"]),
            validation_notice_days=int(v["validation_notice_days"]),
            receipt_business_days=int(v["receipt_business_days"]),
            validation_period_days=int(v["validation_period_days"]),
            call_attempts=int(v["call_attempts"]),
            call_window_days=int(v["call_window_days"]),
            quiet_after_conversation_days=int(v["quiet_after_conversation_days"]),
            earliest_call=time.fromisoformat(v["earliest_call"]),
            latest_call=time.fromisoformat(v["latest_call"]),
        )
        for v in raw
    ]
    return tuple(sorted(versions, key=lambda v: v.effective))


def consumer_rules_on(day: date) -> ConsumerRules:
    """The version in force on `day` (the earliest for days before every version)."""
    versions = _versions()
    in_force = [v for v in versions if v.effective <= day]
    return in_force[-1] if in_force else versions[0]
