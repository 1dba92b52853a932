"""The Resolution card, the plans page and the client's approval in the portal, over HTTP."""

from datetime import timedelta

from sqlalchemy import select

from casefile.domain.roles import Role
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.resolution.models import Agreement, Offer, OfferStatus
from casefile.web.helpers import today
from tests.web.helpers import login


def _offer_form(**changes):
    form = {
        "made_by": "debtor",
        "made_on": today().isoformat(),
        "kind": "plan",
        "amount": "1,200.00",
        "installments": "6",
        "frequency": "monthly",
        "terms": "Debtor asks for six months",
    }
    return {**form, **changes}


def _accept_form(offer_id, **changes):
    p = f"accept-{offer_id}-"
    form = {
        p + "kind": "plan",
        p + "first_due": (today() + timedelta(days=7)).isoformat(),
        p + "frequency": "monthly",
        p + "count": "6",
        p + "grace_days": "10",
        p + "due_rule": "next_business_day",
        p + "on_default": "litigation",
        p + "nonce": "accept-nonce",
    }
    return {**form, **{p + k: v for k, v in changes.items()}}


def test_record_an_offer_accept_it_as_a_plan_and_record_a_payment(client, desk):
    login(client, desk.attorney)
    page = client.get(f"/matters/{desk.matter.id}").get_data(as_text=True)
    assert 'id="resolution"' in page
    assert "No offers yet." in page

    response = client.post(f"/matters/{desk.matter.id}/offers", data=_offer_form())
    assert response.status_code == 302
    offer = db.session.scalar(select(Offer).where(Offer.matter_id == desk.matter.id))
    assert offer.amount_cents == 120_000

    response = client.post(f"/offers/{offer.id}/accept", data=_accept_form(offer.id))
    assert response.status_code == 302
    page = client.get(f"/matters/{desk.matter.id}").get_data(as_text=True)
    assert "Payment plan of $1,200.00" in page
    assert page.count("<td>Due</td>") == 6
    assert "Settlement" in page

    agreement = db.session.scalar(select(Agreement).where(Agreement.matter_id == desk.matter.id))
    response = client.post(
        f"/agreements/{agreement.id}/payments",
        data={
            "plan-on": today().isoformat(),
            "plan-amount": "200.00",
            "plan-method": "check",
            "plan-payer": "Debtor",
            "plan-received_by": "firm",
            "plan-nonce": "pay-1",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/matters/{desk.matter.id}").get_data(as_text=True)
    assert "Paid $200.00 of $1,200.00" in page
    assert 'id="plan-state">On track' in page


def test_a_plan_without_its_number_of_installments_is_refused_on_the_form(client, desk):
    login(client, desk.attorney)
    client.post(f"/matters/{desk.matter.id}/offers", data=_offer_form())
    offer = db.session.scalar(select(Offer).where(Offer.matter_id == desk.matter.id))
    response = client.post(f"/offers/{offer.id}/accept", data=_accept_form(offer.id, count=""))
    assert response.status_code == 200
    assert "Give either the number of installments" in response.get_data(as_text=True)
    assert db.session.scalar(select(Agreement.id)) is None
    assert desk.matter.stage is Stage.NEGOTIATION


def test_the_client_approves_an_offer_below_its_floor_in_the_portal(client, desk, make):
    desk.client.settlement_floor_basis_points = 9000
    db.session.commit()
    login(client, desk.attorney)
    client.post(f"/matters/{desk.matter.id}/offers", data=_offer_form(amount="500.00"))
    offer = db.session.scalar(select(Offer).where(Offer.matter_id == desk.matter.id))
    assert "below floor" in client.get(f"/matters/{desk.matter.id}").get_data(as_text=True)
    client.post(f"/offers/{offer.id}/ask-client")
    client.post("/logout")

    login(client, make.user(Role.CLIENT, client=desk.client))
    page = client.get(f"/portal/matters/{desk.matter.id}").get_data(as_text=True)
    assert "Offers waiting for your approval" in page
    assert "$500.00" in page
    response = client.post(
        f"/portal/offers/{offer.id}/decide",
        data={f"decide-{offer.id}-decision": "approve", f"decide-{offer.id}-note": "OK"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Offer, offer.id).status is OfferStatus.CLIENT_APPROVED
    page = client.get(f"/portal/matters/{desk.matter.id}").get_data(as_text=True)
    assert "Offers waiting for your approval" not in page


def test_staff_cannot_answer_for_the_client(client, desk):
    login(client, desk.attorney)
    client.post(f"/matters/{desk.matter.id}/offers", data=_offer_form())
    offer = db.session.scalar(select(Offer).where(Offer.matter_id == desk.matter.id))
    assert client.post(f"/portal/offers/{offer.id}/decide", data={}).status_code == 403


def test_the_plans_page_lists_a_plan_due_this_week(client, desk):
    login(client, desk.attorney)
    client.post(f"/matters/{desk.matter.id}/offers", data=_offer_form())
    offer = db.session.scalar(select(Offer).where(Offer.matter_id == desk.matter.id))
    client.post(
        f"/offers/{offer.id}/accept",
        data=_accept_form(offer.id, first_due=today().isoformat(), due_rule="as_scheduled"),
    )
    page = client.get("/resolution/plans").get_data(as_text=True)
    assert desk.matter.reference in page.split('id="due-this-week"')[1]


def test_suit_service_and_judgment_from_the_matter_page(client, desk):
    from casefile.compliance.reviews import Checklist, record_review
    from casefile.domain.compliance import Action
    from casefile.types import utcnow

    checks = Checklist(documentation_reviewed=True, balance_verified=True, limitation_checked=True)
    record_review(desk.matter, Action.SUIT, checks, "", desk.actor, utcnow())
    login(client, desk.attorney)
    day = today().isoformat()
    response = client.post(
        f"/matters/{desk.matter.id}/suits",
        data={"court": "Civil Court, Kings County", "index_number": "CV-1/26", "filed_on": day,
              "filing_fee": "45.00", "nonce": "suit-1"},
    )  # fmt: skip
    assert response.status_code == 302
    assert desk.matter.stage is Stage.LITIGATION
    page = client.get(f"/matters/{desk.matter.id}").get_data(as_text=True)
    assert "Civil Court, Kings County, index no. CV-1/26" in page

    suit_id = int(page.split('id="suit-')[1].split('"')[0])
    substituted = {"served_on": day, "service_method": "substituted"}
    bad = client.post(f"/suits/{suit_id}/service", data=substituted)
    assert bad.status_code == 200
    assert "enter the date of that step" in bad.get_data(as_text=True)
    client.post(f"/suits/{suit_id}/service", data={"served_on": day,
                                                   "service_method": "personal"})  # fmt: skip
    page = client.get(f"/matters/{desk.matter.id}").get_data(as_text=True)
    assert "CPLR 320(a)" in page.split('class="answer-due"')[1]

    client.post(
        f"/matters/{desk.matter.id}/judgment",
        data={"entered_on": day, "principal": "1,250.00", "interest": "40.00", "costs": "45.00"},
    )
    page = client.get(f"/matters/{desk.matter.id}").get_data(as_text=True)
    assert "$1,335.00 (principal $1,250.00" in page
    assert "9.00 %" in page.split('id="judgment"')[1]


def test_the_matter_page_warns_30_days_before_the_limitation_date(client, desk, make):
    from casefile.matters.services import InvoiceData

    last_day = today() + timedelta(days=20)
    due = last_day.replace(year=last_day.year - 6)
    matter = make.matter(
        client=desk.client, invoices=[InvoiceData("OLD-7", due - timedelta(days=30), due, 9_900)]
    )
    login(client, desk.attorney)
    section = client.get(f"/matters/{matter.id}").get_data(as_text=True).split('id="limitation"')[1]
    assert "Warning: 20 days left (within 30 days)." in section


def test_an_attorney_sets_the_clients_settlement_authority(client, desk):
    login(client, desk.attorney)
    form = {"name": desk.client.name, "fee_percent": "25", "floor_percent": "80", "active": "y",
            "version": desk.client.version}  # fmt: skip
    assert client.post(f"/admin/clients/{desk.client.id}/edit", data=form).status_code == 302
    db.session.expire_all()
    assert desk.client.settlement_floor_basis_points == 8000
    page = client.get(f"/matters/{desk.matter.id}").get_data(as_text=True)
    assert "80.00 % of the balance" in page


def test_a_plan_in_default_is_renegotiated_from_the_card(client, desk):
    from casefile.resolution.models import AgreementStatus

    login(client, desk.attorney)
    client.post(f"/matters/{desk.matter.id}/offers", data=_offer_form())
    offer = db.session.scalar(select(Offer).where(Offer.matter_id == desk.matter.id))
    client.post(f"/offers/{offer.id}/accept", data=_accept_form(offer.id))
    agreement = db.session.scalar(select(Agreement))
    # The clock moves on: the first installment was due two months ago.
    for row in agreement.installments:
        row.scheduled_on = row.due_on = row.due_on - timedelta(days=70)
    db.session.commit()
    assert client.post("/resolution/plans/check-defaults").status_code == 302
    page = client.get(f"/matters/{desk.matter.id}").get_data(as_text=True)
    assert 'id="default-choice"' in page
    assert (
        desk.matter.reference
        in client.get("/resolution/plans")
        .get_data(as_text=True)
        .split('id="in-default"')[1]
        .split("</table>")[0]
    )

    p = "renegotiate-"
    response = client.post(
        f"/agreements/{agreement.id}/renegotiate",
        data={p + "kind": "plan", p + "first_due": (today() + timedelta(days=3)).isoformat(),
              p + "frequency": "every_two_weeks", p + "count": "10", p + "grace_days": "5",
              p + "due_rule": "next_business_day", p + "on_default": "judgment"},
    )  # fmt: skip
    assert response.status_code == 302
    db.session.expire_all()
    old = db.session.get(Agreement, agreement.id)
    assert old.status is AgreementStatus.REPLACED
    assert old.defaulted_on is not None  # the default stays on record
    page = client.get(f"/matters/{desk.matter.id}").get_data(as_text=True)
    assert page.count("<td>Due</td>") == 10
    history = page.split('id="agreement-history"')[1]
    assert "Replaced" in history
    assert "in default from" in history


def test_the_agreement_letter_is_prefilled_with_the_terms_on_file(client, desk):
    login(client, desk.attorney)
    client.post(f"/matters/{desk.matter.id}/offers", data=_offer_form())
    offer = db.session.scalar(select(Offer).where(Offer.matter_id == desk.matter.id))
    client.post(f"/offers/{offer.id}/accept", data=_accept_form(offer.id))
    page = client.get(f"/letters/matters/{desk.matter.id}/new").get_data(as_text=True)
    first_due = (today() + timedelta(days=7)).isoformat()
    assert 'id="amount" name="amount" type="text" value="1200.00"' in page
    assert 'name="count" type="number" value="6"' in page
    assert f'value="{first_due}"' in page
