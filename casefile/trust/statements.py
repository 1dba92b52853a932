"""A remittance statement as a Word document and as CSV, both from the stored remittance.

The template gets plain strings (formatted amounts), never ORM objects (SECURITY.md). The CSV is
a ledger: one row per payment behind the statement, then each matter's deductions, so that the
amounts of the trust rows add up to the net remitted. Text cells that a spreadsheet would run
as a formula are neutralised.
"""

import csv
import io

from casefile.domain.money import format_basis_points, format_cents
from casefile.letters.rendering import render_docx
from casefile.trust.models import Remittance, RemittanceItem

TEMPLATE = "remittance_statement.docx"
CSV_HEADER = [
    "statement",
    "matter",
    "debtor",
    "date",
    "line",
    "received_by",
    "payer",
    "reference",
    "amount",
]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def statement_filename(remittance: Remittance, extension: str) -> str:
    return f"{remittance.reference}.{extension}"


def statement_docx(remittance: Remittance, firm_name: str) -> bytes:
    return render_docx(TEMPLATE, statement_context(remittance, firm_name))


def statement_context(remittance: Remittance, firm_name: str) -> dict:
    matters = _matters(remittance)
    money = format_cents
    return {
        "firm_name": firm_name,
        "reference": remittance.reference,
        "client_name": remittance.client.name,
        "date": remittance.on.isoformat(),
        "through": remittance.through.isoformat(),
        "first_payment_on": remittance.first_payment_on.isoformat(),
        "fee_percent": format_basis_points(remittance.fee_basis_points),
        "collected_trust": money(remittance.collected_trust_cents),
        "fee": money(remittance.fee_cents),
        "costs_reimbursed": money(remittance.costs_reimbursed_cents),
        "net": money(remittance.net_cents),
        "collected_direct": money(remittance.collected_direct_cents),
        "direct_fee": money(remittance.direct_fee_cents),
        "direct_fee_due": remittance.direct_fee_cents != 0,
        "matters": [
            {
                "reference": line.matter.reference,
                "debtor": line.matter.debtor_name,
                "collected_trust": money(line.collected_trust_cents),
                "fee": money(line.fee_cents),
                "costs_reimbursed": money(line.costs_reimbursed_cents),
                "net": money(line.net_cents),
            }
            for line in remittance.lines
        ],
        "payments": [
            {
                "date": item.ledger_entry.on.isoformat(),
                "reference_matter": matters[item.matter_id][0],
                "payer": _payer(item),
                "reference": item.ledger_entry.reference,
                "received_by": "Firm (trust)" if item.into_trust else "You directly",
                "amount": money(item.amount_cents),
            }
            for item in remittance.items
        ],
    }


def statement_csv(remittance: Remittance) -> str:
    matters = _matters(remittance)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for item in remittance.items:
        reference, debtor = matters[item.matter_id]
        line = "payment" if item.amount_cents > 0 else "returned payment"
        received_by = "firm (trust)" if item.into_trust else "client directly"
        writer.writerow(
            [
                *_text(remittance.reference, reference, debtor, item.ledger_entry.on.isoformat()),
                *_text(line, received_by, _payer(item), item.ledger_entry.reference),
                _amount(item.amount_cents),
            ]
        )
    for line in remittance.lines:
        deductions = (
            ("contingency fee", "firm (trust)", -line.fee_cents),
            ("costs reimbursed", "firm (trust)", -line.costs_reimbursed_cents),
            ("fee invoiced on direct payments", "client directly", line.direct_fee_cents),
        )
        for label, received_by, cents in deductions:
            if cents:
                writer.writerow(
                    [
                        *_text(remittance.reference, line.matter.reference),
                        *_text(line.matter.debtor_name, remittance.on.isoformat()),
                        *_text(label, received_by, "", ""),
                        _amount(cents),
                    ]
                )
    return out.getvalue()


def _matters(remittance: Remittance) -> dict[int, tuple[str, str]]:
    return {
        line.matter_id: (line.matter.reference, line.matter.debtor_name)
        for line in remittance.lines
    }


def _payer(item: RemittanceItem) -> str:
    entry = item.ledger_entry
    return entry.payer or (entry.reverses.payer if entry.reverses is not None else "")


def _amount(cents: int) -> str:
    """A plain number a spreadsheet reads exactly: -1234.50."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def _text(*values: str) -> list[str]:
    """Cells a spreadsheet would evaluate (=, +, -, @) are prefixed with an apostrophe."""
    return [f"'{v}" if v and v.startswith(_FORMULA_STARTS) else v for v in values]
