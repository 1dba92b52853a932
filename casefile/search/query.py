"""Running a user's search: parse safely, restrict by who asks, bound it, highlight the page.

Security (SECURITY.md): Whoosh's parser obeys `field:value` and `*`. Users may name only the
fields in `USER_FIELDS`; wildcards are reduced to prefixes of at least two characters; and the
restriction for a client user (their client, client-visible entries) is intersected with the
query by this code, never parsed from the box, so nothing typed there can lift it.
"""

from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import islice, pairwise

from markupsafe import escape
from whoosh import qparser, query
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.highlight import HtmlFormatter, PinpointFragmenter

from casefile.search.index import SearchIndex
from casefile.search.schema import (
    FIELD_ALIASES,
    USER_FIELDS,
    build_schema,
    day_number,
    number_day,
    viewer_term,
)

MAX_PREFIX_TERMS = 2000  # a prefix that expands further is too broad to be useful
MIN_PREFIX = 2


class BadQuery(Exception):
    """A query we will not run, with a message for the person who typed it."""


@dataclass(frozen=True)
class Scope:
    """Who is searching: staff see everything; a client user only their client's shared items."""

    client_id: int | None = None  # set for client users
    user_id: int | None = None


@dataclass(frozen=True)
class Filters:
    client_id: int | None = None
    stage: str = ""
    channel: str = ""
    direction: str = ""
    date_from: date | None = None
    date_to: date | None = None
    mine: bool = False


@dataclass(frozen=True)
class Hit:
    key: str
    kind: str
    matter_id: int
    reference: str
    debtor: str
    subject: str
    channel: str
    direction: str
    day: date
    author: str
    snippet: str  # HTML: escaped text with <mark> around the matched words


@dataclass
class Page:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    exact_total: bool = True
    page: int = 1
    per_page: int = 20
    timed_out: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


_SCHEMA = build_schema()
_USER_SCHEMA = build_schema()
for _name in list(_USER_SCHEMA.names()):
    if _name not in USER_FIELDS:
        _USER_SCHEMA.remove(_name)


def parser() -> qparser.QueryParser:
    """The parser for what users type: AND/OR/NOT, phrases, groups, prefixes, named fields."""
    parser = qparser.QueryParser("content", _USER_SCHEMA, group=qparser.AndGroup)
    parser.remove_plugin_class(qparser.WildcardPlugin)
    parser.remove_plugin_class(qparser.BoostPlugin)
    parser.remove_plugin_class(qparser.RangePlugin)
    parser.remove_plugin_class(qparser.EveryPlugin)
    parser.remove_plugin_class(qparser.FieldsPlugin)
    parser.add_plugin(qparser.FieldsPlugin(remove_unknown=True))
    parser.add_plugin(qparser.PrefixPlugin())
    parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
    return parser


_PARSER = parser()


def parse(text: str) -> query.Query:
    text = text.strip()
    if not text:
        raise BadQuery("Type something to search for.")
    if len(text) > 500:
        raise BadQuery("That search is too long: use at most 500 characters.")
    parsed = _PARSER.parse(text)
    if parsed is query.NullQuery or not list(parsed.leaves()):
        raise BadQuery("Nothing to search for there: try words, a phrase in quotes or a prefix*.")
    for leaf in parsed.leaves():
        if isinstance(leaf, query.Prefix) and len(leaf.text) < MIN_PREFIX:
            raise BadQuery(f"Give at least {MIN_PREFIX} letters before * (for example pay*).")
        if isinstance(leaf, query.Wildcard | query.Every) or "*" in str(getattr(leaf, "text", "")):
            raise BadQuery("Only a * at the end of a word is supported (for example garnish*).")
    if all(isinstance(leaf, query.Not) for leaf in _top_terms(parsed)):
        raise BadQuery("Say what to find as well as what to leave out (for example levy NOT bank).")
    return parsed


def restriction(scope: Scope, filters: Filters) -> list[query.Query]:
    """The terms every hit must carry. For a client user they come from the session, not the
    query box, and the client filter of the form cannot widen them."""
    terms: list[query.Query] = []
    if scope.client_id is not None:
        terms.append(query.Term("viewer", viewer_term(scope.client_id)))
    elif filters.client_id:
        terms.append(query.Term("client", str(filters.client_id)))
    if filters.mine and scope.user_id is not None and scope.client_id is None:
        terms.append(query.Term("staff", f"u{scope.user_id}"))
    for name in ("stage", "channel", "direction"):
        if getattr(filters, name):
            terms.append(query.Term(name, getattr(filters, name)))
    if filters.date_from or filters.date_to:
        terms.append(
            query.NumericRange(
                "day",
                day_number(filters.date_from) if filters.date_from else None,
                day_number(filters.date_to) if filters.date_to else None,
                constantscore=True,
            )
        )
    return terms


