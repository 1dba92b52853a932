"""Write letter_templates/remittance_statement.docx, the client remittance statement.

The .docx is committed; this script documents how it was made and rebuilds it after a change:
    .venv/bin/python scripts/make_remittance_template.py
Tags are docxtpl's Jinja: `{%tr for ... %}` repeats a table row. The context holds only
strings (already formatted amounts), so the template needs no arithmetic.
"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

OUT = Path(__file__).resolve().parent.parent / "letter_templates" / "remittance_statement.docx"


def table(document, headers, loop, cells, total=()):
    """A table whose middle row repeats for each item of `loop`; amounts align right."""
    grid = document.add_table(rows=4, cols=len(headers))
    grid.style = "Table Grid"
    rows = [headers, ["{%tr for " + loop + " %}"], cells, ["{%tr endfor %}"]]
    if total:
        grid.add_row()
        rows.append(total)
    for row, texts in zip(grid.rows, rows, strict=True):
        for index, (cell, text) in enumerate(zip(row.cells, texts, strict=False)):
            cell.text = text
            if index >= 2:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if texts in (headers, total) and cell.paragraphs[0].runs:
                cell.paragraphs[0].runs[0].bold = True


def main():
    document = Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(10)
    document.add_paragraph("{{ firm_name }}").runs[0].bold = True
    document.add_heading("Remittance statement {{ reference }}", level=1)
    document.add_paragraph("To: {{ client_name }}\nDate: {{ date }}")
    document.add_paragraph(
        "Payments received through {{ through }} (from {{ first_payment_on }}). "
        "Contingency fee: {{ fee_percent }} of amounts collected."
    )

    document.add_heading("Summary", level=2)
    summary = document.add_table(rows=0, cols=2)
    summary.style = "Table Grid"
    for label, value in (
        ("Collected into trust", "{{ collected_trust }}"),
        ("Less contingency fee", "{{ fee }}"),
        ("Less costs advanced, reimbursed", "{{ costs_reimbursed }}"),
        ("Net remitted to you", "{{ net }}"),
    ):
        cells = summary.add_row().cells
        cells[0].text, cells[1].text = label, value
        cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    summary.rows[-1].cells[0].paragraphs[0].runs[0].bold = True
    summary.rows[-1].cells[1].paragraphs[0].runs[0].bold = True

    document.add_heading("By matter", level=2)
    table(
        document,
        ["Matter", "Debtor", "Collected", "Fee", "Costs", "Net"],
        "m in matters",
        [
            "{{ m.reference }}",
            "{{ m.debtor }}",
            "{{ m.collected_trust }}",
            "{{ m.fee }}",
            "{{ m.costs_reimbursed }}",
            "{{ m.net }}",
        ],
        total=[
            "Total",
            "",
            "{{ collected_trust }}",
            "{{ fee }}",
            "{{ costs_reimbursed }}",
            "{{ net }}",
        ],
    )

    document.add_heading("Payments behind this statement", level=2)
    table(
        document,
        ["Date", "Matter", "Paid by", "Reference", "Received by", "Amount"],
        "p in payments",
        [
            "{{ p.date }}",
            "{{ p.reference_matter }}",
            "{{ p.payer }}",
            "{{ p.reference }}",
            "{{ p.received_by }}",
            "{{ p.amount }}",
        ],
    )

    document.add_paragraph("{%p if direct_fee_due %}")
    document.add_paragraph(
        "Payments made to you directly: {{ collected_direct }}. Our fee on them, "
        "{{ direct_fee }}, is invoiced to you with this statement and has not been "
        "deducted above."
    )
    document.add_paragraph("{%p endif %}")
    document.add_paragraph(
        "Every figure can be checked by hand: the fee on each matter is {{ fee_percent }} of "
        "what was collected on it, rounded to the cent; costs reimbursed come out of what is "
        "left of that matter's collections."
    )
    document.save(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
