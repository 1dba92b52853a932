"""Checking an uploaded template before it is kept: every refusal names the exact problem.

In order, each before anything riskier: the size; the zip's declared sizes, entry count and
ratio, macros and DOCTYPEs (`casefile.domain.filetypes`), before python-docx opens it; Word's
smart quotes inside tags (repaired, and listed with the exact tag); the Jinja syntax; only
known fields; no reaching for `_private` attributes, includes or imports; and finally a
rendering against the specimen merge data in a child process bounded in time and memory, which
catches unknown nested fields (`debtor.nmae`) and hostile loops.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field

from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, meta, nodes

from casefile.domain.errors import CasefileError
from casefile.domain.filetypes import DOCX, FileRefused, identify
from casefile.letters.fields import specimen, top_level_names
from casefile.letters.rendering import LetterFault, letter_environment
from casefile.letters.sandbox import render_bounded

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_SMART = "“”‘’„‚«»"
_FORBIDDEN_NODES = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)


class TemplateRefused(CasefileError):
    """An upload that cannot become a template; the message says exactly why."""

    def __init__(self, message: str):
        super().__init__(message, field="file")


@dataclass
class Checked:
    data: bytes
    repaired_tags: list[str] = field(default_factory=list)  # tags whose smart quotes were fixed
    fields: set[str] = field(default_factory=set)


def check_template(filename: str, data: bytes) -> Checked:
    """Refuse with the exact problem, or return the checked template and what was repaired."""
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateRefused(f"{filename} is larger than {MAX_TEMPLATE_BYTES // 2**20} MB.")
    try:
        kind = identify(filename, data)
    except FileRefused as error:
        raise TemplateRefused(str(error)) from error
    if kind is not DOCX:
        raise TemplateRefused(f"{filename} is a {kind.name}, not a Word document (.docx).")
    _refuse_macro_content(filename, data)
    document = DocxTemplate(io.BytesIO(data))
    try:
        document.init_docx()
        parts = _parts(document)
    except Exception as error:  # python-docx refuses damaged packages in many ways
        raise TemplateRefused(f"{filename} is not a readable Word document.") from error
    checked = Checked(data, repaired_tags=_smart_quoted_tags(document))
    checked.fields = _check_syntax_and_fields(parts)
    _render_specimen(data)
    return checked


def _refuse_macro_content(filename: str, data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml")[: 256 * 1024]
    if b"macroEnabled" in types or b"vbaProject" in types:
        raise TemplateRefused(f"{filename} contains macros; save it as a plain .docx.")


def _parts(document: DocxTemplate) -> list[tuple[str, str]]:
    """Each templated part (body, headers, footers, footnotes, properties) as Jinja source,
    after docxtpl's own clean-up (which also straightens smart quotes inside tags)."""
    found = [("the body", document.patch_xml(document.get_xml()))]
    for label, uri in (("a header", document.HEADER_URI), ("a footer", document.FOOTER_URI)):
        for _key, part in document.get_headers_footers(uri):
            found.append((label, document.patch_xml(document.get_part_xml(part))))
    for part in document.docx.part.package.parts:
        if part.content_type.endswith("footnotes+xml"):
            found.append(("the footnotes", document.patch_xml(part.blob.decode("utf-8"))))
    properties = document.docx.core_properties
    for name in ("author", "comments", "identifier", "language", "subject", "title"):
        found.append((f"the document property {name}", getattr(properties, name) or ""))
    return found


def _smart_quoted_tags(document: DocxTemplate) -> list[str]:
    """Tags as the author typed them that hold Word's curly quotes (docxtpl straightens them)."""
    texts = [p.text for p in document.docx.paragraphs]
    for table in document.docx.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.docx.sections:
        texts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    tags = [tag for text in texts for tag in _TAG.findall(text)]
    return sorted({tag for tag in tags if any(mark in tag for mark in _SMART)})


def _check_syntax_and_fields(parts: list[tuple[str, str]]) -> set[str]:
    environment = letter_environment()
    known = top_level_names()
    used: set[str] = set()
    for where, source in parts:
        try:
            tree = environment.parse(source)
        except TemplateSyntaxError as error:
            raise TemplateRefused(
                f"A tag in {where} is not valid: {error.message} (near “{_near(source, error)}”)."
            ) from error
        _refuse_unsafe(tree, where)
        names = meta.find_undeclared_variables(tree)
        unknown = sorted(names - known)
        if unknown:
            listed = ", ".join(f"“{name}”" for name in unknown)
            raise TemplateRefused(
                f"{where.capitalize()} uses unknown fields: {listed}. The field reference lists "
                "the fields a template may use."
            )
        used |= names
    return used


def _near(source: str, error: TemplateSyntaxError) -> str:
    lines = source.splitlines()
    line = lines[error.lineno - 1] if error.lineno and error.lineno <= len(lines) else ""
    return " ".join(re.sub(r"<[^>]+>", "", line).split())[:120]


def _refuse_unsafe(tree: nodes.Template, where: str) -> None:
    for node in tree.find_all(_FORBIDDEN_NODES):
        raise TemplateRefused(
            f"{where.capitalize()} uses “{type(node).__name__.lower()}”: a template may not "
            "load other templates."
        )
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        name = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", "")
        if isinstance(name, str) and name.startswith("_"):
            raise TemplateRefused(
                f"{where.capitalize()} reaches for “{name}”: a template may only use fields."
            )


def _render_specimen(data: bytes) -> None:
    """Render against the specimen data in a bounded child: unknown nested fields, filters on
    the wrong kind of value, and loops that never end are refused here, not at a debtor's
    letter."""
    try:
        [result] = render_bounded(data, [specimen()])
    except LetterFault as fault:
        raise TemplateRefused(fault.message) from fault
    if isinstance(result, LetterFault):
        raise TemplateRefused(result.message)
