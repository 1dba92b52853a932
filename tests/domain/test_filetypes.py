"""Uploads are judged by their bytes: an allow-list, and zip guards for Word files."""

import io
import zipfile

import pytest

from casefile.domain.filetypes import DOCX, EMAIL, PDF, PNG, TEXT, FileRefused, identify


def word(parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


MINIMAL_WORD = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("invoice.pdf", b"%PDF-1.7\n...", PDF),
        ("scan.png", b"\x89PNG\r\n\x1a\nrest", PNG),
        ("contract.docx", word(MINIMAL_WORD), DOCX),
        ("reply.eml", b"From: a@b.example\r\nSubject: Invoice 1040\r\n\r\nWe dispute it.", EMAIL),
        ("notes.txt", b"Called on 3 May; promised payment.", TEXT),
    ],
)
def test_allowed_files_are_recognised_by_content(name, data, kind):
    assert identify(name, data) is kind


@pytest.mark.parametrize(
    ("name", "data", "complaint"),
    [
        ("tool.exe", b"MZ\x90\x00", "only PDF"),
        ("invoice.pdf", b"\x89PNG\r\n\x1a\n", "content is PNG image"),
        ("invoice.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "content is something else"),
        ("contract.docx", b"PK\x03\x04not a zip", "not a readable Office document"),
        ("contract.docx", word({"a.txt": b"x"}), "not the Office document it claims"),
        ("macro.docx", word({**MINIMAL_WORD, "word/vbaProject.bin": b"x"}), "macros"),
        (
            "dtd.docx",
            word({**MINIMAL_WORD, "word/document.xml": b'<!DOCTYPE x [<!ENTITY a "b">]>'}),
            "DOCTYPE",
        ),
        ("bomb.docx", word({**MINIMAL_WORD, "word/big.xml": b"0" * 5_000_000}), "tightly"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_refused_files_say_why(name, data, complaint):
    with pytest.raises(FileRefused, match=complaint):
        identify(name, data)
