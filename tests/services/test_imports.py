"""Placing matters from receivables exports: exact counts and totals, all or nothing, once."""

import io
import re
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from casefile.audit.models import AuditEvent
from casefile.audit.services import verify_chain
from casefile.domain.errors import CasefileError, NotPermittedError
from casefile.domain.parties import DebtType, PartyKind
from casefile.domain.receivables import read_csv
from casefile.domain.roles import Role
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.intake.imports import place_export, preview, upload_export
from casefile.intake.queries import conflicts
from casefile.matters import services as matter_services
from casefile.matters.models import Invoice, Matter
from tests.factories import TODAY

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
QUICKBOOKS = (FIXTURES / "quickbooks-ar-aging-detail.csv").read_bytes()
XERO = (FIXTURES / "xero-aged-receivables-detail.csv").read_bytes()


@pytest.fixture
def placer(make):
    client = make.client("Northwind Supply Co.")
    return client, make.actor(make.user(Role.CLIENT, client=client))


def counts():
    return (
        db.session.scalar(select(func.count(Matter.id))),
        db.session.scalar(select(func.count(Invoice.id))),
        db.session.scalar(select(func.coalesce(func.sum(Invoice.amount_cents), 0))),
    )


@pytest.mark.parametrize("export", [QUICKBOOKS, XERO], ids=["quickbooks", "xero"])
def test_a_sample_export_places_every_invoice_once_grouped_by_customer(placer, export):
    client, actor = placer
    batch = upload_export("aging.csv", export, actor, TODAY)
    matters = place_export(batch, DebtType.COMMERCIAL, "NY", actor, TODAY)
    # 33 invoices, $355,375.92, for 15 customers (see tests/domain/test_receivables.py)
    assert counts() == (15, 33, 35_537_592)
    assert {m.stage for m in matters} == {Stage.INTAKE}
    assert {m.client_id for m in matters} == {client.id}
    nguyen = next(m for m in matters if m.debtor_name == "Nguyen Family Farms")
    assert len(nguyen.invoices) == 4
    delgado = next(m for m in matters if m.debtor_name == "Delgado, Maria")
    assert delgado.parties[0].kind is PartyKind.PERSON
    assert (batch.status, batch.matters_placed, batch.invoices_placed) == ("placed", 15, 33)


def test_the_same_invoices_uploaded_again_are_not_placed_twice(placer):
    _, actor = placer
    place_export(
        upload_export("qb.csv", QUICKBOOKS, actor, TODAY), DebtType.COMMERCIAL, "NY", actor, TODAY
    )
    again = upload_export("xero.csv", XERO, actor, TODAY)  # the same invoices, Xero-shaped
    shown = preview(again, TODAY)
    assert len(shown.already_placed) == 0  # Xero numbers them INV-1040, QuickBooks 1040
    qb_again = upload_export("qb-again.csv", QUICKBOOKS, actor, TODAY)
    assert len(preview(qb_again, TODAY).already_placed) == 33
    with pytest.raises(CasefileError, match="already placed"):
        place_export(qb_again, DebtType.COMMERCIAL, "NY", actor, TODAY)
    assert counts()[:2] == (15, 33)


def test_a_file_with_a_bad_row_places_nothing(placer):
    _, actor = placer
    bad = QUICKBOOKS.replace(b'"1,289.60",519.36', b'"1,289.60",519.365')
    batch = upload_export("bad.csv", bad, actor, TODAY)
    [wrong] = preview(batch, TODAY).parsed.errors
    assert wrong.number == "1045"
    with pytest.raises(CasefileError, match="1 row\\(s\\) have errors"):
        place_export(batch, DebtType.COMMERCIAL, "NY", actor, TODAY)
    assert counts() == (0, 0, 0)


def test_a_failure_half_way_leaves_no_matter_and_no_invoice(placer, monkeypatch):
    _, actor = placer
    batch = upload_export("qb.csv", QUICKBOOKS, actor, TODAY)

    def audit_store_fails(*_args, **_kwargs):
        # By now every matter, party and invoice of the file has been inserted.
        assert db.session.scalar(select(func.count(Invoice.id))) == 33
        raise OSError("disk full")

    monkeypatch.setattr(matter_services, "record_many", audit_store_fails)
    with pytest.raises(OSError, match="disk full"):
        place_export(batch, DebtType.COMMERCIAL, "NY", actor, TODAY)
    db.session.expire_all()
    assert counts() == (0, 0, 0)
    assert batch.status == "previewed"


def test_another_clients_user_cannot_place_an_upload(placer, make):
    _, actor = placer
    batch = upload_export("qb.csv", QUICKBOOKS, actor, TODAY)
    stranger = make.actor(make.user(Role.CLIENT, client=make.client()))
    with pytest.raises(NotPermittedError):
        place_export(batch, DebtType.COMMERCIAL, "NY", stranger, TODAY)


@pytest.mark.parametrize(
    ("name", "data", "complaint"),
    [
        ("aging.pdf", QUICKBOOKS, "as a .csv or .xlsx file"),
        ("aging.xlsx", QUICKBOOKS, "not what its name says"),
        ("aging.csv", b"", "empty"),
        ("aging.csv", b"PK\x03\x04binary", "not what its name says"),
        ("aging.xlsx", b"PK\x03\x04binary", "not a readable Office document"),
        ("aging.csv", b"name,total\nAcme,12.00\n", "No header row found"),
    ],
)
def test_an_upload_that_is_not_an_export_is_refused_with_the_reason(placer, name, data, complaint):
    _, actor = placer
    with pytest.raises(CasefileError, match=complaint):
        upload_export(name, data, actor, TODAY)


def test_a_bulk_placement_keeps_the_audit_chain_whole_and_the_names_checkable(placer, make):
    _, actor = placer
    batch = upload_export("qb.csv", QUICKBOOKS, actor, TODAY)
    matters = place_export(batch, DebtType.COMMERCIAL, "NY", actor, TODAY)
    created = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == "matter.created")
    )
    assert created == len(matters) == 15
    later = make.matter(debtor="Nguyen Family Farms, Inc.")
    assert [c.party.matter_id for c in conflicts(later)] == [
        next(m.id for m in matters if m.debtor_name == "Nguyen Family Farms")
    ]
    assert verify_chain().ok


def xero_as_workbook() -> bytes:
    """The Xero sample as Xero's own .xlsx export holds it: real dates, numbers as numbers."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in read_csv(XERO):
        cells = []
        for cell in row:
            if re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", cell):
                cells.append(datetime.strptime(cell, "%d %b %Y"))
            elif re.fullmatch(r"-?\d+\.\d{2}", cell):
                cells.append(float(cell))  # how a spreadsheet stores an amount
            else:
                cells.append(cell or None)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_an_xlsx_export_places_the_same_invoices_to_the_cent(placer):
    _, actor = placer
    batch = upload_export("aged-receivables.xlsx", xero_as_workbook(), actor, TODAY)
    shown = preview(batch, TODAY)
    assert shown.parsed.dialect == "xero"
    assert shown.parsed.errors == []
    place_export(batch, DebtType.COMMERCIAL, "NY", actor, TODAY)
    assert counts() == (15, 33, 35_537_592)
