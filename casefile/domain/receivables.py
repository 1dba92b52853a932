"""Reading a client's receivables export into invoices to place, row by row, with the reasons a
row is refused or skipped. Pure: rows of text in, parsed rows out.

Three shapes are understood, told apart by their header row:

- casefile's own CSV (documented in the README, downloadable from the import page): one header
  line `customer,invoice_number,issue_date,due_date,amount` plus optional `currency`,
  `customer_kind`, `email`, `phone`; ISO dates; plain amounts;
- QuickBooks Online "A/R Aging Detail": title lines, rows grouped under ageing buckets, "Total
  for ..." rows, US dates (MM/DD/YYYY); only "Invoice" rows are debts, placed at their open
  balance;
- Xero "Aged Receivables Detail": rows grouped under each contact's name, "Total ..." rows,
  day-month-year dates ("15 Aug 2026"); the "Total" column is the amount outstanding.

Credit notes and total rows are never debts. Amounts go through `parse_cents` (never float).
"""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from casefile.domain.money import CURRENCIES, AmountError, parse_cents
from casefile.domain.names import LEGAL_FORMS, name_key

CASEFILE_COLUMNS = (
    "customer",
    "invoice_number",
    "issue_date",
    "due_date",
    "amount",
    "currency",
    "customer_kind",
    "email",
    "phone",
)
CASEFILE_REQUIRED = frozenset(CASEFILE_COLUMNS[:5])


@dataclass
class ExportRow:
    """One invoice found in the export, with anything wrong with it."""

    line: int  # 1-based line in the file, as a spreadsheet shows it
    customer: str
    number: str
    issued_on: date | None
    due_on: date | None
    amount_cents: int | None
    currency: str = "USD"
    customer_kind: str = ""  # "person" or "business"; guessed when the export does not say
    email: str = ""
    phone: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class ParsedExport:
    dialect: str  # "casefile", "quickbooks" or "xero"
    rows: list[ExportRow]
    skipped: list[tuple[int, str]]  # (line, why): credit notes, totals, blank lines

    @property
    def errors(self) -> list[ExportRow]:
        return [row for row in self.rows if row.errors]

    def customers(self) -> dict[str, list[ExportRow]]:
        """Invoices grouped by customer, in the order customers first appear."""
        grouped: dict[str, list[ExportRow]] = {}
        names: dict[str, str] = {}
        for row in self.rows:
            name = names.setdefault(row.customer.casefold(), row.customer)
            grouped.setdefault(name, []).append(row)
        return grouped


class UnknownExport(ValueError):
    """No header row of a known shape: the message says what was looked for."""


def parse_export(rows: Iterable[list[str]], today: date) -> ParsedExport:
    """Find the header row, read every row below it, and check each invoice found."""
    rows = [[cell if isinstance(cell, date) else str(cell).strip() for cell in row] for row in rows]
    for index, row in enumerate(rows):
        lowered = [str(cell).lower() for cell in row]
        if set(lowered) >= CASEFILE_REQUIRED:
            parsed = _casefile(rows, index, lowered)
        elif {"transaction type", "num", "customer", "open balance"} <= set(lowered):
            parsed = _quickbooks(rows, index, lowered)
        elif {"invoice date", "invoice number", "due date", "total"} <= set(lowered):
            parsed = _xero(rows, index, lowered)
        else:
            continue
        _check(parsed, today)
        return parsed
    raise UnknownExport(
        "No header row found. Use casefile's CSV template (columns customer, invoice_number, "
        "issue_date, due_date, amount), or a QuickBooks Online A/R Aging Detail or Xero Aged "
        "Receivables Detail export saved as CSV."
    )


MAPPABLE = ("customer", "invoice_number", "issue_date", "due_date", "amount", "currency")
DATE_FORMATS = {
    "%Y-%m-%d": "2026-08-15",
    "%m/%d/%Y": "08/15/2026",
    "%d/%m/%Y": "15/08/2026",
    "%d %b %Y": "15 Aug 2026",
    "%d.%m.%Y": "15.08.2026",
}


