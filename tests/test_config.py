"""Configuration: load order, safe defaults, and a production mode that refuses unsafe settings."""

import pytest
from werkzeug.security import check_password_hash

from casefile import create_app
from casefile.auth.passwords import hash_password
from casefile.config import ASVS_PASSWORD_HASH, ConfigurationError, Defaults

SAFE_PRODUCTION = {
    "ENVIRONMENT": "production",
    "SECRET_KEY": "k" * 48,
    "SESSION_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_SECURE": True,
}


def _production(tmp_path, **overrides):
    settings = {**SAFE_PRODUCTION, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db"}
    return create_app({**settings, **overrides}, instance_path=tmp_path)


@pytest.mark.parametrize(
    ("override", "complaint"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": "change-me"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short-but-random"}, "SECRET_KEY"),
        ({"DEBUG": True}, "DEBUG"),
        ({"SESSION_COOKIE_SECURE": False}, "SESSION_COOKIE_SECURE"),
        ({"REMEMBER_COOKIE_SECURE": False}, "REMEMBER_COOKIE_SECURE"),
        ({"SESSION_COOKIE_SAMESITE": None}, "SAMESITE"),
        ({"WTF_CSRF_ENABLED": False}, "CSRF"),
    ],
)
def test_production_refuses_to_start_with_an_unsafe_setting(tmp_path, override, complaint):
    with pytest.raises(ConfigurationError, match=complaint):
        _production(tmp_path, **override)


def test_production_with_safe_settings_starts_and_sends_hsts(tmp_path):
    app = _production(tmp_path)
    response = app.test_client().get("/login", base_url="https://firm.example")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_development_generates_a_private_secret_key_once(tmp_path):
    first = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=tmp_path)
    again = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=tmp_path)
    key_file = tmp_path / "secret_key"
    assert first.config["SECRET_KEY"] == again.config["SECRET_KEY"] == key_file.read_text()
    assert len(first.config["SECRET_KEY"]) >= 48
    assert key_file.stat().st_mode & 0o077 == 0


def test_instance_config_then_environment_override_defaults(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text("FIRM_NAME = 'From Instance'\nPAGE_SIZE = 20\n")
    monkeypatch.setenv("CASEFILE_PAGE_SIZE", "30")
    app = create_app(instance_path=tmp_path)
    assert app.config["FIRM_NAME"] == "From Instance"
    assert app.config["PAGE_SIZE"] == 30
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'casefile.db'}"


def test_database_url_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://casefile@db.internal/casefile")
    app = create_app(instance_path=tmp_path)
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


def test_defaults_are_safe():
    assert Defaults.SESSION_COOKIE_HTTPONLY
    assert Defaults.SESSION_COOKIE_SAMESITE == "Lax"
    assert Defaults.MAX_CONTENT_LENGTH is not None
    assert Defaults.REMEMBER_COOKIE_DURATION.days <= 14
    assert Defaults.WTF_CSRF_ENABLED


def test_passwords_are_hashed_at_asvs_cost_by_default():
    assert Defaults.PASSWORD_HASH_METHOD == ASVS_PASSWORD_HASH
    hashed = hash_password("a long enough passphrase", ASVS_PASSWORD_HASH)
    assert hashed.startswith("scrypt:131072:8:1$")
    assert check_password_hash(hashed, "a long enough passphrase")


@pytest.mark.parametrize(
    "order", ["costs,fees,interest", "costs,fees,interest,principal,costs", "costs,fees,tax,x"]
)
def test_a_payment_order_that_does_not_name_each_part_once_is_refused(tmp_path, order):
    with pytest.raises(ConfigurationError, match="PAYMENT_APPLICATION_ORDER"):
        create_app(
            {"SQLALCHEMY_DATABASE_URI": "sqlite://", "PAYMENT_APPLICATION_ORDER": order},
            instance_path=tmp_path,
        )
