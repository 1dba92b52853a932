"""A letter in real headless Chromium: refused under a bankruptcy stay, generated once it lifts."""

import io
from pathlib import Path

import docx
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from casefile.domain.parties import DebtType
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.letters.models import Letter
from casefile.matters.models import Hold, Matter
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser


def test_a_bankruptcy_stay_refuses_the_letter_until_it_is_lifted(live_server, page):
    base, app = live_server["url"], live_server["app"]
    with app.app_context():
        matter = db.session.scalar(
            select(Matter)
            .where(
                Matter.stage == Stage.DEMAND,
                Matter.debt_type == DebtType.COMMERCIAL,
                Matter.attorney_id.is_not(None),
                ~Matter.holds.any(Hold.lifted_at.is_(None)),
            )
            .order_by(Matter.id)
            .limit(1)
        )
        matter_id, reference, debtor = matter.id, matter.reference, matter.debtor_name
    sign_in(page, base, "attorney@demo.casefile.test")
    page.goto(f"{base}/matters/{matter_id}")
    expect(page.locator("h1")).to_contain_text(reference)

    page.click("text=Place hold")
    page.select_option("#kind", "bankruptcy")
    page.fill("#details", "Chapter 7 petition filed, case 26-10001")
    page.click("button:has-text('Place hold')")
    expect(page.locator("#holds")).to_contain_text("Bankruptcy stay")

    page.click("#new-letter")
    refused = page.locator("#refused-letters")
    expect(refused).to_contain_text("First reminder is not available")
    expect(refused).to_contain_text("The debtor is in bankruptcy")
    expect(refused).to_contain_text("11 U.S.C. § 362(a)")
    expect(page.locator("#template option", has_text="First reminder")).to_have_count(0)

    page.goto(f"{base}/matters/{matter_id}")
    page.click("#holds summary:has-text('Lift')")
    page.fill("#holds textarea[name=reason]", "Petition dismissed")
    page.select_option("#holds select[name=ends]", "dismissed")
    page.click("#holds button:has-text('Lift hold')")
    expect(page.locator("#holds")).to_have_count(0)

    page.click("#new-letter")
    expect(page.locator("#refused-letters li", has_text="First reminder")).to_have_count(0)
    page.select_option("#template", label="First reminder")
    page.click("button:has-text('Preview')")
    expect(page.locator("#preview pre")).to_contain_text(debtor)
    page.click("button:has-text('Generate letter')")
    expect(page.locator(".flash-success")).to_contain_text("First reminder generated")
    expect(page.locator("#letter-status")).to_have_text("Ready")
    with page.expect_download() as download:
        page.click("text=Download (DOCX)")
    data = Path(download.value.path()).read_bytes()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert debtor in text
    assert f"Our reference: {reference}" in text
    with app.app_context():
        assert db.session.scalar(select(Letter.matter_id)) == matter_id
    assert page.console_errors == []
