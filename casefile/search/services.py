"""Search as the app uses it: the right scope for the user, texts for highlights, and a clear
answer when the index is unavailable."""

from dataclasses import dataclass

from flask import current_app

from casefile.database import read_only
from casefile.extensions import db
from casefile.search import query
from casefile.search.index import IndexUnavailable
from casefile.search.records import item_text, matter_text
from casefile.search.sync import search_index, start_rebuild


@dataclass
class Outcome:
    page: query.Page | None = None
    problem: str = ""  # a malformed query, or why search is unavailable
    unavailable: bool = False


def scope_for(user) -> query.Scope:
    return query.Scope(client_id=None if user.is_staff else user.client_id, user_id=user.id)


def run(text: str, scope: query.Scope, filters: query.Filters, page: int, sort: str) -> Outcome:
    config = current_app.config
    try:
        found = query.search(
            search_index(),
            text,
            scope,
            filters,
            load_text=_texts,
            page=page,
            sort=sort,
            time_limit=config["SEARCH_TIME_LIMIT_SECONDS"],
        )
    except query.BadQuery as error:
        return Outcome(problem=str(error))
    except IndexUnavailable:
        current_app.logger.warning("search index unavailable; rebuilding")
        start_rebuild(current_app._get_current_object())
        return Outcome(unavailable=True, problem=UNAVAILABLE)
    except Exception:  # a damaged segment raises bare struct/zlib/index errors
        current_app.logger.exception("search failed; rebuilding the index")
        search_index().forget_searchers()
        start_rebuild(current_app._get_current_object())
        return Outcome(unavailable=True, problem=UNAVAILABLE)
    return Outcome(page=found)


UNAVAILABLE = (
    "Search is unavailable while its index is rebuilt from the database. Everything else "
    "works as usual; try the search again in a few minutes."
)


def _texts(keys: list[str]) -> dict[str, str]:
    items = [int(k[1:]) for k in keys if k.startswith("c")]
    matters = [int(k[1:]) for k in keys if k.startswith("m")]
    with read_only():  # a GET outside a request (tests, scripts) must not take SQLite's write lock
        return {**item_text(db.session, items), **matter_text(db.session, matters)}
