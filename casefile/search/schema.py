"""What goes into the index, and how: the Whoosh schema and plain records that fill it.

Design for speed (issue #6 budgets): one catch-all `content` field carries everything a plain
query should match (subject, body, attachments, debtor names, reference, invoice numbers), so
a query without field syntax touches one field. It keeps word counts only: no positions and no
character offsets (phrases are looked up in `pairs`; highlights re-read the page's 20 texts from
the database), which halves what a rebuild writes. Its text is not stored (the database has
it). Dates are day numbers in a sortable numeric column, so date ranges are a handful of trie
terms and sorting by date reads one column. The client, the assigned staff are single terms
that every query is intersected with; what a client user may see is one term too (`viewer`),
so their restriction is a single intersection with a short list.

A client user's words are looked up in `client_words`, which holds the words of each
client-visible entry once more, prefixed with its viewer term ("c17 garnish"): a client's
entries are a few thousand of a million, and finding those that hold two common words by
skipping through the words' lists of hundreds of thousands of items cost ~250 ms, where the
client's own lists are that client's size. It costs a fifth more postings in a rebuild.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date

from whoosh.analysis import IDAnalyzer, SimpleAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from casefile.search.analysis import ClientWords, WordPairs, Words

ITEM, MATTER = "item", "matter"
CLIENT_VISIBLE, INTERNAL = "client", "internal"


def viewer_term(client_id: int) -> str:
    """The term every entry a client's users may see carries (and no other entry does)."""
    return f"c{client_id}"


# Fields a user may name in a query (`subject:settlement`), with friendly aliases.
USER_FIELDS = ("subject", "content", "debtor", "reference", "invoice", "channel", "direction")
FIELD_ALIASES = {"content": ["text", "body"], "invoice": ["invoices"]}


def build_schema() -> Schema:
    return Schema(
        key=ID(unique=True, stored=True),  # "c<id>" for correspondence, "m<id>" for a matter
        kind=STORED(),  # shown, never searched: no postings to write
        matter=ID(stored=True),
        client=ID(),
        visibility=STORED(),
        viewer=ID(),
        staff=KEYWORD(),  # "u<id>" of the attorney and paralegal: "my matters"
        stage=ID(stored=True),
        channel=ID(stored=True),
        direction=ID(stored=True),
        day=NUMERIC(int, bits=32, signed=False, stored=True, sortable=True),
        subject=Words(stored=True, field_boost=2.0),
        content=Words(),
        client_words=ClientWords(),  # (viewer term, content) of client-visible entries
        pairs=WordPairs(),  # indexed from the `content` text
        debtor=TEXT(analyzer=SimpleAnalyzer(), stored=True),
        reference=ID(analyzer=IDAnalyzer(lowercase=True), stored=True),
        invoice=KEYWORD(lowercase=True, commas=True, scorable=True),
        author=STORED(),
        digest=STORED(),  # of everything above: `search verify` finds stale entries
    )


@dataclass(frozen=True)
class MatterFacts:
    """What every entry of a matter carries, so filters need no second look-up."""

    matter_id: int
    client_id: int
    reference: str
    debtor: str  # names and aliases, one per line
    stage: str
    staff_ids: tuple[int, ...] = ()
    invoices: tuple[str, ...] = ()
    client_reference: str = ""


@dataclass(frozen=True)
class ItemRecord:
    """One item of correspondence, as indexed."""

    id: int
    matter: MatterFacts
    channel: str
    direction: str
    day: date
    author: str
    subject: str
    body: str
    attachments: tuple[str, ...] = field(default=())  # "filename\ntext" of each attachment
    client_visible: bool = False


def item_content(subject: str, body: str, attachments: tuple[str, ...], matter: MatterFacts) -> str:
    """The searchable text of an item; highlights are cut from exactly this string."""
    return "\n\n".join(part for part in (subject, body, *attachments, _matter_line(matter)) if part)


def matter_content(matter: MatterFacts) -> str:
    return "\n".join(
        part
        for part in (matter.reference, matter.client_reference, matter.debtor, *matter.invoices)
        if part
    )


def item_document(item: ItemRecord) -> dict:
    content = item_content(item.subject, item.body, item.attachments, item.matter)
    return _finish(
        {
            **_matter_fields(item.matter),
            "key": f"c{item.id}",
            "kind": ITEM,
            "visibility": CLIENT_VISIBLE if item.client_visible else INTERNAL,
            **(_client_words(item.matter, content) if item.client_visible else {}),
            "channel": item.channel,
            "direction": item.direction or "none",
            "day": day_number(item.day),
            "subject": item.subject,
            "content": content,
            "pairs": content,
            "author": item.author,
        }
    )


def matter_document(matter: MatterFacts, placed_on: date) -> dict:
    """The matter itself, so a search for a debtor, reference or invoice finds the file even
    before anything is written on it. Its fields are the client's own data: client-visible."""
    return _finish(
        {
            **_matter_fields(matter),
            "key": f"m{matter.matter_id}",
            "kind": MATTER,
            "visibility": CLIENT_VISIBLE,
            **_client_words(matter, content := matter_content(matter)),
            "channel": "matter",
            "direction": "none",
            "day": day_number(placed_on),
            "subject": f"{matter.reference} {_first_line(matter.debtor)}".strip(),
            "content": content,
            "pairs": content,
            "author": "",
        }
    )


def _client_words(matter: MatterFacts, content: str) -> dict:
    viewer = viewer_term(matter.client_id)
    return {"viewer": viewer, "client_words": (viewer, content)}


def day_number(day: date) -> int:
    return day.toordinal()


def number_day(number: int) -> date:
    return date.fromordinal(number)


def _matter_fields(matter: MatterFacts) -> dict:
    return {
        "matter": str(matter.matter_id),
        "client": str(matter.client_id),
        "staff": " ".join(f"u{user_id}" for user_id in matter.staff_ids),
        "stage": matter.stage,
        "debtor": matter.debtor,
        "reference": matter.reference,
        "invoice": ",".join(matter.invoices),
    }


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0]


def _matter_line(matter: MatterFacts) -> str:
    return " · ".join(
        part for part in (matter.debtor.replace("\n", " · "), matter.reference) if part
    )


def _finish(document: dict) -> dict:
    digest = hashlib.sha1(repr(sorted(document.items())).encode(), usedforsecurity=False)
    return {**document, "digest": digest.hexdigest()}
