"""Placing matters from a receivables export: upload, preview every row, place all or nothing.

The file is kept as sent (with its hash) so that what is previewed is exactly what is placed.
Invoices the client has already placed (same invoice number on one of its matters) are shown
and skipped, so uploading the same export twice places nothing twice.
"""

import hashlib
import io
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal

import openpyxl
from sqlalchemy import select

from casefile.audit.services import Actor, record
from casefile.auth.permissions import require
from casefile.database import transaction
from casefile.domain.errors import CasefileError, NotPermittedError
from casefile.domain.filetypes import FileRefused, check_office_zip
from casefile.domain.parties import DebtType, PartyKind
from casefile.domain.receivables import (
    ColumnMapping,
    ExportRow,
    ParsedExport,
    UnknownExport,
    headers,
    parse_export,
    parse_mapped,
    read_csv,
)
from casefile.domain.roles import Capability
from casefile.extensions import db
from casefile.intake.models import ImportBatch
from casefile.matters.models import Invoice, Matter
from casefile.matters.services import InvoiceData, MatterData, PartyData, Placement, place_matters
from casefile.types import utcnow

MAX_EXPORT_BYTES = 5 * 1024 * 1024


def upload_export(filename: str, data: bytes, actor: Actor, today: date) -> ImportBatch:
    """Keep an uploaded export for preview; refused when it is not an export casefile reads."""
    require(actor.user, Capability.PLACE_MATTERS)
    _check_file(filename, data)
    try:
        rows = _rows(filename, data)
    except FileRefused as error:
        raise CasefileError(str(error), field="file") from error
    try:
        parsed = parse_export(rows, today)
    except UnknownExport as error:
        if len(headers(rows)) < 5:  # too few columns to hold an invoice: not an export at all
            raise CasefileError(str(error), field="file") from error
        parsed = ParsedExport("unmapped", [], [])  # the client maps its columns next
    else:
        if not parsed.rows:
            raise CasefileError("The file holds no invoices to place.", field="file")
    with transaction():
        batch = ImportBatch(
            client_id=actor.user.client_id,
            filename=filename[-200:],
            sha256=hashlib.sha256(data).hexdigest(),
            size_bytes=len(data),
            content=data,
            dialect=parsed.dialect,
            rows_found=len(parsed.rows),
            uploaded_by_id=actor.user_id,
        )
        db.session.add(batch)
        db.session.flush()
        record(
            actor,
            "intake.export_uploaded",
            "import_batch",
            batch.id,
            client_id=batch.client_id,
            summary=f"{batch.filename} ({parsed.dialect}, {len(parsed.rows)} invoices)",
        )
    return batch


@dataclass
class Preview:
    parsed: ParsedExport
    already_placed: dict[str, str] = field(default_factory=dict)  # invoice number -> reference

    @property
    def to_place(self) -> list[ExportRow]:
        return [row for row in self.parsed.rows if row.number not in self.already_placed]

    @property
    def customers(self) -> dict[str, list[ExportRow]]:
        grouped: dict[str, list[ExportRow]] = {}
        for name, rows in self.parsed.customers().items():
            if fresh := [row for row in rows if row.number not in self.already_placed]:
                grouped[name] = fresh
        return grouped

    @property
    def total_cents(self) -> int:
        return sum(row.amount_cents or 0 for row in self.to_place)


def set_mapping(batch: ImportBatch, mapping: ColumnMapping, actor: Actor, today: date) -> None:
    """Record which column holds what in an export of no known shape."""
    require(actor.user, Capability.PLACE_MATTERS)
    if actor.user.client_id != batch.client_id:
        raise NotPermittedError("This upload belongs to another client.")
    if batch.status != "previewed":
        raise CasefileError("This file has already been placed.")
    try:
        parsed = parse_mapped(_rows(batch.filename, batch.content), mapping, today)
    except UnknownExport as error:
        raise CasefileError(str(error)) from error
    with transaction():
        batch.mapping = json.dumps(asdict(mapping))
        batch.dialect, batch.rows_found = "mapped", len(parsed.rows)


def column_headers(batch: ImportBatch) -> list[str]:
    return headers(_rows(batch.filename, batch.content))


def _parsed(batch: ImportBatch, today: date) -> ParsedExport:
    rows = _rows(batch.filename, batch.content)
    if batch.dialect == "unmapped":
        raise CasefileError("Say which column holds what before the rows can be read.")
    if batch.dialect == "mapped":
        return parse_mapped(rows, ColumnMapping(**json.loads(batch.mapping)), today)
    return parse_export(rows, today)


