"""Reading the words out of uploaded documents, so search can find them by content.

PDF with pypdf, Word with python-docx, OpenDocument text with odfpy. A file that cannot
be read keeps its title in search and records why, rather than failing the upload.
"""

import zipfile

MAX_TEXT_LENGTH = 500_000  # characters kept per document; plenty for search, bounded
MAX_PDF_PAGES = 300


class UnreadableDocument(Exception):
    pass


def _pdf_text(handle):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(handle)
        pages = reader.pages[:MAX_PDF_PAGES]
        return "\n".join((page.extract_text() or "") for page in pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise UnreadableDocument(f"PDF could not be read: {error}") from error


def _docx_text(handle):
    import docx

    try:
        document = docx.Document(handle)
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableDocument(f"Word file could not be read: {error}") from error
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _odt_text(handle):
    from odf import teletype, text
    from odf.opendocument import load

    try:
        document = load(handle)
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableDocument(f"OpenDocument file could not be read: {error}") from error
    return "\n".join(teletype.extractText(node) for node in document.getElementsByType(text.P))


READERS = {"pdf": _pdf_text, "docx": _docx_text, "odt": _odt_text}


def extract_text(handle, extension):
    """Text of an open file, or "" for formats we do not read."""
    reader = READERS.get((extension or "").lower().lstrip("."))
    if reader is None:
        return ""
    text = reader(handle)
    return " ".join(text.split())[:MAX_TEXT_LENGTH]
