"""A client user places one matter by form in the portal."""

import io

import pytest
from sqlalchemy import select

from casefile.correspondence.services import log_note
from casefile.domain.roles import Role
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.matters.models import Matter
from casefile.types import utcnow
from tests.web.helpers import login


def _form(**changes):
    form = {
        "debt_type": "commercial",
        "jurisdiction": "NY",
        "client_reference": "AR-1040",
        "debtor-kind": "business",
        "debtor-name": "Harborview Dental Group LLC",
        "debtor-email": "ap@harborview.example",
        "debtor-phone": "(212) 555-0140",
        "invoices-0-number": "1040",
        "invoices-0-issued_on": "2026-08-15",
        "invoices-0-due_on": "2026-09-29",
        "invoices-0-amount": "15,685.26",
        "invoices-0-currency": "USD",
        "invoices-1-number": "1041",
        "invoices-1-issued_on": "2026-01-30",
        "invoices-1-due_on": "2026-02-14",
        "invoices-1-amount": "8890.71",
        "invoices-1-currency": "USD",
        "contract_rate": "18",
        "contract_basis": "365",
        "payment_terms": "Net 45",
        "prior_contacts": "2026-10-01 e-mail reminder; 2026-10-20 call, promised to pay",
    }
    return {**form, **changes}


def test_a_client_places_a_matter_with_two_invoices_and_a_document(client, make):
    placing = make.client()
    login(client, make.user(Role.CLIENT, client=placing))
    data = _form(documents=[(io.BytesIO(b"%PDF-1.7 invoice 1040"), "invoice-1040.pdf")])
    response = client.post("/portal/placements/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    matter = db.session.scalar(select(Matter))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Placed as {matter.reference}" in page
    assert "invoice-1040.pdf" in page
    assert (matter.stage, matter.client_id, len(matter.invoices)) == (Stage.INTAKE, placing.id, 2)
    assert sum(i.amount_cents for i in matter.invoices) == 2_457_597
    [document_link] = [p for p in page.split('"') if p.startswith("/portal/documents/")]
    download = client.get(document_link)
    assert download.data == b"%PDF-1.7 invoice 1040"
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_mistakes_are_shown_next_to_their_fields_and_what_was_typed_is_kept(client, make):
    login(client, make.user(Role.CLIENT, client=make.client()))
    bad = _form(
        **{
            "invoices-1-amount": "8890.715",
            "invoices-1-due_on": "2026-01-01",
            "contract_rate": "18.125",
        }
    )
    page = client.post("/portal/placements/new", data=bad).get_data(as_text=True)
    assert "at most two decimals" in page
    assert "Give the rate with at most two decimals" in page
    assert 'value="Harborview Dental Group LLC"' in page
    assert db.session.scalar(select(Matter)) is None


def test_a_due_date_before_the_issue_date_is_refused_and_nothing_is_saved(client, make):
    login(client, make.user(Role.CLIENT, client=make.client()))
    page = client.post(
        "/portal/placements/new", data=_form(**{"invoices-1-due_on": "2026-01-01"})
    ).get_data(as_text=True)
    assert "Invoice 1041" in page
    assert db.session.scalar(select(Matter)) is None


def test_a_disguised_file_is_refused_with_a_clear_message(client, make):
    login(client, make.user(Role.CLIENT, client=make.client()))
    data = _form(documents=[(io.BytesIO(b"MZ\x90\x00 program"), "contract.pdf")])
    page = client.post(
        "/portal/placements/new", data=data, content_type="multipart/form-data"
    ).get_data(as_text=True)
    assert "contract.pdf is named .pdf but its content is something else" in page
    assert "Choose the documents again" in page
    assert db.session.scalar(select(Matter)) is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"debtor-name": ""}, "This field is required."),
        ({"debtor-email": "ap at harborview"}, "Enter an e-mail address such as"),
        ({"debtor-phone": "12"}, "is not a phone number"),
        ({"invoices-0-amount": "15685.261"}, "at most two decimals"),
        ({"invoices-0-amount": "0"}, "greater than zero"),
        ({"invoices-0-due_on": "2026-08-01"}, "due date cannot be before the issue date"),
        (
            {"invoices-0-issued_on": "2099-01-01", "invoices-0-due_on": "2099-02-01"},
            "in the future",
        ),
        ({"invoices-0-due_on": ""}, "Invoice row 1: enter Due"),
        (
            {
                f"invoices-{row}-{part}": ""
                for row in (0, 1)
                for part in ("number", "issued_on", "due_on", "amount")
            },
            "Add at least one unpaid invoice.",
        ),
        ({"invoices-1-number": "1040"}, "Each invoice number may appear once."),
    ],
)
def test_each_rule_is_explained_and_nothing_is_saved(client, make, changes, message):
    login(client, make.user(Role.CLIENT, client=make.client()))
    page = client.post("/portal/placements/new", data=_form(**changes)).get_data(as_text=True)
    assert message in page
    assert db.session.scalar(select(Matter)) is None


def test_the_client_never_sees_the_firms_review_notes_or_internal_tasks(client, make):
    placing = make.client()
    login(client, make.user(Role.CLIENT, client=placing))
    client.post("/portal/placements/new", data=_form())
    matter = db.session.scalar(select(Matter))
    client.post("/logout")
    attorney = make.user(Role.ATTORNEY)
    login(client, attorney)
    client.post(
        f"/intake/{matter.id}/accept",
        data={"attorney_id": attorney.id, "paralegal_id": 0, "note": "Partner cleared conflict"},
    )
    client.post("/logout")
    login(client, make.user(Role.CLIENT, client=placing))
    page = client.get(f"/portal/matters/{matter.id}").get_data(as_text=True)
    assert "Open" in page
    assert "Partner cleared conflict" not in page
    assert "Prepare and send the first demand" not in page  # the firm's own diary task


def test_the_client_sees_the_notes_meant_for_it_and_no_other_correspondence(client, make):
    placing = make.client()
    matter = make.matter(client=placing)
    staff = make.actor(make.user(Role.PARALEGAL))
    log_note(
        matter,
        "Debtor agreed to a payment plan; first installment due Dec 1",
        True,
        staff,
        utcnow(),
    )
    log_note(matter, "Debtor sounded evasive; consider suit", False, staff, utcnow())
    login(client, make.user(Role.CLIENT, client=placing))
    page = client.get(f"/portal/matters/{matter.id}").get_data(as_text=True)
    assert "first installment due Dec 1" in page
    assert "evasive" not in page
