"""Render a `.docx` template with docxtpl inside a Jinja sandbox.

docxtpl's defaults are unsafe for us (SECURITY.md): without `jinja_env` a template reaches
Python internals, and without autoescape a name such as `A&B <Corp>` truncates the text or
injects Word XML. Templates get plain dicts of strings, never ORM objects.

Letters are rendered strictly: a field the merge data does not have, or one that is empty for
this matter, stops the letter with the field's name (`LetterFault`); nothing is ever left blank
in a letter to a debtor. docxtpl uses the one environment for the body, headers, footers,
footnotes and document properties.
"""

import hashlib
import re
from collections.abc import Mapping
from io import BytesIO
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, Undefined, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment, SecurityError

from casefile.domain import letters as shaping
from casefile.domain.errors import CasefileError

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "letter_templates"
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class LetterFault(CasefileError):
    """A letter that cannot be written as it stands: the message names the field or tag."""


def render_docx(template_name: str, context: dict) -> bytes:
    """The bytes of `template_name` (a file in letter_templates/) rendered with `context`.

    Lenient (for the remittance statement, whose optional cells may be blank); letters use
    `render_letter`."""
    template = DocxTemplate(TEMPLATE_DIR / template_name)
    template.render(context, jinja_env=SandboxedEnvironment(autoescape=True))
    out = BytesIO()
    template.save(out)
    return out.getvalue()


def _refuse_empty(value):
    """Jinja's `finalize`: every `{{ }}` passes here before it is written into the letter."""
    if isinstance(value, Undefined):
        return value  # raises with its own message when written
    if value is None or (isinstance(value, str) and not value.strip()):
        raise UndefinedError("a field in the template is empty for this matter")
    return value


def _strict(filter_function):
    """A filter that fails with the missing field's own message rather than a TypeError."""

    def apply(value, *args):
        if isinstance(value, Undefined):
            value._fail_with_undefined_error()
        return filter_function(value, *args)

    apply.__name__ = filter_function.__name__
    return apply


FILTERS = {
    "money": _strict(shaping.money),
    "date": _strict(shaping.long_date),
    "address": _strict(shaping.address),
}


def letter_environment() -> ImmutableSandboxedEnvironment:
    """The sandbox every letter renders in: no Python internals, no changing the merge data,
    autoescape, strict fields, and our three filters."""
    environment = ImmutableSandboxedEnvironment(
        autoescape=True, undefined=StrictUndefined, finalize=_refuse_empty
    )
    environment.filters.update(FILTERS)
    # Only the fields and `range` (the sandbox caps it): no lipsum, cycler, joiner or namespace,
    # so that a name a template uses is either a field or an error.
    environment.globals = {"range": environment.globals["range"]}
    return environment


def strict_context(context: Mapping, prefix: str = ""):
    """`context` with every empty value (and every empty address) replaced by a marker that
    fails, naming the field, as soon as a template uses it; an unused empty field is harmless.
    An empty list of rows (no payments yet) is not missing data."""
    result = {}
    for key, value in context.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            result[key] = strict_context(value, path + ".")
        elif isinstance(value, list) and not value and key.endswith("_lines"):
            result[key] = StrictUndefined(hint=f"“{path}” is empty for this matter", name=key)
        elif isinstance(value, list):
            result[key] = [
                strict_context(item, f"{path}[{n}].") if isinstance(item, Mapping) else item
                for n, item in enumerate(value, start=1)
            ]
        elif value is None or (isinstance(value, str) and not value.strip()):
            result[key] = StrictUndefined(hint=f"“{path}” is empty for this matter", name=key)
        else:
            result[key] = value
    return result


def render_letter(template: bytes, context: Mapping) -> bytes:
    """The letter: `template` (.docx bytes) rendered strictly with `context` (plain data),
    from the template prepared once per version (`prepared.py`, same text as `render_plain`)."""
    from casefile.letters.prepared import prepared

    return prepared(hashlib.sha256(template).hexdigest(), template).render(context)


def render_letter_with_text(template: bytes, context: Mapping) -> tuple[bytes, str]:
    """The letter and its text (for reading on screen and for search)."""
    from casefile.letters.prepared import prepared

    return prepared(hashlib.sha256(template).hexdigest(), template).render_with_text(context)


def render_plain(template: bytes, context: Mapping) -> bytes:
    """The same letter by docxtpl's own `render`, re-parsing the template each time: the
    reference the prepared rendering is tested against, and the benchmark's baseline."""
    document = DocxTemplate(BytesIO(template))
    try:
        document.render(strict_context(context), jinja_env=letter_environment())
    except Exception as error:
        raise explain(error) from error
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def explain(error: Exception) -> LetterFault:
    """A rendering failure in words a user can act on."""
    if isinstance(error, LetterFault):
        return error
    if isinstance(error, SecurityError):
        return LetterFault(f"The template tries to reach something it may not: {error}.")
    if isinstance(error, UndefinedError):
        message = str(error)
        unknown = re.fullmatch(r"'(\w+)' is undefined", message)
        if unknown:
            return LetterFault(f"The template uses “{unknown[1]}”, which is not a known field.")
        unknown_attribute = re.search(r"has no attribute '(\w+)'", message)
        if unknown_attribute:
            return LetterFault(
                f"The template uses “{unknown_attribute[1]}”, which is not a known field."
            )
        return LetterFault(f"The letter cannot be written: {message}.")
    if isinstance(error, TemplateSyntaxError):
        where = " ".join(" ".join(getattr(error, "docx_context", []) or []).split())[:200]
        return LetterFault(f"The template has a tag error ({error.message}) near: {where}")
    if isinstance(error, TemplateError):
        return LetterFault(f"The template cannot be rendered: {error}.")
    if isinstance(error, shaping.FiguresError):
        return LetterFault(str(error))
    if isinstance(error, (TypeError, ValueError)):
        return LetterFault(f"A field has the wrong kind of value for its filter: {error}.")
    return LetterFault(f"The template cannot be rendered ({type(error).__name__}).")
