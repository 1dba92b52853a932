"""The text inside a stored file, for reading on screen and for search.

A file whose text cannot be read is still kept; `extract` says why instead of failing.
Extraction is bounded (pages, characters) so that a huge or hostile file cannot hold a worker.
"""

import email
import io
from dataclasses import dataclass
from email import policy
from html.parser import HTMLParser

import docx
from pypdf import PdfReader

from casefile.domain.filetypes import DOCX, EMAIL, GIF, JPEG, PDF, PNG, TEXT, FileKind

MAX_CHARS = 200_000
MAX_PDF_PAGES = 200


@dataclass(frozen=True)
class Extracted:
    text: str
    status: str  # "ok", or why there is no text


def extract(kind: FileKind, data: bytes) -> Extracted:
    try:
        if kind is PDF:
            text = _pdf(data)
        elif kind is DOCX:
            text = _docx(data)
        elif kind is EMAIL:
            text = message_text(email.message_from_bytes(data, policy=policy.default))
        elif kind is TEXT:
            text = data.decode("utf-8", errors="replace")
        elif kind in (PNG, JPEG, GIF):
            return Extracted("", "an image: no text (casefile does not read scans)")
        else:
            return Extracted("", f"no text reader for {kind.name}")
    except Exception as error:  # a damaged file is stored all the same; say why
        return Extracted("", f"the text could not be read ({type(error).__name__})")
    text = text.strip()[:MAX_CHARS]
    return Extracted(text, "ok" if text else "no text found in the file")


def message_text(message) -> str:
    """An e-mail's readable body: its plain-text part, or its HTML part without the markup."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    return html_text(content) if part.get_content_subtype() == "html" else content


def html_text(markup: str) -> str:
    parser = _TextOnly()
    parser.feed(markup)
    return " ".join(" ".join(parser.parts).split())


class _TextOnly(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _pdf(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    pages = reader.pages[:MAX_PDF_PAGES]
    return "\n".join(page.extract_text() or "" for page in pages)


def _docx(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)
