"""The conflict check's notion of "the same name"."""

import pytest

from casefile.domain.names import name_key


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("ACME, Inc.", "Acme Incorporated"),
        ("Smith, John", "John Smith"),
        ("Hart & Daughters L.L.C.", "hart and daughters llc"),
        ("The Brightline Company", "Brightline Co."),
        ("Müller GmbH", "Muller"),
        ("O'Brien Holdings, Ltd.", "OBrien Holdings Limited"),
    ],
)
def test_the_same_name_written_differently_has_one_key(one, other):
    assert name_key(one) == name_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("John Smith", "Jane Smith"), ("Acme Supply", "Acme Supplies"), ("Smith John Jr", "Smith")],
)
def test_different_names_keep_different_keys(one, other):
    assert name_key(one) != name_key(other)


def test_a_name_that_is_only_a_legal_form_has_no_key():
    assert name_key("Inc.") == ""
