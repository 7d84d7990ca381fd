"""Is an uploaded PDF a plain document? Scanned consent and release forms are refused when they
carry anything that can act when the file is opened: JavaScript, actions that launch programs,
submit or import data or open web addresses, automatic actions, embedded files, multimedia, XFA
forms.

Refused, not cleaned: the scan of a signed form must stay the document the person signed, byte
for byte (a flattened re-rendering is a different document, and needs a rasteriser on the
server). A scanner or a "print to PDF" never writes active content, so refusing costs nobody a
legitimate upload.

The file is parsed with pypdf, which decodes `#xx` escapes in names (`/J#61vaScript` is
`/JavaScript`) and opens compressed object streams, and every object the file holds is looked at
(those listed in its cross-reference tables, and everything they point to), not only the places
where a viewer starts actions: a chained `/Next` action or an orphan object is found too. An
object the file lists that pypdf cannot read (a damaged object stream) makes the file unreadable:
a more forgiving viewer might read it. The raw bytes are also searched for the longer keywords,
names unescaped, in case a viewer finds an uncompressed object that pypdf's repair does not."""

import io
import re

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NullObject

# Keys that only active content uses, and what to tell the person.
ACTIVE_KEYS = {
    "/JavaScript": "JavaScript",
    "/JS": "JavaScript",
    "/AA": "actions that run automatically",
    "/Launch": "an action that opens a program",
    "/EmbeddedFiles": "an embedded file",
    "/EmbeddedFile": "an embedded file",
    "/EF": "an embedded file",
    "/RichMedia": "multimedia",
    "/RichMediaContent": "multimedia",
    "/XFA": "an XFA form",
    "/SubmitForm": "a form that sends data",
    "/ImportData": "an action that imports data",
}
# Action types (the /S of an action dictionary). GoTo (a page of this file) and Named (next page,
# print) are what plain documents use; these reach outside the file or run something.
ACTIVE_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": "an action that opens a program",
    "/SubmitForm": "a form that sends data",
    "/ImportData": "an action that imports data",
    "/ResetForm": "a form action",
    "/URI": "a link to a web address",
    "/GoToR": "a link to another file",
    "/GoToE": "a link to an embedded file",
    "/Rendition": "multimedia",
    "/Movie": "multimedia",
    "/Sound": "multimedia",
    "/RichMediaExecute": "multimedia",
}
ACTIVE_SUBTYPES = {
    "/RichMedia": "multimedia",
    "/Screen": "multimedia",
    "/Movie": "multimedia",
    "/Sound": "multimedia",
    "/3D": "multimedia",
    "/FileAttachment": "an embedded file",
}
RAW_KEYWORDS = re.compile(rb"/(JavaScript|Launch|EmbeddedFiles?|RichMedia|SubmitForm|ImportData|XFA)(?![A-Za-z0-9])")
HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")

UNREADABLE = "The file could not be read as a PDF. Scan the signed form again, or upload a PNG or JPEG."
ENCRYPTED = (
    "The PDF is password-protected or encrypted, so it cannot be checked. "
    "Save it without a password, or upload a PNG or JPEG of the signed form."
)


def active_content_message(what: str) -> str:
    return (
        f"The PDF contains active content ({what}), which could run when it is opened. "
        "Scan the signed paper form again to a plain PDF, or upload a PNG or JPEG."
    )


def pdf_problem(data: bytes) -> str | None:
    """Why this PDF is refused, in words for the person uploading it; None when it is plain."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return ENCRYPTED
        found = _active_content(reader)
    except Exception:
        # Hostile bytes reach the parser: whatever it raises (its own errors, zlib, struct, deep
        # recursion...), the file is not one we can vouch for.
        return UNREADABLE
    if found is None:
        raw = RAW_KEYWORDS.search(HEX_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), data))
        found = ACTIVE_KEYS.get("/" + raw[1].decode()) if raw else None
    return active_content_message(found) if found else None


def _active_content(reader: PdfReader) -> str | None:
    listed = [(number, generation) for generation, numbers in reader.xref.items() for number in numbers]
    listed += [(number, 0) for number in reader.xref_objStm]
    pending = [reader.trailer, *(IndirectObject(number, generation, reader) for number, generation in listed)]
    listed = set(listed)
    seen = set()
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
            if key in listed and (item is None or isinstance(item, NullObject)):
                # pypdf could not read an object the file lists (a damaged object stream, a
                # wrong offset); a viewer might, so what it holds is unknown.
                raise PdfReadError(f"object {key[0]} {key[1]} unreadable")
        if isinstance(item, DictionaryObject):
            found = _active_dictionary(item)
            if found:
                return found
            pending += item.values()
        elif isinstance(item, ArrayObject):
            pending += list(item)
    return None


def _active_dictionary(dictionary: DictionaryObject) -> str | None:
    for key in dictionary:
        if key in ACTIVE_KEYS:
            return ACTIVE_KEYS[key]
    action = _name(dictionary, "/S")
    if action in ACTIVE_ACTIONS:
        return ACTIVE_ACTIONS[action]
    subtype = _name(dictionary, "/Subtype")
    if subtype in ACTIVE_SUBTYPES:
        return ACTIVE_SUBTYPES[subtype]
    return None


def _name(dictionary: DictionaryObject, key: str) -> str | None:
    value = dictionary.get(key)
    if isinstance(value, IndirectObject):
        value = value.get_object()
    return str(value) if value is not None else None