@dataclass(frozen=True)
class ColumnMapping:
    """For an export of no known shape: which column (by position) holds what, and how its
    dates are written. The first non-empty row is its header."""

    columns: dict[str, int]  # one of MAPPABLE -> column index
    date_format: str = "%Y-%m-%d"
    decimal_comma: bool = False  # amounts written 1.234,50


def headers(rows: Iterable[list]) -> list[str]:
    """The header cells of an export: its first non-empty row."""
    for row in rows:
        if any(str(cell).strip() for cell in row):
            return [str(cell).strip() for cell in row]
    return []


def parse_mapped(rows: Iterable[list], mapping: ColumnMapping, today: date) -> ParsedExport:
    """Read an export whose columns the client has mapped."""
    missing = [name for name in MAPPABLE[:5] if name not in mapping.columns]
    if missing:
        raise UnknownExport(f"Say which column holds: {', '.join(missing)}.")
    if mapping.date_format not in DATE_FORMATS:
        raise UnknownExport("Choose how the dates are written.")
    rows = [[cell if isinstance(cell, date) else str(cell).strip() for cell in row] for row in rows]
    header_at = next((i for i, row in enumerate(rows) if any(row)), 0)
    found = []
    for line, row in _below(rows, header_at):
        if not any(row):
            continue

        def cell(name, row=row):
            at = mapping.columns.get(name)
            return row[at] if at is not None and at < len(row) else ""

        found.append(
            _row(
                line,
                cell("customer"),
                cell("invoice_number"),
                _date(cell("issue_date"), mapping.date_format),
                _date(cell("due_date"), mapping.date_format),
                _amount_text(cell("amount"), mapping.decimal_comma),
                currency=str(cell("currency")).upper() or "USD",
            )
        )
    parsed = ParsedExport("mapped", found, [])
    _check(parsed, today)
    return parsed


def _amount_text(text: str, decimal_comma: bool) -> str:
    """1.234,50 as 1234.50 when the export writes decimal commas; otherwise as written."""
    if not decimal_comma:
        return text
    return text.replace(".", "").replace(" ", "").replace(",", ".")


def _casefile(rows, header_at, header) -> ParsedExport:
    col = {name: header.index(name) for name in CASEFILE_COLUMNS if name in header}
    found, skipped = [], []
    for line, row in _below(rows, header_at):
        if not any(row):
            continue

        def cell(name, row=row):
            at = col.get(name)
            return row[at] if at is not None and at < len(row) else ""

        kind = cell("customer_kind").lower()
        found.append(
            _row(
                line,
                cell("customer"),
                cell("invoice_number"),
                _date(cell("issue_date"), "%Y-%m-%d"),
                _date(cell("due_date"), "%Y-%m-%d"),
                cell("amount"),
                currency=cell("currency").upper() or "USD",
                customer_kind=kind if kind in ("person", "business") else "",
                email=cell("email"),
                phone=cell("phone"),
            )
        )
        if kind and kind not in ("person", "business"):
            found[-1].errors.append("customer_kind must be person or business")
    return ParsedExport("casefile", found, skipped)


def _quickbooks(rows, header_at, header) -> ParsedExport:
    col = {name: header.index(name) for name in header if name}
    found, skipped = [], []
    for line, row in _below(rows, header_at):
        if not any(row):
            continue
        kind = _at(row, col["transaction type"])
        if not kind:
            # Bucket headings ("1 - 30 days past due"), totals and the footer have no type.
            skipped.append((line, f"not an invoice: {str(row[0])[:60]}"))
            continue
        if kind.lower() != "invoice":
            skipped.append((line, f"{kind} {_at(row, col['num'])}: not a debt"))
            continue
        found.append(
            _row(
                line,
                _at(row, col["customer"]),
                _at(row, col["num"]),
                _date(_at(row, col["date"]), "%m/%d/%Y"),
                _date(_at(row, col["due date"]), "%m/%d/%Y"),
                _at(row, col["open balance"]),
            )
        )
    return ParsedExport("quickbooks", found, skipped)


_XERO_DATE = re.compile(r"^\d{1,2} [A-Za-z]{3} \d{4}$")


