"""Small PDFs written byte by byte for the upload tests: a clean one-page document, and the same
with active content added, its names escaped or its objects packed into a compressed object stream
(as PDF 1.5 writers do), where no keyword is visible in the bytes."""

import zlib

CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>"
CONTENT = b"BT /F1 12 Tf 72 720 Td (Signed) Tj ET"


def clean_objects() -> dict[int, bytes]:
    return {
        1: CATALOG,
        2: PAGES,
        3: PAGE,
        4: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(CONTENT), CONTENT),
    }


def pdf(objects: dict[int, bytes] | None = None, *, packed: bool = False) -> bytes:
    """A PDF of `objects` (number -> body), object 1 the catalog. `packed` puts every object that
    is not a stream into one compressed object stream, listed by a cross-reference stream."""
    objects = objects if objects is not None else clean_objects()
    return _packed(objects) if packed else _plain(objects)


def _plain(objects):
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def _packed(objects):
    loose = {n: body for n, body in objects.items() if b"stream" in body}
    inside = {n: body for n, body in objects.items() if n not in loose}
    stream_number = max(objects) + 1
    xref_number = stream_number + 1
    header, bodies = b"", b""
    for number, body in inside.items():
        header += b"%d %d " % (number, len(bodies))
        bodies += body + b"\n"
    packed = zlib.compress(header + bodies)
    loose[stream_number] = (
        b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
        % (
            len(inside),
            len(header),
            len(packed),
            packed,
        )
    )
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(loose):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, loose[number])
    offsets[xref_number] = len(out)
    rows = [b"\x00\x00\x00\x00\x00\xff\xff"]
    index_in_stream = {number: i for i, number in enumerate(inside)}
    for number in range(1, xref_number + 1):
        if number in offsets:
            rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00")
        elif number in index_in_stream:
            rows.append(b"\x02" + stream_number.to_bytes(4, "big") + index_in_stream[number].to_bytes(2, "big"))
        else:
            rows.append(b"\x00\x00\x00\x00\x00\xff\xff")
    table = zlib.compress(b"".join(rows))
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\n"
        b"stream\n%s\nendstream\nendobj\n"
    ) % (
        xref_number,
        xref_number + 1,
        len(table),
        table,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


def _extended(number: int, dictionary: bytes, extra: bytes, more: dict[str, bytes]) -> dict[int, bytes]:
    """The clean objects with `extra` added to object `number` (whose clean body is `dictionary`)
    and objects 5, 6... from `more`."""
    objects = clean_objects()
    objects[number] = dictionary[:-2] + b" " + extra + b" >>"
    for i, body in enumerate(more.values(), start=5):
        objects[i] = body
    return objects


def with_catalog(extra: bytes, **more: bytes) -> dict[int, bytes]:
    return _extended(1, CATALOG, extra, more)


def with_page(extra: bytes, **more: bytes) -> dict[int, bytes]:
    return _extended(3, PAGE, extra, more)


JS = b"<< /Type /Action /S /JavaScript /JS (app.alert('x')) >>"
# Each kind of active content, as a scan that carries it.
ACTIVE = {
    "open action running JavaScript": with_catalog(b"/OpenAction 5 0 R", action=JS),
    "document-level JavaScript": with_catalog(
        b"/Names << /JavaScript 5 0 R >>",
        tree=b"<< /Names [(x) 6 0 R] >>",
        action=JS,
    ),
    "open action launching a program": with_catalog(
        b"/OpenAction << /S /Launch /F (calc.exe) >>",
    ),
    "page additional action": with_page(b"/AA << /O 5 0 R >>", action=JS),
    "catalog additional action": with_catalog(b"/AA << /WC 5 0 R >>", action=JS),
    "link submitting a form": with_page(
        b"/Annots [5 0 R]",
        annot=b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /SubmitForm /F (https://x.example/) >> >>",
    ),
    "link importing data": with_page(
        b"/Annots [5 0 R]",
        annot=b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /ImportData /F (x.fdf) >> >>",
    ),
    "link to a web address": with_page(
        b"/Annots [5 0 R]",
        annot=b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (https://x.example/) >> >>",
    ),
    "JavaScript chained after a harmless action": with_catalog(
        b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next 5 0 R >>", action=JS
    ),
    "embedded file": with_catalog(
        b"/Names << /EmbeddedFiles << /Names [(a.exe) 5 0 R] >> >>",
        spec=b"<< /Type /Filespec /F (a.exe) /EF << /F 6 0 R >> >>",
        file=b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
    ),
    "multimedia annotation": with_page(
        b"/Annots [5 0 R]", annot=b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] >>"
    ),
    "XFA form": with_catalog(
        b"/AcroForm << /Fields [] /XFA 5 0 R >>", xfa=b"<< /Length 5 >>\nstream\n<xdp>\nendstream"
    ),
}
