"""Administrators manage users and clients; the pages refuse everyone else."""

from sqlalchemy import select

from casefile.auth.models import User
from casefile.clients.models import Client
from casefile.domain.roles import Role
from casefile.extensions import db
from tests.web.helpers import login


def test_admin_creates_a_client_user_who_can_sign_in(app, client, make):
    acme = make.client("Acme")
    login(client, make.admin)
    response = client.post(
        "/admin/users/new",
        data={
            "name": "Priya Raman",
            "email": "Priya@Acme.example",
            "role": "client",
            "client_id": acme.id,
            "active": "y",
            "password": "a-client-passphrase",
        },
    )
    assert response.headers["Location"] == "/admin/users"
    user = db.session.scalar(select(User).where(User.email == "priya@acme.example"))
    assert (user.role, user.client_id) == (Role.CLIENT, acme.id)
    browser = app.test_client()
    assert login(browser, user, "a-client-passphrase").headers["Location"] == "/portal/"


def test_a_client_user_without_a_client_is_refused_next_to_the_field(client, make):
    login(client, make.admin)
    response = client.post(
        "/admin/users/new",
        data={
            "name": "Nobody",
            "email": "n@x.example",
            "role": "client",
            "client_id": "",
            "active": "y",
            "password": "a-client-passphrase",
        },
    )
    page = response.get_data(as_text=True)
    assert "A client user must belong to a client." in page
    assert db.session.scalar(select(User).where(User.email == "n@x.example")) is None


def test_attorney_adds_a_client_with_an_exact_fee(client, make):
    login(client, make.user(Role.ATTORNEY))
    response = client.post(
        "/admin/clients/new",
        data={"name": "Brightline Staffing", "fee_percent": "33.33", "active": "y"},
    )
    assert response.status_code == 302
    added = db.session.scalar(select(Client).where(Client.name == "Brightline Staffing"))
    assert added.fee_basis_points == 3333


def test_a_stale_client_edit_is_refused(client, make):
    login(client, make.user(Role.ATTORNEY))
    acme = make.client("Acme")
    client_id, opened = acme.id, acme.version
    form = {"name": "Acme Corp", "fee_percent": "25", "active": "y", "version": opened}
    assert client.post(f"/admin/clients/{client_id}/edit", data=form).status_code == 302
    stale = client.post(f"/admin/clients/{client_id}/edit", data={**form, "name": "Acme Inc"})
    assert "changed by someone else" in stale.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Client, client_id).name == "Acme Corp"


def test_only_admins_manage_users_and_paralegals_not_clients(client, make):
    login(client, make.user(Role.PARALEGAL))
    assert client.get("/admin/users").status_code == 403
    assert client.get("/admin/clients/new").status_code == 403
    assert client.get("/admin/audit").status_code == 200  # paralegals may read the audit trail