def preview(batch: ImportBatch, today: date) -> Preview:
    """Every row as it would be placed, with its errors, and what is already on file."""
    parsed = _parsed(batch, today)
    numbers = [row.number for row in parsed.rows if row.number]
    placed = db.session.execute(
        select(Invoice.number, Matter.reference)
        .join(Matter, Matter.id == Invoice.matter_id)
        .where(Matter.client_id == batch.client_id, Invoice.number.in_(numbers))
    )
    return Preview(parsed, dict(placed.all()))


def place_export(
    batch: ImportBatch,
    debt_type: DebtType,
    jurisdiction: str,
    actor: Actor,
    today: date,
) -> list[Matter]:
    """Place one matter per customer, with its invoices, at intake: all of them or none."""
    require(actor.user, Capability.PLACE_MATTERS)
    if actor.user.client_id != batch.client_id:
        raise NotPermittedError("This upload belongs to another client.")
    if batch.status != "previewed":
        raise CasefileError("This file has already been placed.")
    found = preview(batch, today)
    if found.parsed.errors:
        raise CasefileError(
            f"{len(found.parsed.errors)} row(s) have errors: correct them in the file and "
            "upload it again. Nothing was placed."
        )
    if not found.to_place:
        raise CasefileError("Every invoice in this file is already placed. Nothing was placed.")
    placements = [
        Placement(
            PartyData(
                name=customer,
                kind=PartyKind(rows[0].customer_kind or "business"),
                emails=[rows[0].email] if rows[0].email else [],
                phones=[rows[0].phone] if rows[0].phone else [],
            ),
            [
                InvoiceData(r.number, r.issued_on, r.due_on, r.amount_cents, r.currency)
                for r in rows
            ],
        )
        for customer, rows in found.customers.items()
    ]
    with transaction():
        matter_ids = place_matters(
            MatterData(
                client_id=batch.client_id,
                debt_type=debt_type,
                jurisdiction=jurisdiction,
                placed_on=today,
                client_reference=f"{batch.filename[:40]} #{batch.id}",
            ),
            placements,
            actor,
            today,
        )
        batch.status, batch.placed_at = "placed", utcnow()
        batch.matters_placed = len(matter_ids)
        batch.invoices_placed = len(found.to_place)
        batch.invoices_skipped = len(found.already_placed)
        record(
            actor,
            "intake.export_placed",
            "import_batch",
            batch.id,
            client_id=batch.client_id,
            summary=f"{len(matter_ids)} matter(s), {len(found.to_place)} invoice(s) placed; "
            f"{len(found.already_placed)} already on file",
        )
    return list(
        db.session.scalars(select(Matter).where(Matter.id.in_(matter_ids)).order_by(Matter.id))
    )


def _invoice(row: ExportRow) -> InvoiceData:
    return InvoiceData(row.number, row.issued_on, row.due_on, row.amount_cents, row.currency)


def _rows(filename: str, data: bytes) -> list[list]:
    if filename.lower().endswith(".xlsx"):
        return read_xlsx(data)
    return read_csv(data)


def _check_file(filename: str, data: bytes) -> None:
    is_xlsx = filename.lower().endswith(".xlsx")
    if not (is_xlsx or filename.lower().endswith((".csv", ".txt"))):
        raise CasefileError("Upload the export as a .csv or .xlsx file.", field="file")
    if not data:
        raise CasefileError("The file is empty.", field="file")
    if len(data) > MAX_EXPORT_BYTES:
        raise CasefileError(
            f"The file is larger than {MAX_EXPORT_BYTES // (1024 * 1024)} MB.", field="file"
        )
    if is_xlsx != (data[:4] == b"PK\x03\x04") or (not is_xlsx and b"\x00" in data[:8192]):
        raise CasefileError(
            f"{filename} is not what its name says: a .csv must be text, an .xlsx a workbook.",
            field="file",
        )


def read_xlsx(data: bytes) -> list[list]:
    """The rows of the first sheet of an .xlsx export: text as text, dates as dates, numbers
    as their shortest decimal text (a spreadsheet stores 15685.26 as a binary float; its
    shortest repr is exactly what was typed, and parse_cents then checks two decimals)."""
    check_office_zip("The workbook", data, "xl/workbook.xml")
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [[_xlsx_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _xlsx_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return format(Decimal(repr(value)), "f")
    return str(value)
