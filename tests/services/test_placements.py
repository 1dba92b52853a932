"""A placement by form is stored whole, with its files, or not at all."""

from datetime import date

import pytest
from sqlalchemy import func, select

from casefile.documents.models import Document
from casefile.documents.services import Upload
from casefile.documents.store import DocumentStore
from casefile.domain.errors import CasefileError
from casefile.domain.parties import DebtType, PartyKind
from casefile.domain.roles import Role
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.intake import placements
from casefile.intake.models import PlacementDetails
from casefile.intake.placements import PlacementTerms, place_matter
from casefile.matters.models import Invoice, Matter
from casefile.matters.services import InvoiceData, MatterData, PartyData
from tests.factories import TODAY

PDF = Upload("invoice-1040.pdf", b"%PDF-1.7 the invoice")


@pytest.fixture
def placing(make, tmp_path):
    client = make.client()
    actor = make.actor(make.user(Role.CLIENT, client=client))
    return client, actor, DocumentStore(tmp_path / "documents")


def _place(client, actor, store, uploads=(PDF,), terms=None):
    return place_matter(
        MatterData(client.id, DebtType.COMMERCIAL, "NY", TODAY),
        PartyData("Harborview Dental Group LLC", PartyKind.BUSINESS),
        [
            InvoiceData("1040", date(2026, 8, 15), date(2026, 9, 29), 1_568_526),
            InvoiceData("1041", date(2026, 1, 30), date(2026, 2, 14), 889_071),
        ],
        terms or PlacementTerms(contract_rate_bps=1800, payment_terms="Net 45"),
        list(uploads),
        actor,
        TODAY,
        store,
    )


def _rows():
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Matter, Invoice, Document, PlacementDetails)
    )


def test_a_placement_keeps_its_invoices_terms_and_files(placing):
    client, actor, store = placing
    matter = _place(client, actor, store)
    assert matter.stage is Stage.INTAKE
    assert _rows() == (1, 2, 1, 1)
    [document] = db.session.scalars(select(Document)).all()
    assert store.read(document.sha256) == PDF.data
    assert document.kind == "PDF"
    assert db.session.get(PlacementDetails, matter.id).contract_rate_bps == 1800


def test_a_refused_file_refuses_the_whole_placement(placing):
    client, actor, store = placing
    with pytest.raises(CasefileError, match="its content is something else") as refused:
        _place(client, actor, store, uploads=[PDF, Upload("contract.pdf", b"MZ\x90\x00exe")])
    assert refused.value.field == "documents"
    assert _rows() == (0, 0, 0, 0)
    assert not (store.root.exists() and any(store.root.rglob("*")))


def test_a_failing_file_store_leaves_no_matter_no_invoice_no_file(placing, monkeypatch):
    client, actor, store = placing
    written = []
    real_put = store.put

    def put_then_fail(data):
        if written:
            raise OSError("disk full")
        written.append(real_put(data))
        return written[-1]

    monkeypatch.setattr(store, "put", put_then_fail)
    second = Upload("statement.txt", b"Statement of account")
    with pytest.raises(OSError, match="disk full"):
        _place(client, actor, store, uploads=[PDF, second])
    db.session.expire_all()
    assert _rows() == (0, 0, 0, 0)
    assert not store.path(written[0][0]).exists()  # the file written first was taken back


def test_a_failing_database_takes_back_the_files_it_stored(placing, monkeypatch):
    client, actor, store = placing

    def audit_fails(*_args, **_kwargs):
        raise OSError("database went away")

    monkeypatch.setattr(placements, "record", audit_fails)
    with pytest.raises(OSError, match="went away"):
        _place(client, actor, store)
    db.session.expire_all()
    assert _rows() == (0, 0, 0, 0)
    assert [p for p in store.root.rglob("*") if p.is_file()] == []


def test_the_contract_rate_is_a_percentage(placing):
    client, actor, store = placing
    with pytest.raises(CasefileError, match="percentage"):
        _place(client, actor, store, terms=PlacementTerms(contract_rate_bps=10_001))
    assert _rows() == (0, 0, 0, 0)
