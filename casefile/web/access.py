"""Who may reach which route, checked in one place before any view runs.

Every route is staff-only and needs a login unless its view says otherwise (`public`,
`any_user`, `client_only`), so a route added without a thought is closed, not open. Every
view argument that names an object (`matter_id`, `task_id`, ...) must have a scope resolver
here; for client users the object must belong to their own client or the answer is 404,
whatever the method. An argument without a resolver is a programming error caught by the
access-matrix test.
"""

from collections.abc import Callable
from functools import wraps

from flask import abort, current_app, request
from flask_login import current_user
from sqlalchemy import select

from casefile.audit.services import record
from casefile.auth.models import User
from casefile.clients.models import Client
from casefile.database import transaction, write_intent
from casefile.diary.models import Task
from casefile.documents.models import Document
from casefile.domain.roles import Capability, Role
from casefile.extensions import db, login_manager
from casefile.intake.models import ImportBatch
from casefile.ledger.models import LedgerEntry
from casefile.letters.models import Letter
from casefile.matters.models import Hold, Matter, Party
from casefile.resolution.models import Agreement, EnforcementAction, Offer, Suit
from casefile.trust.models import Remittance
from casefile.web.helpers import current_actor

Resolver = Callable[[int], int | None]
SCOPES: dict[str, Resolver] = {}


def scope(arg_name: str):
    """Register how to find the client that owns the object named by view argument `arg_name`."""

    def register(resolver: Resolver) -> Resolver:
        SCOPES[arg_name] = resolver
        return resolver

    return register


def public(view):
    """Mark a view as open to anonymous visitors."""
    view.audience = "public"
    return view


def any_user(view):
    """Mark a view as open to every signed-in user, staff or client."""
    view.audience = "any"
    return view


def client_only(view):
    """Mark a view as part of the client portal."""
    view.audience = "client"
    return view


def requires(capability: Capability):
    """Refuse (403) users whose role lacks `capability`."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.can(capability):
                deny(403, f"missing capability {capability}")
            return view(*args, **kwargs)

        return wrapper

    return decorate


def check_request_access():
    """The before-request gate: login, audience, then the object scope for client users."""
    if request.endpoint is None or request.endpoint == "static":
        return None
    view = current_app.view_functions[request.endpoint]
    audience = getattr(view, "audience", "staff")
    for name in request.view_args or {}:
        if name not in SCOPES:
            raise LookupError(f"route {request.url_rule} has no access scope for {name!r}")
    if audience == "public":
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role is Role.CLIENT:
        for name, value in (request.view_args or {}).items():
            if SCOPES[name](value) != current_user.client_id:
                deny(404, f"{name}={value} belongs to another client")
    if audience == "staff" and not current_user.is_staff:
        deny(403, "staff-only page")
    if audience == "client" and current_user.role is not Role.CLIENT:
        deny(403, "client portal page")
    return None


def deny(status: int, why: str):
    """Audit the refusal, then answer `status` (403 or 404) without changing anything else."""
    db.session.rollback()  # drop whatever this request read or staged before the refusal
    with write_intent(), transaction():
        record(
            current_actor(),
            "access.denied",
            "route",
            request.path[:40],
            result="denied",
            summary=f"{request.method} {request.path}: {why}"[:500],
        )
    abort(status)


def _client_of(model):
    """Resolver for a model that has its own client_id column."""

    def resolve(object_id: int):
        return db.session.scalar(select(model.client_id).where(model.id == object_id))

    return resolve


def _via_matter(model):
    """Resolver for a model that belongs to a matter: the matter's client owns it."""

    def resolve(object_id: int):
        return db.session.scalar(
            select(Matter.client_id)
            .join(model, model.matter_id == Matter.id)
            .where(model.id == object_id)
        )

    return resolve


def register_scopes() -> None:
    """Resolvers for every object a route can name; each returns the owning client's id."""
    scope("matter_id")(_client_of(Matter))
    scope("user_id")(_client_of(User))
    scope("client_id")(lambda object_id: object_id if db.session.get(Client, object_id) else None)
    scope("party_id")(_via_matter(Party))
    scope("hold_id")(_via_matter(Hold))
    scope("entry_id")(_via_matter(LedgerEntry))
    scope("remittance_id")(_client_of(Remittance))
    scope("import_id")(_client_of(ImportBatch))
    scope("document_id")(_client_of(Document))
    scope("letter_id")(_via_matter(Letter))
    # Templates and batch runs are the firm's own: no client owns them.
    scope("template_id")(lambda _object_id: None)
    scope("batch_id")(lambda _object_id: None)
    # A task without a matter is internal: no client owns it (the join finds nothing).
    scope("task_id")(_via_matter(Task))
    scope("offer_id")(_via_matter(Offer))
    scope("agreement_id")(_via_matter(Agreement))
    scope("suit_id")(_via_matter(Suit))
    scope("action_id")(_via_matter(EnforcementAction))
    # A calendar feed token is a secret, not an object a client owns (the feed checks it).
    scope("token")(lambda _token: None)
