"""The intake queue and review pages over HTTP."""

from casefile.domain.roles import Role
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.matters.models import Matter
from tests.web.helpers import login


def test_an_attorney_reviews_a_placement_and_accepts_it(client, make):
    attorney, paralegal = make.user(Role.ATTORNEY), make.user(Role.PARALEGAL)
    make.client("ACME, Inc.")
    matter = make.matter(client=make.client(), debtor="Acme Incorporated", stage=Stage.INTAKE)
    login(client, attorney)
    queue = client.get("/intake/").get_data(as_text=True)
    assert matter.reference in queue
    assert "1 possible conflict(s)" in queue
    review = client.get(f"/intake/{matter.id}").get_data(as_text=True)
    assert "the firm's client <strong>ACME, Inc.</strong>" in review
    done = client.post(
        f"/intake/{matter.id}/accept",
        data={"attorney_id": attorney.id, "paralegal_id": paralegal.id, "note": ""},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert f"{matter.reference} accepted and opened." in done
    assert db.session.get(Matter, matter.id).stage is Stage.OPEN


def test_a_rejection_reason_reaches_the_client_and_nothing_else_of_the_review(client, make):
    attorney = make.user(Role.ATTORNEY)
    placed_by = make.client()
    matter = make.matter(client=placed_by, stage=Stage.INTAKE)
    login(client, attorney)
    client.post(f"/intake/{matter.id}/reject", data={"reason": "Statute of limitations has run"})
    client.post("/logout")
    login(client, make.user(Role.CLIENT, client=placed_by))
    page = client.get(f"/portal/matters/{matter.id}").get_data(as_text=True)
    assert "Rejected at intake" in page
    assert "Statute of limitations has run" in page
    assert client.get("/intake/").status_code == 403


def test_paralegals_do_not_review_placements(client, make):
    matter = make.matter(stage=Stage.INTAKE)
    login(client, make.user(Role.PARALEGAL))
    assert client.get("/intake/").status_code == 403
    response = client.post(f"/intake/{matter.id}/accept", data={"attorney_id": 1})
    assert response.status_code == 403
    assert db.session.get(Matter, matter.id).stage is Stage.INTAKE


def test_an_acceptance_without_an_attorney_explains_itself(client, make):
    attorney = make.user(Role.ATTORNEY)
    matter = make.matter(stage=Stage.INTAKE)
    login(client, attorney)
    page = client.post(
        f"/intake/{matter.id}/accept", data={"attorney_id": 0, "paralegal_id": 0}
    ).get_data(as_text=True)
    assert "Choose an attorney." in page
    assert db.session.get(Matter, matter.id).stage is Stage.INTAKE
