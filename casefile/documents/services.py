"""Attaching uploaded files to a matter inside the caller's transaction, and undoing the
stored bytes if that transaction fails."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from casefile.audit.services import Actor
from casefile.documents.models import Document
from casefile.documents.store import DocumentStore
from casefile.documents.text import Extracted, extract
from casefile.domain.errors import CasefileError
from casefile.domain.filetypes import FileRefused, identify
from casefile.extensions import db

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 10


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def check_uploads(uploads: list[Upload]) -> None:
    """Refuse the whole submission, before anything is stored, if any file is unacceptable."""
    if len(uploads) > MAX_FILES:
        raise CasefileError(f"Attach at most {MAX_FILES} files.", field="documents")
    for upload in uploads:
        if len(upload.data) > MAX_FILE_BYTES:
            raise CasefileError(
                f"{upload.filename} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.",
                field="documents",
            )
        try:
            identify(upload.filename, upload.data)
        except FileRefused as error:
            raise CasefileError(str(error), field="documents") from error


class StoredFiles:
    """The files one transaction added to the store, to take back if it rolls back."""

    def __init__(self, store: DocumentStore):
        self.store = store
        self.created: list[str] = []

    def attach(
        self,
        uploads: list[Upload],
        client_id: int,
        matter_id: int,
        actor: Actor,
        correspondence_id: int | None = None,
        client_visible: bool = True,
        texts: list[str] | None = None,
    ) -> list[Document]:
        """Store each upload and add its Document row. `texts`, when the caller already knows
        each file's text (a letter casefile just wrote), saves reading it back out."""
        documents = []
        for n, upload in enumerate(uploads):
            kind = identify(upload.filename, upload.data)
            digest, created = self.store.put(upload.data)
            if created:
                self.created.append(digest)
            found = Extracted(texts[n], "ok") if texts is not None else extract(kind, upload.data)
            documents.append(
                Document(
                    correspondence_id=correspondence_id,
                    client_visible=client_visible,
                    text=found.text,
                    text_status=found.status,
                    client_id=client_id,
                    matter_id=matter_id,
                    filename=upload.filename[-200:],
                    kind=kind.name,
                    content_type=kind.content_type,
                    size_bytes=len(upload.data),
                    sha256=digest,
                    uploaded_by_id=actor.user_id,
                )
            )
            db.session.add(documents[-1])
        return documents


@contextmanager
def files_undone_on_failure(store: DocumentStore) -> Iterator[StoredFiles]:
    """Stored bytes belong to the transaction around this block: if it fails, they go too."""
    stored = StoredFiles(store)
    try:
        yield stored
    except BaseException:
        for digest in stored.created:
            store.discard(digest)
        raise