def search(
    index: SearchIndex,
    text: str,
    scope: Scope,
    filters: Filters,
    load_text,
    page: int = 1,
    per_page: int = 20,
    sort: str = "relevance",
    time_limit: float = 2.0,
    max_page: int = 50,
) -> Page:
    """One page of hits. `load_text(keys)` returns the indexed text of those entries (from the
    database) to cut highlights from; IndexUnavailable propagates for the caller to report."""
    user_query = parse(text)
    page = max(1, min(page, max_page))
    with index.searcher() as searcher:
        _check_prefixes(user_query, searcher)
        full = query.And([_by_pairs(user_query), *restriction(scope, filters)]).normalize()
        limit = page * per_page
        collector = searcher.collector(
            limit=limit,
            sortedby="day" if sort == "date" else None,
            reverse=sort == "date",
        )
        # A timer thread, not SIGALRM: signals work only in the main thread, and web servers
        # answer requests in worker threads.
        timed = TimeLimitCollector(collector, timelimit=time_limit, use_alarm=False)
        timed_out = False
        try:
            searcher.search_with_collector(full, timed)
        except TimeLimit:
            timed_out = True
        results = timed.results()
        _record_matched_terms(results, user_query, searcher)
        results.fragmenter = PinpointFragmenter(maxchars=240, surround=60, autotrim=True)
        results.formatter = HtmlFormatter(tagname="mark", between=" … ")
        # A slice of the collected hits, not `list(results)`: list() asks len(), which re-runs
        # the whole query to count the matches when the collector skipped blocks.
        chosen = results[(page - 1) * per_page : limit]
        texts = load_text([hit["key"] for hit in chosen])
        hits = [_hit(hit, texts.get(hit["key"], "")) for hit in chosen]
        exact = results.has_exact_length() and not timed_out
        total = len(results) if exact else results.estimated_length()
        return Page(hits, total, exact, page, per_page, timed_out)


def _hit(hit, text: str) -> Hit:
    snippet = hit.highlights("content", text=text, top=2) if text else ""
    if not snippet and text:
        snippet = _escape(text[:240])
    return Hit(
        key=hit["key"],
        kind=hit["kind"],
        matter_id=int(hit["matter"]),
        reference=hit.get("reference", ""),
        debtor=(hit.get("debtor") or "").split("\n")[0],
        subject=hit.get("subject", ""),
        channel=hit.get("channel", ""),
        direction=hit.get("direction", ""),
        day=number_day(hit["day"]),
        author=hit.get("author", ""),
        snippet=snippet,
    )


def _by_pairs(parsed: query.Query) -> query.Query:
    """The query with each phrase of `content` looked up as its adjacent word pairs."""

    def rewrite(node):
        if isinstance(node, query.Phrase) and node.fieldname == "content" and node.slop == 1:
            words = [word for word in node.words if word]
            if len(words) >= 2:
                return query.And([query.Term("pairs", f"{a} {b}") for a, b in pairwise(words)])
        return node

    return parsed.accept(rewrite)


def _record_matched_terms(results, parsed: query.Query, searcher) -> None:
    """Which of the query's terms each collected document holds, for pinpoint highlights.

    Whoosh's `terms=True` records this for every matching document while it collects, which
    also switches off its block skipping: a phrase or a common word over 100,000 items paid for
    it on every match. Only the page's documents are highlighted, so only theirs are looked up,
    in the postings of the query's (expanded) terms."""
    docnums = sorted(docnum for _, docnum in results.top_n)
    termdocs: dict = defaultdict(lambda: array("I"))
    docterms: dict = defaultdict(list)
    if docnums:
        for term in parsed.existing_terms(searcher.reader(), expand=True):
            matcher = searcher.postings(*term)
            for docnum in docnums:
                if not matcher.is_active():
                    break
                if matcher.id() < docnum:
                    matcher.skip_to(docnum)
                if matcher.is_active() and matcher.id() == docnum:
                    termdocs[term].append(docnum)
                    docterms[docnum].append(term)
    results.termdocs = termdocs
    results.docterms = docterms


def _check_prefixes(parsed: query.Query, searcher) -> None:
    reader = searcher.reader()
    for leaf in parsed.leaves():
        if isinstance(leaf, query.Prefix):
            words = reader.expand_prefix(leaf.fieldname, leaf.text)
            if next(islice(words, MAX_PREFIX_TERMS, None), None) is not None:
                raise BadQuery(f"“{leaf.text}*” matches too many words: add letters.")


def _top_terms(parsed: query.Query) -> list[query.Query]:
    return list(parsed.subqueries) if isinstance(parsed, query.And) else [parsed]


def _escape(text: str) -> str:
    return str(escape(text))
