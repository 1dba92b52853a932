"""The optimised rendering (a template prepared once per version, written straight into the
zip) gives exactly the text of docxtpl's own rendering, for every shipped template."""

import copy
import io

import docx
import pytest

from casefile.letters.catalog import shipped
from casefile.letters.fields import specimen
from casefile.letters.prepared import PreparedTemplate
from casefile.letters.rendering import LetterFault, render_letter, render_plain


def everything(data: bytes) -> list[str]:
    """Every text a reader or Word's properties dialog shows, part by part."""
    document = docx.Document(io.BytesIO(data))
    lines = [f"P:{p.text}" for p in document.paragraphs]
    for table in document.tables:
        lines += [f"T:{' | '.join(c.text for c in row.cells)}" for row in table.rows]
    for section in document.sections:
        lines += [f"H:{p.text}" for p in section.header.paragraphs]
        lines += [f"F:{p.text}" for p in section.footer.paragraphs]
    properties = document.core_properties
    lines += [f"D:{properties.title}", f"D:{properties.author}", f"D:{properties.subject}"]
    return lines


def contexts() -> list[dict]:
    plain = specimen()
    many = copy.deepcopy(plain)
    many["debtor"]["name"] = "Ünal & Söhne <GmbH> “Quoted”"
    many["invoices"] = [
        {"number": f"N-{n}", "issued_on": f"2026-01-0{n + 1}", "due_on": "2026-02-01",
         "amount_cents": 1_000 * n + 7, "currency": "USD"}
        for n in range(1, 8)
    ]  # fmt: skip
    many["contacts"] = []
    many["payments"] = []
    many["matter"]["consumer"] = True
    many["settlement"]["discounted"] = False
    many["plan"]["has_down_payment"] = True
    return [plain, many]


@pytest.mark.parametrize("key", sorted(shipped()))
def test_prepared_rendering_gives_the_same_text_as_docxtpl(key):
    data = shipped()[key].path.read_bytes()
    prepared = PreparedTemplate(data)
    for context in contexts():
        expected = everything(render_plain(data, context))
        assert everything(prepared.render(context)) == expected
        assert everything(render_letter(data, context)) == expected
        assert len(expected) > 10


def test_the_prepared_template_is_as_strict_as_docxtpl():
    data = shipped()["final_demand"].path.read_bytes()
    context = specimen()
    context["debtor"]["name"] = ""
    for render in (render_plain, render_letter):
        with pytest.raises(LetterFault, match="“debtor.name” is empty"):
            render(data, context)


def test_one_prepared_template_renders_different_letters_independently():
    data = shipped()["first_reminder"].path.read_bytes()
    prepared = PreparedTemplate(data)
    first, second = contexts()
    one, two, again = prepared.render(first), prepared.render(second), prepared.render(first)
    assert everything(one) == everything(again)
    assert everything(one) != everything(two)
