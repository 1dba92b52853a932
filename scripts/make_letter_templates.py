"""Write the letter templates in letter_templates/ (see catalog.json for what each is for).

The .docx files are committed; this script documents how they were made and rebuilds them
after a change:
    .venv/bin/python scripts/make_letter_templates.py
Every template has the firm's letterhead in its header and the matter reference in its footer.
Tags are docxtpl's Jinja: `{%p if %}` keeps or drops a paragraph, `{%tr for %}` repeats a table
row. Amounts are cents shown with `| money`, dates ISO shown with `| date`, addresses lists of
lines shown with `| address`. Only fields the context builder makes may be used (the shipped
templates are rendered for a consumer and a commercial matter in the tests).
"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "letter_templates"
NAVY = RGBColor(0x1F, 0x2A, 0x44)
DEBTOR_SIGNS = "Agreed by the Debtor, {{ debtor.name }}:\n\n" + "_" * 30 + "  Date: ________"
# For a debt past its limitation period: the wording California requires (Civ. Code
# § 1788.14(d)) and the CFPB's model; no letter may threaten suit on such a debt.
TIME_BARRED_DISCLOSURE = (
    "The law limits how long you can be sued on a debt. Because of the age of your debt, we "
    "will not sue you for it."
)
MINI_MIRANDA = (
    "This communication is from a debt collector. This is an attempt to collect a debt, and "
    "any information obtained will be used for that purpose."
)


def new_letter(title: str) -> Document:
    """A document with the letterhead, the footer and the document properties."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    section = document.sections[0]
    header = section.header
    name = header.paragraphs[0]
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = name.add_run("{{ firm.name }}")
    run.bold, run.font.size, run.font.color.rgb = True, Pt(16), NAVY
    details = header.add_paragraph()
    details.alignment = WD_ALIGN_PARAGRAPH.CENTER
    small = details.add_run("{{ firm.address_lines | address }}")
    small.font.size = Pt(9)
    contact = header.add_paragraph()
    contact.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line = contact.add_run("Tel. {{ firm.phone }} · {{ firm.email }}")
    line.font.size = Pt(9)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot = footer.add_run("{{ firm.name }} · Our reference {{ matter.reference }}")
    foot.font.size = Pt(8)
    document.core_properties.title = title + " {{ matter.reference }}"
    document.core_properties.author = "{{ firm.name }}"
    document.core_properties.subject = "{{ letter.title }}"
    return document


def para(document, text: str = "", bold: bool = False, align=None):
    paragraph = document.add_paragraph()
    if text:
        paragraph.add_run(text).bold = bold
    if align is not None:
        paragraph.alignment = align
    return paragraph


def addressee_debtor(document, subject: str) -> None:
    para(document, "{{ letter.date | date }}")
    para(document, "{{ debtor.name }}\n{{ debtor.address_lines | address }}")
    para(document, f"Re: {subject}", bold=True)
    para(document, "Creditor: {{ client.name }} · Our reference: {{ matter.reference }}")


def addressee_client(document, subject: str) -> None:
    para(document, "{{ letter.date | date }}")
    para(document, "{{ client.name }}\n{{ client.address_lines | address }}")
    para(document, f"Re: {subject}", bold=True)


def consumer_notice(document) -> None:
    para(document, "{%p if matter.time_barred %}")
    para(document, TIME_BARRED_DISCLOSURE, bold=True)
    para(document, "{%p endif %}")
    para(document, "{%p if matter.consumer %}")
    para(document, MINI_MIRANDA, bold=True)
    para(document, "{%p endif %}")


def signature(document, closing: str = "Sincerely,") -> None:
    para(document, closing)
    para(document, "{{ attorney.name }}\nAttorney at Law\n{{ firm.name }}\n{{ attorney.email }}")


def table(document, headers, loop, cells, total=None, widths_right_from=1):
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
            if index >= widths_right_from and texts is not rows[1] and texts is not rows[3]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if texts in (headers, total) and cell.paragraphs[0].runs:
                cell.paragraphs[0].runs[0].bold = True
    para(document)


