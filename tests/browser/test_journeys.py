"""The main journeys in real headless Chromium."""

import re

import docx
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from casefile.demo import DEMO_PASSWORD
from casefile.domain.parties import DebtType
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.matters.models import Matter

pytestmark = pytest.mark.browser


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")


def test_attorney_filters_opens_a_matter_and_moves_it_to_demand(live_server, page):
    base = live_server["url"]
    sign_in(page, base, "attorney@demo.casefile.test")
    expect(page.locator("h1")).to_contain_text("My diary")

    page.click("nav.mainnav >> text=Matters")
    expect(page.locator("p.count")).to_contain_text("of 48 matters")
    page.select_option("#stage", "open")
    page.click("button:has-text('Filter')")
    expect(page.locator("p.count")).to_contain_text("of 5 matters")
    badges = page.locator("#matters tbody .badge[class*='stage-']")
    expect(badges).to_have_count(5)
    assert set(badges.all_inner_texts()) == {"Open"}

    first = page.locator("#matters tbody tr").first.locator("a").first
    reference = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_contain_text(reference)
    expect(page.locator(".outcome-field")).to_be_hidden()  # only shown when closing

    page.select_option("#target", "demand")
    page.fill("#reason", "First demand letter sent by post")
    page.click("button:has-text('Move matter')")
    expect(page.locator(".flash-success")).to_contain_text(f"{reference} moved to Demand")
    latest = page.locator("#history ol.timeline li").first
    expect(latest).to_contain_text("Open → Demand")
    expect(latest).to_contain_text("First demand letter sent by post")
    expect(latest).to_contain_text("Dana Whitfield")
    assert page.console_errors == []


def test_client_user_sees_only_their_own_matters(live_server, page):
    base, app = live_server["url"], live_server["app"]
    sign_in(page, base, "client@acme-supply.example")
    expect(page.locator("h1")).to_contain_text("Acme Industrial Supply Co.")
    shown = set(page.locator("table.list tbody tr td:first-child a").all_inner_texts())
    with app.app_context():
        acme = set(db.session.scalars(select(Matter.reference).where(Matter.client_id == 1)))
        other = db.session.scalar(select(Matter.id).where(Matter.client_id != 1).limit(1))
    assert shown == acme
    assert len(shown) == 12

    response = page.goto(f"{base}/portal/matters/{other}")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Not found")
    response = page.goto(f"{base}/matters/")
    assert response.status == 403
    assert page.console_errors == [] or all(
        re.search(r"status of 40[34]", error) for error in page.console_errors
    )


def test_attorney_runs_remittances_and_the_client_downloads_the_statement(live_server, page):
    base = live_server["url"]
    sign_in(page, base, "attorney@demo.casefile.test")
    page.click("nav.mainnav >> text=Trust")
    expect(page.locator("h1")).to_contain_text("Trust account")
    page.click("nav.tabs >> text=Remittances")
    page.click("button:has-text('Preview')")
    expect(page.locator("#preview")).to_be_visible()
    page.click("button:has-text('Remit and create statements')")
    expect(page.locator(".flash-success")).to_contain_text("remittance statement(s) created")
    newest = page.locator("#statements tbody tr").first
    expect(newest).to_contain_text("REM-")
    expect(newest.locator("a:has-text('Word')")).to_be_visible()
    assert page.console_errors == []
    page.click("button:has-text('Sign out')")

    sign_in(page, base, "client@acme-supply.example")
    page.click("nav.mainnav >> text=Remittances")
    rows = page.locator("table.list tbody tr")
    expect(rows.first).to_contain_text("REM-")  # newest first: today's run, if Acme had payments
    rows.first.locator("a").first.click()
    expect(page.locator("h1")).to_contain_text("Remittance statement")
    with page.expect_download() as download:
        page.click("text=Download Word")
    saved = download.value.path()
    text = "\n".join(p.text for p in docx.Document(saved).paragraphs)
    assert "Acme Industrial Supply Co." in text
    assert page.console_errors == []


