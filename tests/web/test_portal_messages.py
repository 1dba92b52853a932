"""A client user writes to the firm from the portal; the firm sees it on the matter and finds
it by search."""

from sqlalchemy import func, select

from casefile.correspondence.models import Correspondence
from casefile.domain.roles import Role
from casefile.extensions import db
from tests.search.conftest import find
from tests.web.helpers import login


def test_a_client_message_reaches_the_matter_timeline_and_search(client, make):
    acme = make.client("Acme Supply")
    matter = make.matter(client=acme)
    login(client, make.user(Role.CLIENT, client=acme, name="Priya Raman"))
    response = client.post(
        f"/portal/matters/{matter.id}/messages",
        data={"body": "The debtor phoned us directly and offered half; please call them."},
    )
    assert response.status_code == 302
    portal = client.get(f"/portal/matters/{matter.id}").get_data(as_text=True)
    assert "Message sent to the firm." in portal
    assert "offered half; please call them." in portal

    [message] = db.session.scalars(select(Correspondence)).all()
    assert (message.direction, message.client_visible, message.subject) == (
        "in",
        True,
        "Message from Priya Raman",
    )
    assert [hit.key for hit in find("offered half").hits] == [f"c{message.id}"]

    client.post("/logout")
    login(client, make.user(Role.PARALEGAL))
    page = client.get(f"/matters/{matter.id}").get_data(as_text=True)
    assert "Message from the client" in page
    assert "offered half; please call them." in page


def test_an_empty_message_is_refused_and_nothing_is_saved(client, make):
    acme = make.client()
    matter = make.matter(client=acme)
    login(client, make.user(Role.CLIENT, client=acme))
    client.post(f"/portal/matters/{matter.id}/messages", data={"body": "   "})
    assert "Write the message." in client.get(f"/portal/matters/{matter.id}").get_data(as_text=True)
    assert db.session.scalar(select(func.count(Correspondence.id))) == 0


def test_staff_cannot_post_as_a_client(client, make):
    matter = make.matter()
    login(client, make.user(Role.ATTORNEY))
    response = client.post(f"/portal/matters/{matter.id}/messages", data={"body": "Hello"})
    assert response.status_code == 403
    assert db.session.scalar(select(func.count(Correspondence.id))) == 0
