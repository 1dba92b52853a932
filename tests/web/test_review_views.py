"""An attorney records a review from the matter page; a paralegal cannot."""

from sqlalchemy import func, select

from casefile.compliance.models import AttorneyReview
from casefile.domain.roles import Role
from casefile.extensions import db
from tests.web.helpers import login

CHECKED = {"documentation_reviewed": "y", "balance_verified": "y", "limitation_checked": "y"}


def test_an_attorney_approves_a_suit_from_the_matter_page(client, make):
    attorney = make.user(Role.ATTORNEY, name="Dana Whitfield")
    matter = make.matter()
    login(client, attorney)
    assert 'id="review-form"' in client.get(f"/matters/{matter.id}").get_data(as_text=True)
    client.post(
        f"/compliance/matters/{matter.id}/reviews",
        data={"action": "suit", "note": "Contract and invoices on file", **CHECKED},
    )
    page = client.get(f"/matters/{matter.id}").get_data(as_text=True)
    assert "Review recorded: the action is approved for 30 days." in page
    assert "Suit approved</strong> by Dana Whitfield" in page
    assert "Contract and invoices on file" in page


def test_an_incomplete_checklist_is_refused_with_what_is_missing(client, make):
    attorney = make.user(Role.ATTORNEY)
    matter = make.matter()
    login(client, attorney)
    client.post(
        f"/compliance/matters/{matter.id}/reviews",
        data={"action": "suit", "documentation_reviewed": "y"},
    )
    page = client.get(f"/matters/{matter.id}").get_data(as_text=True)
    assert "An approval needs every check: balance verified, limitation checked." in page
    assert db.session.scalar(select(func.count(AttorneyReview.id))) == 0


def test_a_paralegal_sees_no_form_and_cannot_approve(client, make):
    paralegal = make.user(Role.PARALEGAL)
    matter = make.matter()
    login(client, paralegal)
    assert 'id="review-form"' not in client.get(f"/matters/{matter.id}").get_data(as_text=True)
    client.post(f"/compliance/matters/{matter.id}/reviews", data={"action": "suit", **CHECKED})
    assert db.session.scalar(select(func.count(AttorneyReview.id))) == 0
