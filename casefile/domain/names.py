"""Comparing names for the conflict check: "ACME, Inc." is "Acme Incorporated", and
"Smith, John" is "John Smith".

A name's key ignores case, accents, punctuation, legal-form suffixes and word order, so two
names with the same key are worth an attorney's look. It does not guess at nicknames or typos:
a conflict check must be explainable, and every match it shows says which names met.
"""

import re
import unicodedata

# Legal forms and their abbreviations, written as they look once punctuation is gone.
LEGAL_FORMS = frozenset(
    {
        "inc", "incorporated", "corp", "corporation", "co", "company", "llc", "lc", "ltd",
        "limited", "plc", "lp", "llp", "lllp", "pllc", "pc", "pa", "gmbh", "ag", "sa", "sarl",
        "bv", "nv", "pty", "the", "and",
    }
)  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")


def name_key(name: str) -> str:
    """The comparable form of a person's or business's name ("" when nothing is left)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    plain = plain.replace("&", " and ").replace("'", "")  # O'Brien is OBrien
    # Dotted abbreviations first, so that "L.L.C." becomes "llc", not "l l c".
    plain = re.sub(r"\b(?:[a-z]\.){2,}", lambda m: m.group(0).replace(".", ""), plain)
    words = [w for w in _WORD.findall(plain) if w not in LEGAL_FORMS]
    return " ".join(sorted(words))


def name_keys(names: list[str]) -> set[str]:
    """The distinct non-empty keys of several names (a party's name and its aliases)."""
    return {key for key in map(name_key, names) if key}
