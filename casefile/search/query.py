"""Running a user's search: parse safely, restrict by who asks, bound it, highlight the page.

Security (SECURITY.md): Whoosh's parser obeys `field:value` and `*`. Users may name only the
fields in `USER_FIELDS`; wildcards are reduced to prefixes of at least two characters; and the
restriction for a client user (their client, client-visible entries) is intersected with the
query by this code, never parsed from the box, so nothing typed there can lift it.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import islice, pairwise

from markupsafe import escape
from whoosh import qparser, query
from whoosh.collectors import TimeLimit
from whoosh.highlight import ContextFragmenter, HtmlFormatter, highlight

from casefile.search.analysis import StemWords, stem
from casefile.search.index import SearchIndex
from casefile.search.schema import (
    FIELD_ALIASES,
    USER_FIELDS,
    build_schema,
    day_number,
    number_day,
    viewer_term,
)
from casefile.search.scoring import (
    MATCH_BUDGET,
    DaysOf,
    Flat,
    FlatRange,
    NewestFirst,
    TopUntilSaturated,
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
    truncated: bool = False  # so many matches that only the newest were ranked

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
_INNER_STAR = re.compile(r"\*\w")  # a * with more of the word after it
_ONLY_AT_THE_END = "Only a * at the end of a word is supported (for example garnish*)."


def parse(text: str) -> query.Query:
    text = text.strip()
    if not text:
        raise BadQuery("Type something to search for.")
    if len(text) > 500:
        raise BadQuery("That search is too long: use at most 500 characters.")
    if _INNER_STAR.search(text):
        raise BadQuery(_ONLY_AT_THE_END)
    parsed = _PARSER.parse(text)
    if parsed is query.NullQuery or not list(parsed.leaves()):
        raise BadQuery("Nothing to search for there: try words, a phrase in quotes or a prefix*.")
    for leaf in parsed.leaves():
        if isinstance(leaf, query.Prefix) and len(leaf.text) < MIN_PREFIX:
            raise BadQuery(f"Give at least {MIN_PREFIX} letters before * (for example pay*).")
        if isinstance(leaf, query.Wildcard | query.Every) or "*" in str(getattr(leaf, "text", "")):
            raise BadQuery(_ONLY_AT_THE_END)
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
    if (filters.date_from or filters.date_to) and scope.client_id is None:
        days = query.NumericRange("day", *_day_numbers(filters), constantscore=False)
        terms.append(FlatRange(days))  # a client's range is tested per match (compile_query)
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
    match_budget: int = MATCH_BUDGET,
) -> Page:
    """One page of hits. `load_text(keys)` returns the indexed text of those entries (from the
    database) to cut highlights from; IndexUnavailable propagates for the caller to report."""
    user_query = parse(text)
    page = max(1, min(page, max_page))
    with index.searcher() as searcher:
        expanded = expand(user_query, searcher)
        full = compile_query(expanded, scope, filters)
        limit = page * per_page
        if sort == "date":
            collector = NewestFirst(limit, time_limit)
        else:
            collector = TopUntilSaturated(limit, time_limit, match_budget)
        timed_out = False
        try:
            searcher.search_with_collector(full, collector)
        except TimeLimit:
            timed_out = True
        results = collector.results()
        # A slice of the collected hits, not `list(results)`: list() asks len(), which re-runs
        # the whole query to count the matches when the collector stopped early.
        chosen = results[(page - 1) * per_page : limit]
        texts = load_text([hit["key"] for hit in chosen])
        words = _highlight_terms(expanded)
        hits = [_hit(hit, texts.get(hit["key"], ""), words) for hit in chosen]
        total, exact = _count(collector, full.estimate_size(searcher.reader()), timed_out)
        return Page(hits, total, exact, page, per_page, timed_out, collector.truncated)


def compile_query(parsed: query.Query, scope: Scope, filters: Filters) -> query.Query:
    """The query that runs: what was typed (prefixes expanded, phrases as word pairs), and
    everything the hits must carry."""
    if scope.client_id is not None:
        parsed = _among_client_words(parsed, viewer_term(scope.client_id))
    compiled = _binary_unions(
        query.And([_by_pairs(parsed), *restriction(scope, filters)]).normalize()
    )
    if scope.client_id is not None and (filters.date_from or filters.date_to):
        return DaysOf(compiled, *_day_numbers(filters))
    return compiled


# An open end of a date range is given as a far date: Whoosh splits a numeric range that starts
# at 0 (or None) into trie terms that include one matching every day, after the range too.
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


def _day_numbers(filters: Filters) -> tuple[int, int]:
    return day_number(filters.date_from or EARLIEST), day_number(filters.date_to or LATEST)


def _binary_unions(parsed: query.Query) -> query.Query:
    """Every OR as Whoosh's binary union matchers. On a small index, or with many words, Whoosh
    picks an array union whose best possible score is the best of its words instead of their
    sum, and the collector, trusting it, would stop before the page is right."""
    for node in _nodes(parsed):
        if isinstance(node, query.Or):
            node.matcher_type = query.Or.DEFAULT_MATCHER
    return parsed


def _nodes(parsed: query.Query):
    yield parsed
    for child in parsed.children():
        yield from _nodes(child)


def expand(parsed: query.Query, searcher) -> query.Query:
    return _expand_prefixes(parsed, searcher.reader())


def _count(collector: TopUntilSaturated, estimate: int, timed_out: bool) -> tuple[int, bool]:
    """The number of matches, and whether it is exact. It is exact when every match was
    collected; otherwise it is the estimate from the terms' document counts, never less than
    what was seen."""
    if collector.complete() and not timed_out:
        return collector.total, True
    return max(collector.total, estimate), False


_HIGHLIGHT = StemWords()
_FRAGMENTS = ContextFragmenter(maxchars=240, surround=60)


def _snippet(text: str, words: frozenset[str]) -> str:
    """The best two passages of `text` with the query's words marked, escaped for HTML.
    The page's texts are analysed again (20 items, a few milliseconds) rather than storing
    every word's offsets in the index for every item."""
    # A formatter per snippet: it numbers the words it marks (term0, term1...) as it meets them.
    marks = HtmlFormatter(tagname="mark", between=" … ")
    marked = highlight(text, words, _HIGHLIGHT, _FRAGMENTS, marks, top=2) if words else ""
    return marked or _escape(text[:240])


