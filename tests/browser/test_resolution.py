"""Settlement in real headless Chromium: an offer becomes a six-month plan that is paid on time."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from casefile.domain.parties import DebtType
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.matters.models import Matter
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser


def test_an_offer_accepted_as_a_six_month_plan_is_on_track_after_the_first_payment(
    live_server, page
):
    base, app = live_server["url"], live_server["app"]
    with app.app_context():
        matter = db.session.scalar(
            select(Matter)
            .where(
                Matter.stage == Stage.NEGOTIATION,
                Matter.debt_type == DebtType.COMMERCIAL,
                ~Matter.holds.any(),
            )
            .order_by(Matter.id)
            .limit(1)
        )
        matter_id = matter.id
    sign_in(page, base, "attorney@demo.casefile.test")
    page.goto(f"{base}/matters/{matter_id}")
    card = page.locator("#resolution")
    expect(card).to_contain_text("No offers yet.")
    balance = card.locator("#resolution-balance").inner_text().lstrip("$")

    # The debtor offers the whole balance over six months (no discount: no approval needed).
    card.locator("#new-offer summary").click()
    form = card.locator("#offer-form")
    form.locator("[name=kind]").select_option("plan")
    form.locator("[name=amount]").fill(balance)
    form.locator("[name=installments]").fill("6")
    form.locator("[name=terms]").fill("Six monthly payments, by check")
    form.locator("button:has-text('Record offer')").click()
    expect(page.locator(".flash-success")).to_contain_text(f"Offer of ${balance} recorded")
    offer_row = page.locator("#offers tbody tr").first
    expect(offer_row).to_contain_text("Open")

    offer_row.locator("summary:has-text('Accept')").click()
    terms = offer_row.locator("form.terms-form")
    expect(terms.locator("[name$=count]")).to_have_value("6")
    terms.locator("button:has-text('Accept offer')").click()
    expect(page.locator(".flash-success")).to_contain_text("Offer accepted")
    expect(page.locator("#plan-state")).to_have_text("On track")
    rows = page.locator("#installments tbody tr")
    expect(rows).to_have_count(6)
    expect(page.locator(".page-head .badge")).to_have_text("Settlement")

    first_amount = rows.first.locator("td.num").first.inner_text().lstrip("$")
    page.locator("#plan-payment summary").click()
    payment = page.locator("#plan-payment form")
    payment.locator("[name=plan-amount]").fill(first_amount)
    payment.locator("[name=plan-reference]").fill("CHK 1001")
    payment.locator("button:has-text('Record payment')").click()
    expect(page.locator(".flash-success")).to_contain_text(f"Payment of ${first_amount} recorded")
    expect(page.locator("#plan-state")).to_have_text("On track")
    expect(rows.first.locator("td").last).to_have_text("Paid")
    expect(page.locator("#agreement")).to_contain_text(re.compile(rf"Paid \${first_amount} of"))

    page.goto(f"{base}/resolution/plans")
    expect(page.locator("h1")).to_have_text("Plans needing attention")
    assert page.console_errors == []