def _xero(rows, header_at, header) -> ParsedExport:
    col = {name: header.index(name) for name in header if name}
    found, skipped, contact = [], [], ""
    for line, row in _below(rows, header_at):
        if not any(row):
            continue
        first = row[0]
        if str(first).lower().startswith("total"):
            skipped.append((line, "total row"))
            continue
        if not (isinstance(first, date) or _XERO_DATE.match(first)):
            if any(row[1:]):
                skipped.append((line, f"not an invoice: {first[:60]}"))
            else:
                contact = first  # a contact's heading; its invoices follow
            continue
        amount = _at(row, col["total"])
        if amount.startswith("-"):
            skipped.append((line, f"credit note {_at(row, col['invoice number'])}: not a debt"))
            continue
        found.append(
            _row(
                line,
                contact,
                _at(row, col["invoice number"]),
                _date(first, "%d %b %Y"),
                _date(_at(row, col["due date"]), "%d %b %Y"),
                amount,
            )
        )
    return ParsedExport("xero", found, skipped)


def _row(line, customer, number, issued, due, amount_text, **extra) -> ExportRow:
    errors = []
    if not customer:
        errors.append("customer is missing")
    if not number:
        errors.append("invoice number is missing")
    issued_on, issue_error = issued
    due_on, due_error = due
    errors += [e for e in (issue_error and f"issue date {issue_error}",) if e]
    errors += [e for e in (due_error and f"due date {due_error}",) if e]
    amount_cents = None
    try:
        amount_cents = parse_cents(amount_text.replace("$", "")) if amount_text else None
    except AmountError as error:
        errors.append(str(error))
    if amount_cents is None and not any("not an amount" in e for e in errors):
        errors.append("amount is missing")
    row = ExportRow(line, customer, number, issued_on, due_on, amount_cents, **extra)
    row.errors.extend(errors)
    if not row.customer_kind:
        row.customer_kind = guess_kind(customer)
    return row


def _check(parsed: ParsedExport, today: date) -> None:
    """Rules across a row's fields and across rows."""
    seen: dict[str, int] = {}
    for row in parsed.rows:
        if row.amount_cents is not None and row.amount_cents <= 0:
            row.errors.append("amount must be greater than zero (credit notes are not debts)")
        if row.issued_on and row.due_on and row.due_on < row.issued_on:
            row.errors.append("due date is before the issue date")
        if row.issued_on and row.issued_on > today:
            row.errors.append("issue date is in the future")
        if row.currency not in CURRENCIES:
            row.errors.append(f"currency must be one of {', '.join(CURRENCIES)}")
        if row.number:
            if row.number in seen:
                row.errors.append(f"invoice {row.number} also appears on line {seen[row.number]}")
            else:
                seen[row.number] = row.line


def guess_kind(name: str) -> str:
    """ "Delgado, Maria" reads as a person; "Acme Supply LLC" or "Nguyen Family Farms" as a
    business. Only a "Last, First" name with no legal form counts as a person."""
    if "," not in name:
        return "business"
    words = re.findall(r"[a-z]+", name.lower())
    if any(word in LEGAL_FORMS for word in words) or not name_key(name):
        return "business"
    return "person"


def _below(rows, header_at):
    yield from enumerate(rows[header_at + 1 :], start=header_at + 2)


def _at(row: list[str], index: int) -> str:
    return row[index] if index < len(row) else ""


def _date(text, pattern: str) -> tuple[date | None, str]:
    if isinstance(text, date):  # a spreadsheet's own date cell
        return text, ""
    if not text:
        return None, "is missing"
    try:
        return datetime.strptime(text, pattern).date(), ""
    except ValueError:
        shown = {**DATE_FORMATS, "%Y-%m-%d": "YYYY-MM-DD", "%m/%d/%Y": "MM/DD/YYYY"}
        return None, f"“{text[:30]}” is not a date like {shown[pattern]}"


def read_csv(data: bytes) -> list[list[str]]:
    """The rows of a CSV file as sent: UTF-8 (with or without a byte-order mark) or, failing
    that, Windows-1252 as older accounting exports are; comma, semicolon or tab separated."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text, newline=""), dialect))
