"""What each merge field means, with a specimen value.

The builder (`context.py`) makes the fields; this table explains them. A test checks that the
builder makes no field this table lacks, and the field reference page shows each with the value
it has on a real matter. Upload checks render a template against `specimen()`, so a template is
judged by the same fields the builder makes, without needing a matter.
"""

from collections.abc import Mapping

# path -> (description, specimen value). `name[]` is one row of the list `name`.
FIELDS: dict[str, tuple[str, object]] = {
    "letter.date": ("The letter's date (ISO; show it with | date)", "2026-11-24"),
    "letter.title": ("The template's title", "Final demand"),
    "letter.pay_by": ("Payment deadline: the letter's date plus the template's business days, "
                      "skipping weekends and public holidays", "2026-12-09"),
    "letter.response_days": ("Days the debtor has to respond (the diary deadline)", 14),
    "firm.name": ("The firm's name (FIRM_NAME)", "Casefile Demo Firm LLP"),
    "firm.address_lines": ("The firm's address, one item per line (| address)",
                           ["100 Broad Street, Suite 1200", "New York, NY 10004"]),
    "firm.phone": ("The firm's telephone", "(212) 555-0199"),
    "firm.email": ("The firm's e-mail", "letters@demo-firm.example"),
    "attorney.name": ("The responsible attorney (signature block)", "Dana Whitfield"),
    "attorney.email": ("The responsible attorney's e-mail", "attorney@demo.casefile.test"),
    "client.name": ("The client (creditor)", "Acme Industrial Supply Co."),
    "client.contact_name": ("The client's contact person", "Rosa Martinez"),
    "client.address_lines": ("The client's address, one item per line",
                             ["12 Harbor Road", "Newark, NJ 07105"]),
    "client.reference": ("The client's own reference for the matter", "AR-4411"),
    "matter.reference": ("The firm's matter reference", "CF-2026-000123"),
    "matter.stage": ("The matter's stage", "Demand"),
    "matter.debt_type": ("Consumer or Commercial", "Commercial"),
    "matter.consumer": ("True for a consumer debt (for {%p if matter.consumer %})", False),
    "matter.time_barred": (
        "True when the limitation period has run: the letter must say the debt will not be sued on",
        False,
    ),
    "matter.jurisdiction": ("The jurisdiction's name", "New York"),
    "matter.placed_on": ("The date the matter was placed", "2026-09-01"),
    "matter.paralegal": ("The paralegal working the matter", "Sam Okafor"),
    "debtor.name": ("The debtor's name", "Smith & Sons <Holdings> LLC"),
    "debtor.kind": ("Person or Business", "Business"),
    "debtor.salutation": ("The greeting: Dear <name> for a person, Dear Sir or Madam otherwise",
                          "Dear Sir or Madam"),
    "debtor.address_lines": ("The debtor's mailing address, one item per line",
                             ["45 Elm Street", "Albany, NY 12207"]),
    "debtor.email": ("The debtor's e-mail", "ap@smith-sons.example"),
    "debtor.phone": ("The debtor's telephone", "(518) 555-0142"),
    "invoices": ("The unpaid invoices ({%tr for i in invoices %})", None),
    "invoices[].number": ("Invoice number", "INV-1001"),
    "invoices[].issued_on": ("Invoice date", "2026-06-01"),
    "invoices[].due_on": ("Due date", "2026-07-01"),
    "invoices[].amount_cents": ("Amount in cents (| money)", 125000),
    "invoices[].currency": ("Currency code", "USD"),
    "invoices_total_cents": ("Sum of the invoices, cents", 125000),
    "balance.as_of": ("The date of the balance (the letter's date)", "2026-11-24"),
    "balance.principal_cents": ("Principal placed, cents", 125000),
    "balance.interest_cents": ("Interest earned to date, cents", 4315),
    "balance.fees_cents": ("Fees charged, cents", 0),
    "balance.costs_cents": ("Costs charged, cents", 0),
    "balance.paid_cents": ("Payments received, cents", 0),
    "balance.total_cents": ("The amount owed today, cents", 129315),
    "balance.lines": ("The breakdown of the amount owed, adding up to the total", None),
    "balance.lines[].label": ("What the line is", "Invoices (principal)"),
    "balance.lines[].amount_cents": ("The line's amount, cents (payments negative)", 125000),
    "balance.per_diem_cents": ("Interest per day after today, cents", 31),
    "balance.interest_rate": ("The annual rate today", "9.00 %"),
    "payoff.good_through": ("The payoff quote's good-through date", "2026-12-09"),
    "payoff.amount_cents": ("The payoff amount if received by that date, cents", 129780),
    "payoff.per_diem_cents": ("Added for each day after good_through, cents", 31),
    "validation.itemization.date": ("Regulation F itemisation date (latest invoice due date)",
                                    "2026-07-01"),
    "validation.itemization.amount_cents": ("Owed on the itemisation date, cents", 125000),
    "validation.itemization.interest_since_cents": ("Interest since then, cents", 4315),
    "validation.itemization.fees_since_cents": ("Fees and costs since then, cents", 0),
    "validation.itemization.paid_since_cents": ("Paid or credited since then, cents", 0),
    "validation.itemization.current_cents": ("Owed now, cents", 129315),
    "validation.period_end": ("Last day of the validation period (mailed on the letter's date)",
                              "2027-01-07"),
    "payments": ("Payments received ({%tr for p in payments %})", None),
    "payments[].date": ("Payment date", "2026-10-15"),
    "payments[].amount_cents": ("Payment amount, cents", 20000),
    "contacts": ("Prior contacts and attempts, oldest first", None),
    "contacts[].date": ("Date of the contact", "2026-10-01"),
    "contacts[].channel": ("Letter, Call, E-mail", "Letter"),
    "contacts[].summary": ("What it was", "First reminder"),
    "last_letter.date": ("When the latest letter to the debtor was sent", "2026-10-01"),
    "last_letter.title": ("Which letter that was", "First reminder"),
    "settlement.amount_cents": ("The settlement sum, cents", 100000),
    "settlement.pay_by": ("The date the settlement sum must be received", "2026-12-15"),
    "settlement.balance_cents": ("The balance it settles, cents", 129315),
    "settlement.discount_cents": ("Balance less settlement sum, cents", 29315),
    "settlement.discounted": ("True when the sum is less than the balance", True),
    "plan.total_cents": ("The plan's total, cents", 129315),
    "plan.balance_cents": ("The balance today, cents", 129315),
    "plan.down_payment_cents": ("Down payment, cents (0 when none)", 0),
    "plan.has_down_payment": ("True when there is a down payment", False),
    "plan.count": ("Number of regular installments", 6),
    "plan.frequency": ("monthly, weekly or every two weeks", "monthly"),
    "plan.installments": ("The schedule ({%tr for i in plan.installments %})", None),
    "plan.installments[].number": ("Installment number (0 = down payment)", 1),
    "plan.installments[].due_on": ("Due date", "2026-12-15"),
    "plan.installments[].amount_cents": ("Amount, cents", 21552),
    "plan.due_rule": ("The sentence stating when a payment falling on a holiday is due",
                      "A payment whose date falls on a Saturday, a Sunday or a public holiday "
                      "is due on the next business day."),
    "missed.amount_cents": ("The missed installment, cents", 21552),
    "missed.due_on": ("Its due date", "2026-11-15"),
    "missed.cure_by": ("The date by which it must be paid to avoid default", "2026-12-09"),
}  # fmt: skip

