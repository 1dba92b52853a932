"""The public referral page: prospective clients, a spam trap, limits, CSRF, staff-only."""

import io
import re

from sqlalchemy import func, select

from casefile.audit.models import AuditEvent
from casefile.clients.models import Client
from casefile.documents.models import Document
from casefile.domain.roles import Role
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.intake import referrals
from casefile.matters.models import Matter
from tests.web.helpers import login


def _referral(**changes):
    form = {
        "business": "Lakeside Bistro Group",
        "contact_name": "Ana Ruiz",
        "email": "ana@lakeside.example",
        "phone": "(718) 555-0100",
        "business_address": "1 Lake St, Brooklyn NY",
        "website": "",
        "debt_type": "commercial",
        "jurisdiction": "NY",
        "debtor-kind": "business",
        "debtor-name": "Harbor Foods Supply Inc.",
        "invoices-0-number": "LB-77",
        "invoices-0-issued_on": "2026-05-01",
        "invoices-0-due_on": "2026-05-31",
        "invoices-0-amount": "4,500.00",
        "invoices-0-currency": "USD",
        "contract_basis": "365",
    }
    return {**form, **changes}


def _send(client, **changes):
    data = _referral(documents=[(io.BytesIO(b"%PDF-1.7 the invoice"), "LB-77.pdf")], **changes)
    return client.post("/refer/", data=data, content_type="multipart/form-data")


def test_a_referral_becomes_a_prospect_and_a_placement_only_staff_can_see(client, make):
    page = _send(client).get_data(as_text=True)
    reference = re.search(r"CF-\d{4}-\d{6}", page)[0]
    matter = db.session.scalar(select(Matter).where(Matter.reference == reference))
    prospect = db.session.get(Client, matter.client_id)
    assert (prospect.name, prospect.prospective, prospect.active) == (
        "Lakeside Bistro Group",
        True,
        False,
    )
    assert matter.stage is Stage.INTAKE
    assert db.session.scalar(select(func.count(Document.id))) == 1
    # Staff see it in the queue, marked; nobody else has a way in (the prospect has no users).
    attorney = make.user(Role.ATTORNEY)
    login(client, attorney)
    queue = client.get("/intake/").get_data(as_text=True)
    assert reference in queue
    assert "referral: not a client yet" in queue
    client.post(f"/intake/{matter.id}/accept", data={"attorney_id": attorney.id, "paralegal_id": 0})
    db.session.expire_all()
    assert (prospect.prospective, prospect.active) == (False, True)


def test_a_referral_keeps_an_existing_clients_name_for_that_client(client, make):
    make.client("Lakeside Bistro Group")
    _send(client)
    names = set(db.session.scalars(select(Client.name)))
    assert names == {"Lakeside Bistro Group", "Lakeside Bistro Group (referral 2)"}


def test_the_spam_trap_drops_a_robots_submission(client):
    page = _send(client, website="http://cheap-pills.example").get_data(as_text=True)
    assert "Thank you" in page
    assert db.session.scalar(select(func.count(Matter.id))) == 0
    assert db.session.scalar(select(func.count(Client.id))) == 0
    trapped = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == "intake.referral_trapped")
    )
    assert trapped == 1


def test_one_address_may_send_only_a_few_referrals_an_hour(client, monkeypatch):
    monkeypatch.setattr(referrals, "PER_ADDRESS_PER_HOUR", 2)
    for n in range(2):
        _send(client, **{"invoices-0-number": f"LB-{n}"})
    page = _send(client, **{"invoices-0-number": "LB-9"}).get_data(as_text=True)
    assert "several referrals in the last hour" in page
    assert db.session.scalar(select(func.count(Matter.id))) == 2


def test_the_referral_form_needs_its_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        response = app.test_client().post("/refer/", data=_referral())
        assert response.status_code == 400
        assert db.session.scalar(select(func.count(Matter.id))) == 0


def test_a_bad_referral_says_what_is_wrong_and_keeps_what_was_typed(client):
    page = client.post("/refer/", data=_referral(email="not-an-address")).get_data(as_text=True)
    assert "e-mail address" in page
    assert 'value="Lakeside Bistro Group"' in page
    assert db.session.scalar(select(func.count(Matter.id))) == 0
