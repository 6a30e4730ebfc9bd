"""Uploaded PDF, Word and OpenDocument files are searchable by their words; a broken
file keeps its title in search and says why its text could not be read."""

import io

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from search.extraction import UnreadableDocument, extract_text
from search.models import DocumentText

pytestmark = pytest.mark.django_db


def docx_bytes(text):
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(text):
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(P(text=text))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def pdf_bytes(text):
    """A one-page PDF with a line of text, written by hand (pypdf reads, not writes, text)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


@pytest.mark.parametrize(
    "extension, make",
    [("pdf", pdf_bytes), ("docx", docx_bytes), ("odt", odt_bytes)],
)
def test_text_is_read_from_each_format(extension, make):
    text = extract_text(io.BytesIO(make("Minutes of the Glossop tenants forum")), extension)
    assert "Glossop tenants forum" in text


def test_other_formats_are_skipped_and_broken_files_raise():
    assert extract_text(io.BytesIO(b"a,b"), "csv") == ""
    with pytest.raises(UnreadableDocument):
        extract_text(io.BytesIO(b"not a zip"), "docx")


def test_an_upload_is_searchable_by_its_words(client, django_capture_on_commit_callbacks):
    Document = get_document_model()
    with django_capture_on_commit_callbacks(execute=True):
        document = Document.objects.create(
            title="Board minutes",
            file=ContentFile(docx_bytes("The hydrotherapy pool stays open."), name="minutes.docx"),
        )
    assert "hydrotherapy" in DocumentText.objects.get(document=document).text
    response = client.get("/search/", {"q": "hydrotherapy"})
    assert [item.title for item in response.context["results"].items] == ["Board minutes"]
    assert "<mark>hydrotherapy</mark>" in response.content.decode()


def test_a_broken_upload_keeps_its_title_and_records_why(
    client, django_capture_on_commit_callbacks
):
    Document = get_document_model()
    with django_capture_on_commit_callbacks(execute=True):
        document = Document.objects.create(
            title="Scanned letter", file=ContentFile(b"%PDF-garbage", name="scan.pdf")
        )
    entry = DocumentText.objects.get(document=document)
    assert entry.text == "" and entry.error.startswith("PDF could not be read")
    response = client.get("/search/", {"q": "scanned letter"})
    assert [item.title for item in response.context["results"].items] == ["Scanned letter"]