LISTS = {path for path, (_text, value) in FIELDS.items() if value is None}


def top_level_names() -> set[str]:
    """The names a template may use at the top level."""
    return {path.split(".")[0].split("[")[0] for path in FIELDS}


def specimen() -> dict:
    """A complete context made of the specimen values (two rows in every list)."""
    root: dict = {}
    for path, (_text, value) in FIELDS.items():
        if path in LISTS:
            continue
        _put(root, path, value)
    return root


def _put(root: dict, path: str, value) -> None:
    head, _, rest = path.partition(".")
    if head.endswith("[]"):
        rows = root.setdefault(head[:-2], [{}, {}])
        for row in rows:
            _put(row, rest, value)
    elif rest:
        _put(root.setdefault(head, {}), rest, value)
    else:
        root[head] = value


def describe(path: str) -> str:
    """The description of `path` as the reference page shows it."""
    text = FIELDS.get(path)
    return text[0] if text else ""


def is_documented(path: str) -> bool:
    return path in FIELDS


def reference_rows(context: Mapping) -> list[dict]:
    """Each documented field with its description and its value in `context` (a real matter);
    the specimen value where the matter has none."""
    from casefile.domain.letters import walk

    real = dict(walk(context))
    return [
        {
            "path": path,
            "description": text,
            "example": real.get(path, example) if real.get(path) not in (None, "") else example,
            "is_list": path in LISTS,
        }
        for path, (text, example) in FIELDS.items()
    ]
