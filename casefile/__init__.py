"""casefile: case management for law firms that recover unpaid invoices."""

import logging
import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from casefile import config
from casefile.extensions import csrf, db, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, hooks and commands."""
    app = Flask(
        __name__,
        instance_path=str(
            Path(
                instance_path or os.environ.get("CASEFILE_INSTANCE_PATH") or ROOT / "instance"
            ).resolve()
        ),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    config.load(app, test_config)
    if app.config["TRUSTED_PROXIES"]:
        # Behind a reverse proxy: take the client address and scheme from its headers.
        count = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    register_extensions(app)
    register_blueprints(app)
    register_hooks(app)
    register_templates(app)
    register_commands(app)
    logging.getLogger("casefile").setLevel(logging.INFO)
    return app


def register_extensions(app: Flask) -> None:
    import casefile.search.sync  # noqa: F401  (keeps the search index in step with commits)
    from casefile.database import configure_engine

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    with app.app_context():
        configure_engine(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])


def register_blueprints(app: Flask) -> None:
    from casefile.admin.views import bp as admin_bp
    from casefile.auth.views import bp as auth_bp
    from casefile.compliance.views import bp as compliance_bp
    from casefile.correspondence.views import bp as correspondence_bp
    from casefile.diary.views import bp as diary_bp
    from casefile.documents.views import bp as documents_bp
    from casefile.intake.public import bp as referrals_bp
    from casefile.intake.views import bp as intake_bp
    from casefile.ledger.views import bp as ledger_bp
    from casefile.letters.views import bp as letters_bp
    from casefile.matters.views import bp as matters_bp
    from casefile.portal.views import bp as portal_bp
    from casefile.resolution.views import bp as resolution_bp
    from casefile.search.views import bp as search_bp
    from casefile.trust.views import bp as trust_bp
    from casefile.web.access import register_scopes
    from casefile.web.home import bp as home_bp

    blueprints = (
        *(home_bp, auth_bp, admin_bp, matters_bp, intake_bp, referrals_bp),
        *(correspondence_bp, ledger_bp, trust_bp, diary_bp, documents_bp, compliance_bp),
        *(portal_bp, search_bp, letters_bp, resolution_bp),
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    register_scopes()


def register_hooks(app: Flask) -> None:
    from casefile.auth.views import load_user
    from casefile.search.sync import catch_up
    from casefile.web import errors, security
    from casefile.web.access import check_request_access

    login_manager.user_loader(load_user)
    app.before_request(security.begin_mode)
    app.before_request(security.enforce_session_timeouts)
    app.before_request(check_request_access)
    app.before_request(catch_up)
    app.after_request(security.add_security_headers)
    app.teardown_request(security.end_mode)
    errors.register(app)


def register_templates(app: Flask) -> None:
    from casefile.web import filters

    filters.register(app)


def register_commands(app: Flask) -> None:
    from casefile import cli

    cli.register(app)