def invoice_table(document) -> None:
    table(
        document,
        ["Invoice", "Dated", "Due", "Amount"],
        "i in invoices",
        [
            "{{ i.number }}",
            "{{ i.issued_on | date }}",
            "{{ i.due_on | date }}",
            "{{ i.amount_cents | money(i.currency) }}",
        ],
        total=["Total of the invoices", "", "", "{{ invoices_total_cents | money }}"],
    )


def breakdown_table(document) -> None:
    table(
        document,
        ["", "Amount"],
        "line in balance.lines",
        ["{{ line.label }}", "{{ line.amount_cents | money }}"],
        total=["Owed on {{ balance.as_of | date }}", "{{ balance.total_cents | money }}"],
    )


def how_to_pay(document) -> None:
    para(
        document,
        "You can pay by check payable to {{ firm.name }} (trust account) mailed to the address "
        "above, quoting our reference {{ matter.reference }}, or call us on {{ firm.phone }} to "
        "pay by card or to arrange payment.",
    )


def first_reminder() -> Document:
    d = new_letter("First reminder")
    addressee_debtor(d, "Unpaid invoices of {{ client.name }}")
    para(d, "{{ debtor.salutation }},")
    para(
        d,
        "{{ client.name }} has asked us to help collect the invoices below, which remain unpaid. "
        "Oversights happen, and we expect this is one; if you have already paid, please let us "
        "know so we can update our file.",
    )
    invoice_table(d)
    para(
        d,
        "Including interest to date, the amount owed on {{ balance.as_of | date }} is "
        "{{ balance.total_cents | money }}. Please pay it by {{ letter.pay_by | date }}.",
    )
    how_to_pay(d)
    para(d, "If you believe you do not owe this amount, or need time to pay, simply contact us.")
    consumer_notice(d)
    signature(d, "Kind regards,")
    return d


def follow_up() -> Document:
    d = new_letter("Follow-up")
    addressee_debtor(d, "Second notice: unpaid invoices of {{ client.name }}")
    para(d, "{{ debtor.salutation }},")
    para(
        d,
        "On {{ last_letter.date | date }} we wrote to you about the unpaid invoices of "
        "{{ client.name }} ({{ last_letter.title }}). We have not received payment or heard "
        "from you.",
    )
    invoice_table(d)
    para(
        d,
        "The amount now owed, including interest at {{ balance.interest_rate }} a year, is "
        "{{ balance.total_cents | money }}. We ask you to pay it in full by "
        "{{ letter.pay_by | date }} or to contact us before then to agree how it will be paid.",
        bold=False,
    )
    how_to_pay(d)
    para(
        d,
        "If we do not hear from you, our client may instruct us to take further steps to "
        "recover the debt.",
    )
    consumer_notice(d)
    signature(d)
    return d


def final_demand() -> Document:
    d = new_letter("Final demand")
    addressee_debtor(d, "FINAL DEMAND FOR PAYMENT")
    para(d, "{{ debtor.salutation }},")
    para(
        d,
        "We act for {{ client.name }}, whose invoices below remain unpaid despite our earlier "
        "requests:",
    )
    invoice_table(d)
    para(d, "The amount owed on {{ balance.as_of | date }} is made up as follows:")
    breakdown_table(d)
    para(
        d,
        "Interest continues to accrue at {{ balance.interest_rate }} a year, "
        "{{ balance.per_diem_cents | money }} for each day after {{ balance.as_of | date }}.",
    )
    para(d, "{%p if contacts %}")
    para(d, "Our attempts to resolve this with you so far:")
    table(
        d,
        ["Date", "How", "What"],
        "c in contacts",
        ["{{ c.date | date }}", "{{ c.channel }}", "{{ c.summary }}"],
        widths_right_from=9,
    )
    para(d, "{%p endif %}")
    para(
        d,
        "DEMAND is made for payment of {{ balance.total_cents | money }} (the payoff amount if "
        "received by {{ payoff.good_through | date }} is {{ payoff.amount_cents | money }}), "
        "to be received no later than {{ letter.pay_by | date }}.",
        bold=True,
    )
    para(
        d,
        "If payment is not received by that date, we may advise our client to commence legal "
        "proceedings against you without further notice, seeking the amount owed together with "
        "interest, court costs and, where the agreement or the law allows, attorney's fees.",
    )
    how_to_pay(d)
    consumer_notice(d)
    signature(d, "Yours faithfully,")
    return d


