"""What an uploaded file really is, judged by its bytes, against an allow-list.

The name's extension must agree with the content; Word files are zips, checked before anything
opens them (SECURITY.md: a 182 KB .docx can declare 150 MB); macro-enabled and DOCTYPE-bearing
documents are refused.
"""

import io
import zipfile
from dataclasses import dataclass

MAX_ZIP_ENTRIES = 1000
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100


@dataclass(frozen=True)
class FileKind:
    name: str
    extensions: tuple[str, ...]
    content_type: str


PDF = FileKind("PDF", (".pdf",), "application/pdf")
DOCX = FileKind(
    "Word document",
    (".docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
PNG = FileKind("PNG image", (".png",), "image/png")
JPEG = FileKind("JPEG image", (".jpg", ".jpeg"), "image/jpeg")
GIF = FileKind("GIF image", (".gif",), "image/gif")
EMAIL = FileKind("e-mail", (".eml",), "message/rfc822")
TEXT = FileKind("text", (".txt", ".csv"), "text/plain")
ALLOWED = (PDF, DOCX, PNG, JPEG, GIF, EMAIL, TEXT)
ALLOWED_EXTENSIONS = tuple(ext for kind in ALLOWED for ext in kind.extensions)


class FileRefused(ValueError):
    """A file that is not what it claims, not on the allow-list, or unsafe to open."""


def identify(filename: str, data: bytes) -> FileKind:
    """The kind of `data`, checked against the name's extension; `FileRefused` says why not."""
    extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise FileRefused(
            f"{filename}: only PDF, Word (.docx), images (PNG, JPEG, GIF), e-mails (.eml) and "
            "text files are accepted."
        )
    if not data:
        raise FileRefused(f"{filename} is empty.")
    kind = _sniff(data)
    if kind is None or extension not in kind.extensions:
        shown = kind.name if kind else "something else"
        raise FileRefused(f"{filename} is named {extension} but its content is {shown}.")
    if kind is DOCX:
        _check_word(filename, data)
    return kind


def _sniff(data: bytes) -> FileKind | None:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if data.startswith(b"PK\x03\x04"):
        return DOCX  # confirmed (or refused) by _check_word
    if b"\x00" in data[:8192]:
        return None
    text = data[:8192].decode("utf-8", errors="replace")
    headers = {line.split(":", 1)[0].lower() for line in text.splitlines()[:40] if ":" in line}
    if "from" in headers and ({"subject", "date", "to"} & headers):
        return EMAIL
    return TEXT


def _check_word(filename: str, data: bytes) -> None:
    check_office_zip(filename, data, "word/document.xml")


def check_office_zip(filename: str, data: bytes, main_part: str) -> None:
    """Refuse an Office file (a zip) that is not what it claims, too large once unpacked,
    compressed like a zip bomb, macro-enabled, or carrying a DOCTYPE, before anything opens it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except zipfile.BadZipFile as error:
        raise FileRefused(f"{filename} is not a readable Office document.") from error
    names = {entry.filename for entry in entries}
    if main_part not in names or "[Content_Types].xml" not in names:
        raise FileRefused(f"{filename} is a zip archive, not the Office document it claims.")
    if len(entries) > MAX_ZIP_ENTRIES:
        raise FileRefused(f"{filename} has too many parts to be a letter or contract.")
    if sum(entry.file_size for entry in entries) > MAX_UNZIPPED_BYTES:
        raise FileRefused(f"{filename} would unpack to more than 100 MB.")
    for entry in entries:
        if entry.compress_size and entry.file_size / entry.compress_size > MAX_RATIO:
            raise FileRefused(f"{filename} is compressed suspiciously tightly (a zip bomb?).")
        if entry.filename.lower().endswith("vbaproject.bin"):
            raise FileRefused(f"{filename} contains macros; save it as a plain .docx.")
        if entry.filename.endswith((".xml", ".rels")):
            with archive.open(entry) as part:
                if b"<!DOCTYPE" in part.read(64 * 1024):
                    raise FileRefused(f"{filename} contains a DOCTYPE declaration.")
