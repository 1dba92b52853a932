"""A template prepared once per version, rendered straight into a zip for each letter.

docxtpl re-opens the .docx, re-cleans its XML and re-compiles its Jinja for every letter; most of
a letter's time goes there (the issue measured ~28 letters/s). Here that work is done once: the
body, headers and footers are cleaned by docxtpl's own `patch_xml` and compiled in the letter
sandbox; each letter renders those templates, applies docxtpl's own post-processing
(`resolve_listing`, `fix_tables`, `fix_docpr_ids`), renders the document properties, and writes
the package with every other part copied as it was. A test renders every shipped template both
ways and proves the text identical.
"""

import copy
import io
import re
import struct
import threading
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

from docx.opc.oxml import serialize_part_xml
from docxtpl import DocxTemplate
from lxml import etree

from casefile.letters.rendering import explain, letter_environment, strict_context

_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
_BODY = re.compile(rb"<w:body[ >].*</w:body>", re.S)
_CACHE_SIZE = 32


class PreparedTemplate:
    """One template version, parsed and compiled; `render(context)` gives the letter's bytes."""

    def __init__(self, data: bytes):
        self._docx = DocxTemplate(io.BytesIO(data))
        self._docx.init_docx()
        self._environment = letter_environment()
        self._raw = _entries(data)
        document_part = self._docx.docx.part
        self._document_name = document_part.partname.lstrip("/")
        blob = document_part.blob
        span = _BODY.search(blob)
        self._prefix, self._suffix = blob[: span.start()], blob[span.end() :]
        self._body = self._compile(self._docx.patch_xml(self._docx.get_xml()))
        self._parts = {}  # zip name -> (compiled template, encoding)
        for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
            for _key, part in self._docx.get_headers_footers(uri):
                xml = self._docx.get_part_xml(part)
                encoding = self._docx.get_headers_footers_encoding(xml)
                self._parts[part.partname.lstrip("/")] = (
                    self._compile(self._docx.patch_xml(xml)),
                    encoding,
                )
        self._footnotes = {}
        for part in self._docx.docx.part.package.parts:
            if part.content_type.endswith("footnotes+xml"):
                source = self._docx.patch_xml(part.blob.decode("utf-8"))
                self._footnotes[part.partname.lstrip("/")] = self._compile(source)
        core = self._docx.docx.core_properties
        self._core_part = self._docx.docx.part.package._core_properties_part
        self._properties = {
            name: self._environment.from_string(getattr(core, name) or "") for name in _PROPERTIES
        }

    def _compile(self, source: str):
        return self._environment.from_string(re.sub(r"<w:p([ >])", r"\n<w:p\1", source))

    def render(self, context: Mapping) -> bytes:
        """The letter for `context` (plain data), strictly: a missing field is a LetterFault."""
        return self.render_with_text(context)[0]

    def render_with_text(self, context: Mapping) -> tuple[bytes, str]:
        """The letter and its body text (paragraphs, table rows as `a | b`), read from the tree
        just rendered rather than by opening the package again."""
        strict = strict_context(context)
        try:
            body, text = self._render_body(strict)
            replaced = {self._document_name: body}
            for name, (template, encoding) in self._parts.items():
                replaced[name] = self._finish(template.render(strict)).encode(encoding)
            for name, template in self._footnotes.items():
                replaced[name] = self._finish(template.render(strict)).encode("utf-8")
            replaced[self._core_part.partname.lstrip("/")] = self._core(strict)
        except Exception as error:
            raise explain(error) from error
        return self._zip(replaced), text

    def _finish(self, rendered: str) -> str:
        """docxtpl's post-processing of a rendered part (`render_xml_part`)."""
        rendered = re.sub(r"\n<w:p([ >])", r"<w:p\1", rendered)
        rendered = (
            rendered.replace("{_{", "{{")
            .replace("}_}", "}}")
            .replace("{_%", "{%")
            .replace("%_}", "%}")
        )
        return self._docx.resolve_listing(rendered)

    def _render_body(self, context) -> tuple[bytes, str]:
        tree = self._docx.fix_tables(self._finish(self._body.render(context)))
        self._docx.docx_ids_index = 1000
        self._docx.fix_docpr_ids(tree)
        xml = self._prefix + etree.tostring(tree, encoding="utf-8") + self._suffix
        return xml, body_text(tree)

    def _core(self, context) -> bytes:
        element = copy.deepcopy(self._core_part._element)
        for name, template in self._properties.items():
            setattr(element, f"{name}_text", template.render(context))
        return serialize_part_xml(element)

    def _zip(self, replaced: dict[str, bytes]) -> bytes:
        """The package: the rendered parts deflated, every other part copied compressed as it
        was (recompressing Word's 800 KB of styles for each letter was most of the time)."""
        writer = _ZipWriter()
        for entry in self._raw:
            data = replaced.get(entry.name)
            if data is None:
                writer.copy(entry)
            else:
                writer.add(entry.name, data)
        return writer.finish()


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def body_text(body) -> str:
    """The text of a document body: one line per paragraph, a table row as `a | b`."""
    lines = []
    for child in body:
        if child.tag == _W + "p":
            lines.append(_paragraph_text(child))
        elif child.tag == _W + "tbl":
            for row in child.iter(_W + "tr"):
                cells = row.findall(_W + "tc")
                lines.append(
                    " | ".join(
                        "\n".join(_paragraph_text(p) for p in cell.iter(_W + "p")) for cell in cells
                    )
                )
    return "\n".join(lines).strip()


