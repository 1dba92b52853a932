"""The bytes of stored files, in `instance/documents/`, named by their SHA-256.

Content-addressed, so the same file stored twice is kept once and a name can never point at
different bytes. Writes go to a temporary file first and are renamed into place, so a crash
never leaves half a file under a real name.
"""

import hashlib
import os
import tempfile
from pathlib import Path

from flask import current_app


class DocumentStore:
    def __init__(self, root: Path):
        self.root = root

    def put(self, data: bytes) -> tuple[str, bool]:
        """Store `data`; returns its hash and whether this call created the file."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.path(digest)
        if target.exists():
            return digest, False
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return digest, True

    def read(self, digest: str) -> bytes:
        return self.path(digest).read_bytes()

    def discard(self, digest: str) -> None:
        self.path(digest).unlink(missing_ok=True)

    def path(self, digest: str) -> Path:
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError("not a SHA-256 digest")
        return self.root / digest[:2] / digest


def document_store() -> DocumentStore:
    return DocumentStore(Path(current_app.instance_path) / "documents")
