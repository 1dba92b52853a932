"""Optional PDF copies of letters, when LibreOffice is installed (`soffice --headless
--convert-to pdf`); without it the option is hidden. The conversion runs in a temporary folder
with a time limit and its own LibreOffice profile, so two conversions never share one."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from casefile.domain.errors import CasefileError

TIME_LIMIT_SECONDS = 60


def soffice() -> str | None:
    """The LibreOffice executable, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    return soffice() is not None


def to_pdf(docx_bytes: bytes) -> bytes:
    """The PDF of a .docx letter; refused with the reason when the conversion fails."""
    program = soffice()
    if program is None:
        raise CasefileError("PDF export needs LibreOffice, which is not installed.")
    with tempfile.TemporaryDirectory(prefix="casefile-pdf-") as folder:
        work = Path(folder)
        source = work / "letter.docx"
        source.write_bytes(docx_bytes)
        command = [
            program,
            f"-env:UserInstallation=file://{work / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIME_LIMIT_SECONDS, check=False)
        except subprocess.TimeoutExpired as error:
            raise CasefileError("The PDF conversion took too long and was stopped.") from error
        result = work / "letter.pdf"
        if not result.exists() or not result.read_bytes().startswith(b"%PDF-"):
            raise CasefileError("LibreOffice could not convert the letter to PDF.")
        return result.read_bytes()