def test_a_client_places_a_matter_the_attorney_accepts_it_and_the_client_sees_it_open(
    live_server, page, tmp_path
):
    base = live_server["url"]
    contract = tmp_path / "contract.pdf"
    contract.write_bytes(b"%PDF-1.7 signed credit agreement")
    sign_in(page, base, "client@acme-supply.example")
    page.click("nav.mainnav >> text=Place matters")
    page.click("text=Place one matter by form")
    page.fill("#debtor-name", "Lakeside Bistro Group LLC")
    page.fill("#debtor-email", "owner@lakeside.example")
    for row, (number, issued, due, amount) in enumerate(
        [
            ("7001", "2026-05-01", "2026-05-31", "1,250.00"),
            ("7002", "2026-06-01", "2026-07-01", "980.45"),
        ]
    ):
        page.fill(f"#invoices-{row}-number", number)
        page.fill(f"#invoices-{row}-issued_on", issued)
        page.fill(f"#invoices-{row}-due_on", due)
        page.fill(f"#invoices-{row}-amount", amount)
    expect(page.locator("#invoice-total")).to_contain_text("2,230.45")
    page.set_input_files("#documents", str(contract))
    page.click("button:has-text('Place matter')")
    confirmation = page.locator(".flash-success")
    expect(confirmation).to_contain_text("Placed as CF-")
    reference = re.search(r"CF-\d{4}-\d{6}", confirmation.inner_text())[0]
    expect(page.locator("#documents")).to_contain_text("contract.pdf")
    assert page.console_errors == []
    page.click("button:has-text('Sign out')")

    sign_in(page, base, "attorney@demo.casefile.test")
    page.click("nav.mainnav >> text=Intake")
    page.click(f"text={reference}")
    expect(page.locator("#placement")).to_contain_text("Lakeside Bistro Group LLC")
    expect(page.locator("#placement")).to_contain_text("contract.pdf")
    page.select_option("#attorney_id", label="Dana Whitfield")
    page.select_option("#paralegal_id", label="Maria Santos")
    page.click("button:has-text('Accept and open')")
    expect(page.locator(".flash-success")).to_contain_text(f"{reference} accepted and opened.")
    page.click("button:has-text('Sign out')")

    sign_in(page, base, "client@acme-supply.example")
    row = page.locator("table.list tbody tr", has_text=reference)
    expect(row).to_contain_text("Open")
    assert page.console_errors == []


def test_a_bankruptcy_hold_takes_suit_off_the_table_until_it_is_lifted(live_server, page):
    base, app = live_server["url"], live_server["app"]
    with app.app_context():
        matter = db.session.scalar(
            select(Matter)
            .where(
                Matter.stage == Stage.DEMAND,
                Matter.debt_type == DebtType.COMMERCIAL,
                ~Matter.holds.any(),
            )
            .order_by(Matter.id)
            .limit(1)
        )
        matter_id, reference = matter.id, matter.reference
    sign_in(page, base, "attorney@demo.casefile.test")
    page.goto(f"{base}/matters/{matter_id}")
    expect(page.locator("#target option[value='litigation']")).to_have_count(0)
    expect(page.locator("#refused-moves")).to_contain_text("An attorney must review the file")
    page.click("#attorney-review summary")
    page.check("#documentation_reviewed")
    page.check("#balance_verified")
    page.check("#limitation_checked")
    page.fill("#review-form textarea", "Invoices and delivery notes on file; balance agrees")
    page.click("#review-form button")
    expect(page.locator("#attorney-review")).to_contain_text("Suit approved by Dana Whitfield")
    expect(page.locator("#target option[value='litigation']")).to_have_count(1)
    page.click("text=Place hold")
    page.select_option("#kind", "bankruptcy")
    page.fill("#details", "Chapter 7, E.D.N.Y. case 26-40112, filed Nov 20")
    page.click("button:has-text('Place hold')")
    expect(page.locator("#holds")).to_contain_text("Bankruptcy stay")
    expect(page.locator("#target option[value='litigation']")).to_have_count(0)
    expect(page.locator("#refused-moves")).to_contain_text(
        "Litigation is not available: The debtor is in bankruptcy"
    )
    page.click("#holds summary:has-text('Lift')")
    page.fill("#holds textarea", "Case dismissed on Nov 24")
    page.click("#holds button:has-text('Lift hold')")
    expect(page.locator("#holds")).to_have_count(0)
    page.select_option("#target", "litigation")
    page.fill("#reason", "Summons and complaint filed")
    page.click("button:has-text('Move matter')")
    expect(page.locator(".flash-success")).to_contain_text(f"{reference} moved to Litigation")
    assert page.console_errors == []


def test_an_attorney_searches_the_correspondence_and_opens_a_hit(live_server, page):
    base = live_server["url"]
    sign_in(page, base, "attorney@demo.casefile.test")
    page.fill("form.searchbox input[name=q]", '"Harbor Logistics"')
    page.press("form.searchbox input[name=q]", "Enter")
    expect(page.locator("h1")).to_have_text("Search")
    hits = page.locator("li.search-hit")
    expect(hits.first).to_be_visible()
    expect(hits.first.locator("mark").first).to_have_text("Harbor")
    reference = hits.first.locator("a.hit-title").inner_text()

    hits.first.locator("a.hit-title").click()
    expect(page.locator("h1")).to_contain_text(reference)
    anchor = page.url.split("#", 1)[1]
    expect(page.locator(f"#{anchor}")).to_contain_text("Harbor Logistics")
    assert page.console_errors == []
