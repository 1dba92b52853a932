"""Reading receivables exports: the two sample exports to the exact invoice count and total."""

from datetime import date
from pathlib import Path

import pytest

from casefile.domain.receivables import (
    ColumnMapping,
    UnknownExport,
    guess_kind,
    headers,
    parse_export,
    parse_mapped,
    read_csv,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TODAY = date(2026, 11, 24)


def parsed(name: str):
    return parse_export(read_csv((FIXTURES / name).read_bytes()), TODAY)


def test_the_quickbooks_aging_detail_gives_every_invoice_at_its_open_balance():
    export = parsed("quickbooks-ar-aging-detail.csv")
    assert export.dialect == "quickbooks"
    assert export.errors == []
    # The report's TOTAL row is $355,025.92, which nets the $350.00 credit memo CM-88:
    # the debts are 355,025.92 + 350.00 = $355,375.92 over 33 invoices.
    assert len(export.rows) == 33
    assert sum(row.amount_cents for row in export.rows) == 35_537_592
    assert any("Credit Memo CM-88" in why for _line, why in export.skipped)
    riverside = next(row for row in export.rows if row.number == "1053")
    assert riverside.amount_cents == 310_669  # the open balance, not the original 10,139.69
    assert (riverside.issued_on, riverside.due_on) == (date(2026, 9, 1), date(2026, 10, 31))


def test_the_xero_aged_receivables_detail_gives_every_invoice_under_its_contact():
    export = parsed("xero-aged-receivables-detail.csv")
    assert export.dialect == "xero"
    assert export.errors == []
    assert len(export.rows) == 33
    assert sum(row.amount_cents for row in export.rows) == 35_537_592
    customers = export.customers()
    assert [r.number for r in customers["Nguyen Family Farms"]] == [
        "INV-1068",
        "INV-1069",
        "INV-1070",
        "INV-1071",
    ]
    assert customers["Delgado, Maria"][0].customer_kind == "person"
    assert customers["Harborview Dental Group LLC"][0].issued_on == date(2026, 8, 15)


def test_both_exports_agree_customer_by_customer():
    quickbooks = parsed("quickbooks-ar-aging-detail.csv").customers()
    xero = parsed("xero-aged-receivables-detail.csv").customers()
    assert set(quickbooks) == set(xero)
    for name in xero:
        assert sum(r.amount_cents for r in quickbooks[name]) == sum(
            r.amount_cents for r in xero[name]
        ), name


CASEFILE_HEADER = "customer,invoice_number,issue_date,due_date,amount,currency,customer_kind"


def rows_of(text: str):
    return parse_export(read_csv(text.encode()), TODAY).rows


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        ("Acme,1,2026-01-05,2026-02-04,12.345,USD,", "at most two decimals"),
        ("Acme,1,2026-01-05,2026-02-04,,USD,", "amount is missing"),
        ("Acme,1,2026-03-05,2026-02-04,10.00,USD,", "due date is before the issue date"),
        ("Acme,1,2026-12-05,2027-01-04,10.00,USD,", "issue date is in the future"),
        ("Acme,1,05/01/2026,2026-02-04,10.00,USD,", "is not a date like YYYY-MM-DD"),
        ("Acme,1,2026-01-05,2026-02-04,-10.00,USD,", "greater than zero"),
        (",1,2026-01-05,2026-02-04,10.00,USD,", "customer is missing"),
        ("Acme,1,2026-01-05,2026-02-04,10.00,XYZ,", "currency must be one of"),
        ("Acme,1,2026-01-05,2026-02-04,10.00,USD,robot", "person or business"),
    ],
)
def test_each_row_rule_is_reported_on_its_row(line, complaint):
    [row] = rows_of(f"{CASEFILE_HEADER}\n{line}\n")
    assert any(complaint in error for error in row.errors), row.errors
    assert row.line == 2


def test_the_same_invoice_twice_in_one_file_is_an_error_on_the_second():
    rows = rows_of(
        f"{CASEFILE_HEADER}\nAcme,77,2026-01-05,2026-02-04,10.00,,\n"
        "Acme,77,2026-01-05,2026-02-04,10.00,,\n"
    )
    assert rows[0].errors == []
    assert rows[1].errors == ["invoice 77 also appears on line 2"]


def test_amounts_with_thousands_separators_are_exact():
    [row] = rows_of(f'{CASEFILE_HEADER}\nAcme,1,2026-01-05,2026-02-04,"1,234,567.89",,\n')
    assert row.amount_cents == 123_456_789


def test_a_file_of_another_shape_is_refused_with_what_was_expected():
    with pytest.raises(UnknownExport, match="No header row found"):
        parse_export(read_csv(b"name,total\nAcme,12.00\n"), TODAY)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Delgado, Maria", "person"),
        ("O'Connor, Sean P.", "person"),
        ("Acme Supply, LLC", "business"),
        ("Nguyen Family Farms", "business"),
    ],
)
def test_people_are_told_from_businesses_by_the_last_first_form(name, kind):
    assert guess_kind(name) == kind


def test_an_export_of_another_shape_reads_once_its_columns_are_mapped():
    rows = read_csv(
        b"Client;Doc no;Doc date;Pay by;Outstanding\n"
        b"Acme GmbH;R-1;15.08.2026;14.09.2026;1.234,50\n"
        b"Acme GmbH;R-2;01.09.2026;01.10.2026;99,00\n"
    )
    assert headers(rows) == ["Client", "Doc no", "Doc date", "Pay by", "Outstanding"]
    mapping = ColumnMapping(
        {"customer": 0, "invoice_number": 1, "issue_date": 2, "due_date": 3, "amount": 4},
        "%d.%m.%Y",
    )
    parsed = parse_mapped(rows, mapping, TODAY)
    assert [r.due_on for r in parsed.rows] == [date(2026, 9, 14), date(2026, 10, 1)]
    # Decimal commas are never guessed at: unless the mapping says so, each row says why.
    assert all("not an amount" in r.errors[0] for r in parsed.rows)
    with_commas = ColumnMapping(mapping.columns, "%d.%m.%Y", decimal_comma=True)
    assert [r.amount_cents for r in parse_mapped(rows, with_commas, TODAY).rows] == [123_450, 9_900]
    with pytest.raises(UnknownExport, match="Say which column holds: amount"):
        parse_mapped(
            rows,
            ColumnMapping({"customer": 0, "invoice_number": 1, "issue_date": 2, "due_date": 3}),
            TODAY,
        )
