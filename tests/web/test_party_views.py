"""Correcting a party: the debtor's new name shows everywhere the matter is listed."""

from sqlalchemy import select

from casefile.audit.models import AuditEvent
from casefile.domain.roles import Role
from casefile.extensions import db
from casefile.matters.models import Matter, Party
from tests.web.helpers import login

NEW_DEBTOR = {
    "role": "debtor",
    "details-kind": "business",
    "details-name": "Smith & Sons <Holdings> LLC",
    "details-aliases": "Smith Bros",
    "details-line1": "12 Harbor Road",
    "details-city": "Newark",
    "details-region": "NJ",
    "details-postal_code": "07105",
    "details-email": "ap@smithsons.example",
    "details-phone": "(973) 555-0199",
}


def test_paralegal_corrects_the_debtor_and_the_list_follows(client, make):
    paralegal = make.user(Role.PARALEGAL)
    matter = make.matter(paralegal=paralegal, debtor="Smyth and Son")
    debtor = matter.parties[0]
    login(client, paralegal)
    form = client.get(f"/matters/parties/{debtor.id}/edit").get_data(as_text=True)
    assert 'value="Smyth and Son"' in form
    response = client.post(f"/matters/parties/{debtor.id}/edit", data=NEW_DEBTOR)
    assert response.status_code == 302
    db.session.expire_all()
    party = db.session.get(Party, debtor.id)
    assert party.name == "Smith & Sons <Holdings> LLC"
    assert party.addresses[0].city == "Newark"
    assert {c.value for c in party.contacts} == {"ap@smithsons.example", "(973) 555-0199"}
    assert db.session.get(Matter, matter.id).debtor_name == "Smith & Sons <Holdings> LLC"
    listing = client.get("/matters/?q=holdings").get_data(as_text=True)
    assert "Smith &amp; Sons &lt;Holdings&gt; LLC" in listing
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "party.updated"))
    assert "Smyth and Son" in event.changes


def test_a_party_without_a_name_is_refused_and_kept_as_it_was(client, make):
    paralegal = make.user(Role.PARALEGAL)
    matter = make.matter(paralegal=paralegal, debtor="Keep Me Inc.")
    login(client, paralegal)
    response = client.post(
        f"/matters/parties/{matter.parties[0].id}/edit", data={**NEW_DEBTOR, "details-name": ""}
    )
    assert response.status_code == 200
    assert "This field is required." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Matter, matter.id).debtor_name == "Keep Me Inc."
