"""Scanned signed forms: a PDF that carries active content is refused at upload, however its
names are spelled and wherever its objects are packed; clean PDFs and images are accepted; every
stored signature is served as a sandboxed download."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Consent, ReleaseOfInformation
from cases.uploads import ENCRYPTED, UNREADABLE, pdf_problem
from tests.cases.pdfs import ACTIVE, JS, clean_objects, pdf
from tests.conftest import signed_in_client
from tests.factories import TINY_PNG, consent_for, open_case, release_of_information
from tests.helpers import clock_at

NOW = datetime.datetime(2026, 11, 27, 23, 30, tzinfo=datetime.UTC)


clock = clock_at(NOW)


def escaped(objects):
    """Every keyword spelled with #xx escapes, as viewers accept and byte searches miss."""
    spellings = {
        b"/JavaScript": b"/J#61vaScript",
        b"/JS ": b"/J#53 ",
        b"/OpenAction": b"/Open#41ction",
        b"/Launch": b"/L#61unch",
        b"/AA ": b"/#41A ",
        b"/URI ": b"/UR#49 ",
        b"/EmbeddedFiles": b"/Embedded#46iles",
        b"/XFA": b"/X#46A",
    }
    out = {}
    for number, body in objects.items():
        for plain, spelled in spellings.items():
            body = body.replace(plain, spelled)
        out[number] = body
    return out


def test_a_plain_pdf_is_accepted():
    assert pdf_problem(pdf()) is None


def test_a_plain_pdf_packed_in_a_compressed_object_stream_is_accepted():
    assert pdf_problem(pdf(packed=True)) is None


@pytest.mark.parametrize("what", ACTIVE)
def test_a_pdf_with_active_content_is_refused(what):
    assert "The PDF contains active content" in pdf_problem(pdf(ACTIVE[what]))


@pytest.mark.parametrize("what", ACTIVE)
def test_active_content_with_escaped_names_is_refused(what):
    data = pdf(escaped(ACTIVE[what]))
    assert "The PDF contains active content" in pdf_problem(data)


@pytest.mark.parametrize("what", ACTIVE)
def test_active_content_inside_a_compressed_object_stream_is_refused(what):
    data = pdf(escaped(ACTIVE[what]), packed=True)
    assert b"JavaScript" not in data and b"/S /" not in data
    assert "The PDF contains active content" in pdf_problem(data)


def test_javascript_in_an_object_nothing_points_to_is_refused_too():
    objects = clean_objects() | {5: JS}
    assert "(JavaScript)" in pdf_problem(pdf(escaped(objects), packed=True))


def test_the_message_says_what_was_found():
    assert pdf_problem(pdf(ACTIVE["open action launching a program"])) == (
        "The PDF contains active content (an action that opens a program), which could run when it is opened. "
        "Scan the signed paper form again to a plain PDF, or upload a PNG or JPEG."
    )


def test_a_damaged_pdf_is_refused_as_unreadable():
    assert pdf_problem(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R") == UNREADABLE
    assert pdf_problem(pdf()[:40]) == UNREADABLE


def test_a_pdf_whose_object_stream_cannot_be_decoded_is_refused_as_unreadable():
    # pypdf skips a stream it cannot inflate; a more forgiving viewer might find JavaScript in it.
    data = bytearray(pdf(ACTIVE["open action running JavaScript"], packed=True))
    start = data.index(b"stream\n", data.index(b"/Type /ObjStm")) + len(b"stream\n")
    data[start + 2 : start + 20] = bytes(byte ^ 0x55 for byte in data[start + 2 : start + 20])
    assert pdf_problem(bytes(data)) == UNREADABLE


def test_an_encrypted_pdf_is_refused():
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf())))
    writer.encrypt(user_password="", owner_password="secret")
    out = io.BytesIO()
    writer.write(out)
    assert pdf_problem(out.getvalue()) == ENCRYPTED


# Through the pages -------------------------------------------------------------------------------


@pytest.fixture
def case(case_manager):
    return open_case(case_manager=case_manager)


def upload(content, name="scan.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_consent_scan_carrying_javascript_is_refused_with_the_date_kept(case, case_manager):
    url = reverse("cases:case-consent", args=[case.public_id])
    data = {"signed_on": "2026-11-26", "signature_upload": upload(pdf(ACTIVE["open action running JavaScript"]))}
    response = signed_in_client(case_manager).post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Scanned signed form: The PDF contains active content (JavaScript)" in page
    assert 'value="2026-11-26"' in page
    assert not Consent.objects.filter(case=case).exists()


def test_a_clean_consent_scan_is_stored_as_sent(case, case_manager, private_files):
    url = reverse("cases:case-consent", args=[case.public_id])
    signed_in_client(case_manager).post(url, {"signed_on": "2026-11-26", "signature_upload": upload(pdf(packed=True))})
    consent = Consent.objects.get(case=case)
    assert (private_files / consent.signature.name).read_bytes() == pdf(packed=True)


def test_a_release_scan_carrying_an_embedded_file_is_refused(case, case_manager):
    consent_for(case)
    from tests.cases.test_steps import RELEASE

    url = reverse("cases:case-roi-new", args=[case.public_id])
    data = RELEASE | {"signature_drawn": "", "signature_upload": upload(pdf(ACTIVE["embedded file"], packed=True))}
    page = signed_in_client(case_manager).post(url, data).content.decode()
    assert "The PDF contains active content (an embedded file)" in page
    assert "Bridgeway Community Services" in page
    assert not ReleaseOfInformation.objects.exists()


def test_every_signature_is_served_as_a_sandboxed_download(case, case_manager):
    consent_for(case)
    release = release_of_information(case)
    client = signed_in_client(case_manager)
    for name, obj in (("cases:consent-signature", case), ("cases:roi-signature", release)):
        response = client.get(reverse(name, args=[obj.public_id]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "no-store"
        assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert b"".join(response.streaming_content) == TINY_PNG
