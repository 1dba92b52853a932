"""Configuration: defaults, then `instance/config.py`, then `CASEFILE_*` environment variables.

A production configuration refuses to start with a default secret, debug on or insecure cookies.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

PLACEHOLDER_SECRETS = frozenset({"", "dev", "change-me", "changeme", "secret", "development"})

# Werkzeug's default scrypt cost (N=2^15) is below OWASP ASVS 5.0's table;
# N=2^17, r=8, p=1 meets it.
ASVS_PASSWORD_HASH = "scrypt:131072:8:1"


class Defaults:
    """Settings for a single-office install on SQLite; every one can be overridden."""

    ENVIRONMENT = "development"
    DEBUG = False
    SECRET_KEY: str | None = None  # generated into instance/secret_key outside production
    SQLALCHEMY_DATABASE_URI: str | None = None  # default: sqlite in instance/
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLITE_BUSY_TIMEOUT_MS = 15_000

    PASSWORD_HASH_METHOD = ASVS_PASSWORD_HASH
    LOGIN_WINDOW = timedelta(minutes=15)
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_ADDRESS = 30
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    REAUTH_WINDOW = timedelta(minutes=10)

    SESSION_COOKIE_NAME = "casefile_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = (
        False  # local development over http://127.0.0.1; forced on in production
    )
    REMEMBER_COOKIE_DURATION = timedelta(days=7)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session, which has its own limits
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024  # bytes in one request, uploads included
    MAX_FORM_MEMORY_SIZE = 1024 * 1024
    MAX_FORM_PARTS = 200

    TRUSTED_PROXIES = 0  # how many reverse proxies stand in front (for client addresses)
    PAGE_SIZE = 50
    FIRM_NAME = "Casefile Demo Firm LLP"
    # The letterhead and signature block of every generated letter (empty fields stop a letter).
    FIRM_ADDRESS = "100 Broad Street, Suite 1200\nNew York, NY 10004"
    FIRM_PHONE = "(212) 555-0199"
    FIRM_EMAIL = "letters@demo-firm.example"
    # "thread": a letter batch runs in a thread and its page shows progress; "inline": the
    # request runs it (tests, scripts).
    LETTER_BATCH_MODE = "thread"
    FIRM_TIME_ZONE = "America/New_York"  # times typed on forms (call times) are in this zone
    # Which parts of the balance a payment pays off first. Changing it re-applies every payment
    # already recorded, so a firm sets it once, before recording payments.
    PAYMENT_APPLICATION_ORDER = "costs,fees,interest,principal"
    HSTS_SECONDS = 31_536_000

    # Full-text search (Whoosh). The index is a cache of the database, rebuilt from it at will.
    SEARCH_INDEX_PATH: str | None = None  # default: instance/search-index
    # "background": a thread per process indexes after each commit; "inline": the committing
    # request does it (tests, scripts); "off": only `flask search sync` does.
    SEARCH_INDEXING = "background"
    SEARCH_TIME_LIMIT_SECONDS = 2.0  # a query is cut off after this and shows what it found
    SEARCH_INDEX_MEMORY_MB = 1024  # per rebuild, shared by its worker processes


def load(app, test_config: dict | None = None) -> None:
    """Fill `app.config` in the documented order and finish the derived settings."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("CASEFILE")
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if test_config:
        app.config.update(test_config)

    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'casefile.db'}"
    if not app.config["SEARCH_INDEX_PATH"]:
        app.config["SEARCH_INDEX_PATH"] = str(instance / "search-index")
    if app.config["SEARCH_INDEXING"] not in ("background", "inline", "off"):
        raise ConfigurationError("SEARCH_INDEXING must be background, inline or off")
    app.config["PAYMENT_APPLICATION_ORDER"] = application_order(
        app.config["PAYMENT_APPLICATION_ORDER"]
    )
    if app.config["ENVIRONMENT"] == "production":
        check_production(app.config)
    elif not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret(instance / "secret_key")


class ConfigurationError(RuntimeError):
    """A setting that would make the app unsafe to run."""


def application_order(setting) -> tuple:
    """The payment application order as components, from "costs,fees,interest,principal"."""
    from casefile.domain.balance import Component

    names = setting.split(",") if isinstance(setting, str) else list(setting)
    try:
        order = tuple(Component(str(name).strip()) for name in names)
    except ValueError as error:
        raise ConfigurationError(f"PAYMENT_APPLICATION_ORDER: {error}") from error
    if sorted(order) != sorted(Component):
        raise ConfigurationError(
            "PAYMENT_APPLICATION_ORDER must name costs, fees, interest and principal once each"
        )
    return order


def check_production(config) -> None:
    """Refuse to run production with a guessable secret, debug on, or cookies sent over http."""
    problems = []
    secret = config.get("SECRET_KEY") or ""
    if secret.lower() in PLACEHOLDER_SECRETS or len(secret) < 32:
        problems.append("SECRET_KEY must be set to a random value of at least 32 characters")
    if config.get("DEBUG"):
        problems.append("DEBUG must be off")
    for name in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if not config.get(name):
            problems.append(f"{name} must be true (serve over HTTPS)")
    if not config.get("SESSION_COOKIE_HTTPONLY"):
        problems.append("SESSION_COOKIE_HTTPONLY must be true")
    if config.get("SESSION_COOKIE_SAMESITE") not in ("Lax", "Strict"):
        problems.append("SESSION_COOKIE_SAMESITE must be Lax or Strict")
    if not config.get("WTF_CSRF_ENABLED"):
        problems.append("WTF_CSRF_ENABLED must be true")
    if problems:
        raise ConfigurationError("refusing to start in production: " + "; ".join(problems))


def _instance_secret(path: Path) -> str:
    """The secret kept in `instance/secret_key`, created with owner-only permissions if missing."""
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