def validation_notice() -> Document:
    d = new_letter("Validation notice")
    addressee_debtor(d, "Notice about a debt")
    para(d, MINI_MIRANDA, bold=True)
    para(
        d,
        "{{ firm.name }} is a debt collector. We are trying to collect a debt that you owe to "
        "{{ client.name }}. We will use any information you give us to help collect the debt.",
    )
    para(d, "Our information shows:", bold=True)
    para(
        d,
        "You had invoices from {{ client.name }} with account reference {{ matter.reference }}.",
    )
    itemized = d.add_table(rows=5, cols=2)
    itemized.style = "Table Grid"
    rows = [
        (
            "As of {{ validation.itemization.date | date }}, you owed:",
            "{{ validation.itemization.amount_cents | money }}",
        ),
        (
            "Between {{ validation.itemization.date | date }} and today: "
            "You were charged this amount in interest:",
            "+ {{ validation.itemization.interest_since_cents | money }}",
        ),
        (
            "You were charged this amount in fees:",
            "+ {{ validation.itemization.fees_since_cents | money }}",
        ),
        (
            "You paid or were credited this amount toward the debt:",
            "– {{ validation.itemization.paid_since_cents | money }}",
        ),
        ("Total amount of the debt now:", "{{ validation.itemization.current_cents | money }}"),
    ]
    for row, (label, value) in zip(itemized.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = label, value
        row.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    para(d)
    para(d, "How can you dispute the debt?", bold=True)
    para(
        d,
        "Call or write to us by {{ validation.period_end | date }} to dispute all or part of "
        "the debt. If you do not, we will assume that our information is correct. If you write "
        "to us by {{ validation.period_end | date }}, we must stop collection on any amount you "
        "dispute until we send you information that shows you owe the debt.",
    )
    para(d, "What else can you do?", bold=True)
    para(
        d,
        "Write to ask for the name and address of the original creditor, if different from "
        "the current creditor. If you write by {{ validation.period_end | date }}, we must stop "
        "collection until we send you that information. Go to www.cfpb.gov/debt-collection to "
        "learn more about your rights under federal law.",
    )
    para(d, "Contact us about your payment options: {{ firm.phone }}, {{ firm.email }}.")
    para(d, "Mail your dispute to: {{ firm.name }}, {{ firm.address_lines | address }}")
    signature(d)
    return d


def settlement_agreement() -> Document:
    d = new_letter("Settlement agreement")
    para(d, "SETTLEMENT AGREEMENT", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(d, "Dated {{ letter.date | date }} · Our reference {{ matter.reference }}")
    para(
        d,
        "Between {{ client.name }} (the Creditor), represented by {{ firm.name }}, and "
        "{{ debtor.name }} of {{ debtor.address_lines | address }} (the Debtor).",
    )
    para(d, "1. The debt.", bold=True)
    para(
        d,
        "The Debtor owes the Creditor {{ settlement.balance_cents | money }} on "
        "{{ balance.as_of | date }} for the following invoices:",
    )
    invoice_table(d)
    para(d, "2. The settlement sum.", bold=True)
    para(
        d,
        "The Creditor will accept {{ settlement.amount_cents | money }} in full and final "
        "settlement, provided it is received no later than {{ settlement.pay_by | date }}.",
    )
    para(d, "{%p if settlement.discounted %}")
    para(
        d,
        "This is {{ settlement.discount_cents | money }} less than the balance; the Creditor "
        "waives the difference only on receipt of the settlement sum in full and on time.",
    )
    para(d, "{%p endif %}")
    para(d, "3. Release.", bold=True)
    para(
        d,
        "On receipt of the settlement sum in cleared funds, the Creditor releases the Debtor "
        "from all claims arising from the invoices above. If the settlement sum is not received "
        "in full by {{ settlement.pay_by | date }}, this agreement is void and the full balance, "
        "less any amount paid, remains due.",
    )
    how_to_pay(d)
    consumer_notice(d)
    para(d, "For the Creditor:")
    signature(d, "")
    para(d, DEBTOR_SIGNS)
    return d


def payment_plan_agreement() -> Document:
    d = new_letter("Payment plan agreement")
    para(d, "PAYMENT PLAN AGREEMENT", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(d, "Dated {{ letter.date | date }} · Our reference {{ matter.reference }}")
    para(
        d,
        "Between {{ client.name }} (the Creditor), represented by {{ firm.name }}, and "
        "{{ debtor.name }} of {{ debtor.address_lines | address }} (the Debtor).",
    )
    para(
        d,
        "The Debtor owes {{ plan.balance_cents | money }} on {{ balance.as_of | date }}. The "
        "Debtor will pay {{ plan.total_cents | money }} in {{ plan.count }} {{ plan.frequency }} "
        "installments as follows:",
    )
    para(d, "{%p if plan.has_down_payment %}")
    para(d, "including a down payment of {{ plan.down_payment_cents | money }}:")
    para(d, "{%p endif %}")
    table(
        d,
        ["No.", "Due on", "Amount"],
        "i in plan.installments",
        ["{{ i.number }}", "{{ i.due_on | date }}", "{{ i.amount_cents | money }}"],
        total=["Total", "", "{{ plan.total_cents | money }}"],
    )
    para(d, "{{ plan.due_rule }}")
    para(
        d,
        "If an installment is not received within ten days of its due date, the Creditor may "
        "declare the plan in default and the whole balance then unpaid becomes due at once.",
    )
    how_to_pay(d)
    consumer_notice(d)
    para(d, "For the Creditor:")
    signature(d, "")
    para(d, DEBTOR_SIGNS)
    return d


def payoff_letter() -> Document:
    d = new_letter("Payoff letter")
    addressee_debtor(d, "Payoff amount")
    para(d, "{{ debtor.salutation }},")
    para(
        d,
        "As requested, the amount that pays this matter in full if received by "
        "{{ payoff.good_through | date }} is:",
    )
    para(d, "{{ payoff.amount_cents | money }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(
        d,
        "If payment arrives after {{ payoff.good_through | date }}, add "
        "{{ payoff.per_diem_cents | money }} for each day after that date. Today's balance, "
        "{{ balance.total_cents | money }}, is made up as follows:",
    )
    breakdown_table(d)
    how_to_pay(d)
    consumer_notice(d)
    signature(d)
    return d


def default_notice() -> Document:
    d = new_letter("Missed-installment notice")
    addressee_debtor(d, "Missed installment under your payment plan")
    para(d, "{{ debtor.salutation }},")
    para(
        d,
        "The installment of {{ missed.amount_cents | money }} due on {{ missed.due_on | date }} "
        "under your payment plan with {{ client.name }} has not been received.",
    )
    para(
        d,
        "To keep the plan in place, please pay {{ missed.amount_cents | money }} so that we "
        "receive it by {{ missed.cure_by | date }}.",
        bold=True,
    )
    para(
        d,
        "If it is not received by then, the plan will be in default and the whole balance, "
        "{{ balance.total_cents | money }} on {{ balance.as_of | date }}, becomes due at once; "
        "our client may then pursue all remedies available to it.",
    )
    how_to_pay(d)
    consumer_notice(d)
    signature(d)
    return d


def paid_in_full() -> Document:
    d = new_letter("Paid in full")
    addressee_debtor(d, "Paid in full: confirmation and satisfaction")
    para(d, "{{ debtor.salutation }},")
    para(
        d,
        "We confirm that the debt owed to {{ client.name }} under our reference "
        "{{ matter.reference }}, for the invoices listed below, has been paid and is satisfied "
        "in full. No further amount is owed on these invoices.",
    )
    invoice_table(d)
    para(d, "{%p if payments %}")
    table(
        d,
        ["Payment received", "Amount"],
        "p in payments",
        ["{{ p.date | date }}", "{{ p.amount_cents | money }}"],
    )
    para(d, "{%p endif %}")
    para(d, "Thank you. Please keep this letter with your records.")
    signature(d)
    return d


def intent_to_sue() -> Document:
    d = new_letter("Notice of intent to sue")
    addressee_debtor(d, "NOTICE OF INTENT TO COMMENCE LEGAL PROCEEDINGS")
    para(d, "{{ debtor.salutation }},")
    para(
        d,
        "Our client {{ client.name }} has instructed us to commence proceedings against you in "
        "{{ matter.jurisdiction }} to recover {{ balance.total_cents | money }}, owed on "
        "{{ balance.as_of | date }}, unless payment is received by {{ letter.pay_by | date }}.",
        bold=True,
    )
    breakdown_table(d)
    para(
        d,
        "If proceedings are issued, our client will also seek interest at "
        "{{ balance.interest_rate }} a year until judgment, the costs of the proceedings and, "
        "where the agreement or the law allows, attorney's fees. A judgment may be enforced "
        "against your assets and income.",
    )
    para(
        d,
        "You can avoid this by paying in full, or by contacting us before "
        "{{ letter.pay_by | date }} to agree how the debt will be paid.",
    )
    how_to_pay(d)
    consumer_notice(d)
    signature(d, "Yours faithfully,")
    return d


def placement_ack() -> Document:
    d = new_letter("Acknowledgment of placement")
    addressee_client(d, "{{ debtor.name }}: matter received")
    para(d, "Dear {{ client.contact_name }},")
    para(
        d,
        "Thank you for placing your claim against {{ debtor.name }} with us. It is registered "
        "under our reference {{ matter.reference }} and is worked by {{ attorney.name }}.",
    )
    invoice_table(d)
    para(
        d,
        "Our first letter to the debtor goes out shortly. We will report every payment and every "
        "significant step; you can follow the matter at any time in the client portal.",
    )
    signature(d, "With best regards,")
    return d


def status_report() -> Document:
    d = new_letter("Client status report")
    addressee_client(d, "Status of your claim against {{ debtor.name }}")
    para(d, "Dear {{ client.contact_name }},")
    para(
        d,
        "Here is where matter {{ matter.reference }} stands on {{ letter.date | date }}. It is at "
        "the {{ matter.stage }} stage.",
    )
    breakdown_table(d)
    para(d, "{%p if payments %}")
    para(d, "Payments received:")
    table(
        d,
        ["Date", "Amount"],
        "p in payments",
        ["{{ p.date | date }}", "{{ p.amount_cents | money }}"],
    )
    para(d, "{%p endif %}")
    para(d, "{%p if contacts %}")
    para(d, "Our latest contacts with the debtor:")
    table(
        d,
        ["Date", "How", "What"],
        "c in contacts",
        ["{{ c.date | date }}", "{{ c.channel }}", "{{ c.summary }}"],
        widths_right_from=9,
    )
    para(d, "{%p endif %}")
    signature(d, "With best regards,")
    return d


BUILDERS = {
    "first_reminder": first_reminder,
    "follow_up": follow_up,
    "final_demand": final_demand,
    "validation_notice": validation_notice,
    "settlement_agreement": settlement_agreement,
    "payment_plan_agreement": payment_plan_agreement,
    "payoff_letter": payoff_letter,
    "default_notice": default_notice,
    "paid_in_full": paid_in_full,
    "intent_to_sue": intent_to_sue,
    "placement_ack": placement_ack,
    "status_report": status_report,
}


def main():
    for key, build in BUILDERS.items():
        path = OUT / f"{key}.docx"
        build().save(path)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
