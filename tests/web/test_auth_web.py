"""Signing in and out over HTTP: throttling, sessions that really end, timeouts, redirects."""

import time
from datetime import timedelta

from sqlalchemy import select

from casefile.audit.models import AuditEvent
from casefile.auth.models import User
from casefile.domain.roles import Role
from casefile.extensions import db
from tests.factories import PASSWORD
from tests.web.helpers import login


def _flash(response) -> str:
    page = response.get_data(as_text=True)
    start = page.find('class="flash flash-error">')
    return page[start : page.find("</p>", start)] if start >= 0 else ""


def test_attorney_signs_in_and_lands_on_the_diary(client, make):
    attorney = make.user(Role.ATTORNEY)
    response = login(client, attorney)
    assert response.status_code == 302
    assert response.headers["Location"] == "/diary/"
    assert "My diary" in client.get("/diary/").get_data(as_text=True)


def test_client_user_lands_on_the_portal(client, make):
    user = make.user(Role.CLIENT, client=make.client())
    assert login(client, user).headers["Location"] == "/portal/"


def test_unknown_user_and_wrong_password_get_the_same_answer(client, make):
    attorney = make.user(Role.ATTORNEY)
    wrong_password = login(client, attorney, "not-the-password")
    unknown = client.post("/login", data={"email": "nobody@firm.test", "password": "whatever"})
    assert wrong_password.status_code == unknown.status_code == 200
    assert _flash(wrong_password) == _flash(unknown) != ""
    assert "Invalid e-mail or password." in _flash(unknown)


def test_sign_in_is_audited_for_success_and_failure(client, make):
    attorney = make.user(Role.ATTORNEY)
    login(client, attorney, "bad-password-1")
    login(client, attorney)
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("login.%")).order_by(AuditEvent.id)
    ).all()
    assert actions == ["login.failed", "login.succeeded"]


def test_account_is_locked_after_repeated_failures_even_with_the_right_password(app, client, make):
    attorney = make.user(Role.ATTORNEY)
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        login(client, attorney, "wrong-password!")
    locked = login(client, attorney)
    assert locked.status_code == 200
    assert "Too many failed sign-in attempts" in _flash(locked)
    assert client.get("/diary/").status_code == 302  # still not signed in


def test_unknown_account_names_lock_the_same_way(app, client):
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        client.post("/login", data={"email": "ghost@firm.test", "password": "x" * 12})
    again = client.post("/login", data={"email": "ghost@firm.test", "password": "x" * 12})
    assert "Too many failed sign-in attempts" in _flash(again)


def test_one_address_guessing_many_accounts_is_throttled(make_app, make):
    app = make_app(LOGIN_MAX_FAILURES_PER_ADDRESS=3)
    client = app.test_client()
    victim = make.user(Role.ATTORNEY)
    for n in range(3):
        client.post("/login", data={"email": f"guess{n}@firm.test", "password": "x" * 12})
    assert "Too many" in _flash(login(client, victim))


def test_replayed_cookie_after_logout_is_refused(app, client, make):
    attorney = make.user(Role.ATTORNEY)
    login(client, attorney)
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    response = thief.get("/diary/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_password_change_ends_every_other_session(app, make):
    attorney = make.user(Role.ATTORNEY)
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, attorney)
    login(phone, attorney)
    new = "a-brand-new-passphrase"
    changed = laptop.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": new, "confirm": new},
    )
    assert changed.headers["Location"] == "/login"
    assert phone.get("/diary/").status_code == 302
    assert laptop.get("/diary/").status_code == 302
    assert login(phone, attorney, new).headers["Location"] == "/diary/"


def test_password_change_refuses_a_short_password_and_keeps_the_old_one(client, make):
    attorney = make.user(Role.ATTORNEY)
    login(client, attorney)
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "short", "confirm": "short"},
    )
    assert "Use at least 12 characters." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, attorney.id).session_version == attorney.session_version


def test_deactivating_a_user_ends_their_session(app, make):
    admin = make.admin
    paralegal = make.user(Role.PARALEGAL)
    their_browser, admin_browser = app.test_client(), app.test_client()
    login(their_browser, paralegal)
    login(admin_browser, admin)
    response = admin_browser.post(
        f"/admin/users/{paralegal.id}/edit",
        data={
            "name": paralegal.name,
            "email": paralegal.email,
            "role": "paralegal",
            "client_id": "",
        },
    )
    assert response.status_code == 302
    assert their_browser.get("/diary/").status_code == 302


def test_idle_session_times_out(app, client, make):
    login(client, make.user(Role.ATTORNEY))
    with client.session_transaction() as session:
        session["seen_at"] = (
            int(time.time()) - int(app.config["SESSION_IDLE_TIMEOUT"].total_seconds()) - 5
        )
    response = client.get("/matters/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert client.get("/matters/").status_code == 302


def test_session_has_an_absolute_lifetime(make_app, make):
    app = make_app(SESSION_ABSOLUTE_TIMEOUT=timedelta(hours=1))
    client = app.test_client()
    login(client, make.user(Role.ATTORNEY))
    with client.session_transaction() as session:
        session["auth_at"] = int(time.time()) - 3601
    assert client.get("/matters/").status_code == 302


def test_sign_in_starts_a_fresh_session(client, make):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, make.user(Role.ATTORNEY))
    with client.session_transaction() as session:
        assert "planted" not in session


def test_login_never_redirects_to_another_site(client, make):
    attorney = make.user(Role.ATTORNEY)
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = client.post(
            f"/login?next={target}", data={"email": attorney.email, "password": PASSWORD}
        )
        assert response.headers["Location"] == "/diary/", target
        client.post("/logout")


def test_login_returns_to_the_page_asked_for(client, make):
    attorney = make.user(Role.ATTORNEY)
    first = client.get("/matters/?stage=demand")
    assert first.headers["Location"].startswith("/login?next=")
    response = client.post(
        "/login?next=/matters/?stage%3Ddemand", data={"email": attorney.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/matters/?stage=demand"


def test_logout_needs_post(client, make):
    login(client, make.user(Role.ATTORNEY))
    assert client.get("/logout").status_code == 405
    assert client.get("/diary/").status_code == 200


def test_admin_must_confirm_password_before_managing_users(make_app, make):
    app = make_app(REAUTH_WINDOW=timedelta(0))
    client = app.test_client()
    login(client, make.admin)
    time.sleep(1.01)
    response = client.get("/admin/users/new")
    assert response.headers["Location"].startswith("/account/confirm")
    confirm = client.post("/account/confirm?next=/admin/users/new", data={"password": "nope"})
    assert "That password is not correct." in confirm.get_data(as_text=True)
