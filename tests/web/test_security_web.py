"""Request-level protections: CSRF, headers, size limits and error pages that reveal nothing."""

import re

import pytest
from sqlalchemy import func, select

from casefile.domain.roles import Role
from casefile.domain.stages import Stage
from casefile.extensions import db
from casefile.matters.models import Matter, StageEvent
from casefile.web.access import public
from tests.factories import PASSWORD
from tests.web.helpers import csrf_token, login


@pytest.fixture
def csrf_app(make_app):
    """The app as in production: CSRF protection on."""
    return make_app(WTF_CSRF_ENABLED=True)


def test_login_without_csrf_token_is_refused(csrf_app, make):
    attorney = make.user(Role.ATTORNEY)
    client = csrf_app.test_client()
    response = client.post("/login", data={"email": attorney.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    token = csrf_token(client, "/login")
    ok = client.post(
        "/login", data={"email": attorney.email, "password": PASSWORD, "csrf_token": token}
    )
    assert ok.status_code == 302


def test_stage_change_without_csrf_token_changes_nothing(csrf_app, make):
    attorney = make.user(Role.ATTORNEY)
    matter = make.matter(attorney=attorney)
    client = csrf_app.test_client()
    token = csrf_token(client, "/login")
    client.post("/login", data={"email": attorney.email, "password": PASSWORD, "csrf_token": token})
    forged = client.post(
        f"/matters/{matter.id}/stage", data={"target": "demand", "reason": "forged"}
    )
    assert forged.status_code == 400
    db.session.expire_all()
    assert db.session.get(Matter, matter.id).stage is Stage.OPEN
    page_token = csrf_token(client, f"/matters/{matter.id}")
    real = client.post(
        f"/matters/{matter.id}/stage",
        data={
            "target": "demand",
            "reason": "Demand sent",
            "csrf_token": page_token,
            "version": matter.version,
        },
    )
    assert real.status_code == 302
    db.session.expire_all()
    assert db.session.get(Matter, matter.id).stage is Stage.DEMAND
    assert db.session.scalar(select(func.count(StageEvent.id))) == 2


def test_logout_without_csrf_token_keeps_the_session(csrf_app, make):
    attorney = make.user(Role.ATTORNEY)
    client = csrf_app.test_client()
    client.post(
        "/login",
        data={
            "email": attorney.email,
            "password": PASSWORD,
            "csrf_token": csrf_token(client, "/login"),
        },
    )
    assert client.post("/logout").status_code == 400
    assert client.get("/diary/").status_code == 200


def test_every_page_carries_the_security_headers(client, make):
    login(client, make.user(Role.ATTORNEY))
    for path in ("/login", "/diary/", "/matters/", "/nowhere"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cache-Control"] == "no-store"
        assert "Strict-Transport-Security" not in headers  # only in production, over HTTPS


def test_pages_use_no_inline_script_or_style(client, make):
    """The CSP forbids inline code, so the pages must not need any."""
    attorney = make.user(Role.ATTORNEY)
    matter = make.matter(attorney=attorney)
    login(client, attorney)
    for path in ("/diary/", "/matters/", f"/matters/{matter.id}", "/matters/new"):
        page = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), path
        assert "<style" not in page, path
        assert " style=" not in page, path
        assert re.search(r"\son[a-z]+=", page) is None, path


def test_session_cookie_is_httponly_and_samesite(client, make):
    response = login(client, make.user(Role.ATTORNEY))
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_request_larger_than_the_limit_is_refused(make_app, make):
    app = make_app(MAX_CONTENT_LENGTH=1024)
    client = app.test_client()
    login(client, make.user(Role.ATTORNEY))
    response = client.post("/matters/new", data={"summary": "x" * 5000})
    assert response.status_code == 413
    assert "larger than this firm allows" in response.get_data(as_text=True)


def test_server_error_page_reveals_nothing(make_app):
    app = make_app()

    @public
    def explode():
        raise RuntimeError("secret detail /srv/casefile SELECT password_hash")

    app.add_url_rule("/explode", "explode", explode)
    response = app.test_client().get("/explode")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "saved nothing" in page
    for leak in ("secret detail", "Traceback", "/srv/casefile", "SELECT"):
        assert leak not in page


def test_not_found_page_helps(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Go to the start page" in response.get_data(as_text=True)


def test_health_check_is_public(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
