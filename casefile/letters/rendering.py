"""Render a `.docx` template with docxtpl inside a Jinja sandbox.

docxtpl's defaults are unsafe for us (SECURITY.md): without `jinja_env` a template reaches
Python internals, and without autoescape a name such as `A&B <Corp>` truncates the text or
injects Word XML. Templates get plain dicts of strings, never ORM objects.
"""

from io import BytesIO
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "letter_templates"
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render_docx(template_name: str, context: dict) -> bytes:
    """The bytes of `template_name` (a file in letter_templates/) rendered with `context`."""
    template = DocxTemplate(TEMPLATE_DIR / template_name)
    template.render(context, jinja_env=SandboxedEnvironment(autoescape=True))
    out = BytesIO()
    template.save(out)
    return out.getvalue()
