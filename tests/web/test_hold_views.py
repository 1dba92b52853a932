"""Placing a bankruptcy hold from the matter page, with its case and the notice itself, and
lifting it with how the case ended."""

import io

from sqlalchemy import select

from casefile.domain.roles import Role
from casefile.domain.stages import Outcome, Stage
from casefile.extensions import db
from casefile.matters.models import Hold, Matter
from tests.files import pdf_with_text
from tests.web.helpers import login


def test_a_bankruptcy_hold_with_its_notice_then_a_discharge_closes_the_matter(client, make):
    attorney = make.user(Role.ATTORNEY)
    matter = make.matter()
    login(client, attorney)
    response = client.post(
        f"/matters/{matter.id}/holds/new",
        data={
            "kind": "bankruptcy",
            "party_id": "",
            "details": "Notice of filing received by mail",
            "case_number": "26-40112",
            "chapter": "13",
            "court": "Bankr. E.D.N.Y.",
            "filed_on": "2026-11-20",
            "evidence": (io.BytesIO(pdf_with_text("Notice of Chapter 13 filing")), "notice.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    page = client.get(f"/matters/{matter.id}").get_data(as_text=True)
    assert "Case 26-40112, chapter 13, Bankr. E.D.N.Y., filed Nov 20, 2026" in page
    assert "notice.pdf" in page

    hold = db.session.scalar(select(Hold))
    client.post(
        f"/matters/holds/{hold.id}/lift",
        data={"reason": "Order of discharge entered Nov 24", "ends": "discharged"},
    )
    db.session.expire_all()
    closed = db.session.get(Matter, matter.id)
    assert (closed.stage, closed.outcome) == (Stage.CLOSED, Outcome.BANKRUPT)
    assert db.session.get(Hold, hold.id).lift_outcome == "discharged"