def _paragraph_text(paragraph) -> str:
    parts = []
    for element in paragraph.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
        if element.tag == _W + "t":
            parts.append(element.text or "")
        else:
            parts.append("\t" if element.tag == _W + "tab" else "\n")
    return "".join(parts)


@dataclass(frozen=True)
class _Entry:
    """One part of a zip as stored: its name, method, CRC, sizes and compressed bytes."""

    name: str
    method: int
    crc: int
    size: int
    raw: bytes


def _entries(data: bytes) -> list[_Entry]:
    entries = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            start = info.header_offset
            name_length, extra_length = struct.unpack("<HH", data[start + 26 : start + 30])
            begin = start + 30 + name_length + extra_length
            raw = data[begin : begin + info.compress_size]
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or (
                info.flag_bits & 0x1
            ):
                raise ValueError(f"{info.filename}: unsupported zip entry")
            entries.append(_Entry(info.filename, info.compress_type, info.CRC, info.file_size, raw))
    return entries


class _ZipWriter:
    """A minimal zip writer (no zip64: a letter is far below 4 GB) that can copy an entry's
    compressed bytes as they are."""

    _LOCAL = struct.Struct("<4s5H3L2H")
    _CENTRAL = struct.Struct("<4s6H3L5H2L")
    _END = struct.Struct("<4s4H2LH")
    _TIME, _DATE = 0, (1980 - 1980) << 9 | 1 << 5 | 1  # 1 January 1980, as python-docx writes

    def __init__(self):
        self.out = io.BytesIO()
        self.central: list[bytes] = []

    def add(self, name: str, data: bytes) -> None:
        packer = zlib.compressobj(1, zlib.DEFLATED, -15)
        raw = packer.compress(data) + packer.flush()
        self.copy(_Entry(name, zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data), raw))

    def copy(self, entry: _Entry) -> None:
        name = entry.name.encode("utf-8")
        flags = 0x800 if not entry.name.isascii() else 0
        offset = self.out.tell()
        self.out.write(
            self._LOCAL.pack(b"PK\x03\x04", 20, flags, entry.method, self._TIME, self._DATE,
                             entry.crc, len(entry.raw), entry.size, len(name), 0)
        )  # fmt: skip
        self.out.write(name)
        self.out.write(entry.raw)
        self.central.append(
            self._CENTRAL.pack(b"PK\x01\x02", 20, 20, flags, entry.method, self._TIME,
                               self._DATE, entry.crc, len(entry.raw), entry.size, len(name),
                               0, 0, 0, 0, 0, offset) + name
        )  # fmt: skip

    def finish(self) -> bytes:
        start = self.out.tell()
        for record in self.central:
            self.out.write(record)
        size = self.out.tell() - start
        count = len(self.central)
        self.out.write(self._END.pack(b"PK\x05\x06", 0, 0, count, count, size, start, 0))
        return self.out.getvalue()


_prepared: OrderedDict[str, PreparedTemplate] = OrderedDict()
_lock = threading.Lock()


def prepared(digest: str, data: bytes) -> PreparedTemplate:
    """The prepared template for the version with SHA-256 `digest` (a small LRU per process)."""
    with _lock:
        found = _prepared.get(digest)
        if found is not None:
            _prepared.move_to_end(digest)
            return found
    try:
        made = PreparedTemplate(data)
    except Exception as error:
        raise explain(error) from error
    with _lock:
        _prepared[digest] = made
        while len(_prepared) > _CACHE_SIZE:
            _prepared.popitem(last=False)
    return made