def _highlight_terms(parsed: query.Query) -> frozenset[str]:
    """The stemmed words a hit is highlighted on: the query's words, phrases and prefix
    expansions, but none it asked to leave out."""
    words: set[str] = set()

    def walk(node: query.Query) -> None:
        if isinstance(node, query.Not):
            return
        if isinstance(node, query.Term) and isinstance(node.text, str):
            words.update((node.text, stem(node.text.lower())))
        elif isinstance(node, query.Phrase):
            words.update(word for word in node.words if word)
        for child in node.children():
            walk(child)

    walk(parsed)
    return frozenset(words)


def _hit(hit, text: str, words: frozenset[str]) -> Hit:
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
        snippet=_snippet(text, words) if text else "",
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


def _among_client_words(parsed: query.Query, viewer: str) -> query.Query:
    """The query with each word of `content` looked up among the client's own entries
    (`client_words`). The restriction is still intersected as for any other query: this only
    makes the lists it is intersected with short."""

    def rewrite(node):
        if isinstance(node, query.Term) and node.fieldname == "content":
            return query.Term("client_words", f"{viewer} {node.text}", boost=node.boost)
        return node

    return parsed.accept(rewrite)


def _expand_prefixes(parsed: query.Query, reader) -> query.Query:
    """Each prefix as the words it stands for, matched flat (one score for all of them), or a
    message when it stands for too many to be useful."""

    def rewrite(node):
        if isinstance(node, query.Prefix):
            expansions = reader.expand_prefix(node.fieldname, node.text)
            words = list(islice(expansions, MAX_PREFIX_TERMS + 1))
            if len(words) > MAX_PREFIX_TERMS:
                raise BadQuery(f"“{node.text}*” matches too many words: add letters.")
            if not words:
                return query.NullQuery
            terms = [query.Term(node.fieldname, _text(word)) for word in words]
            return Flat(query.Or(terms) if len(terms) > 1 else terms[0])
        return node

    return parsed.accept(rewrite)


def _text(word) -> str:
    return word.decode("utf-8") if isinstance(word, bytes) else word


def _top_terms(parsed: query.Query) -> list[query.Query]:
    return list(parsed.subqueries) if isinstance(parsed, query.And) else [parsed]


def _escape(text: str) -> str:
    return str(escape(text))
