"""Password-protected PDF exports (core.pdf): AES-256, nothing readable without the password, every character of
a UK name kept, long chronologies paged and numbered."""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.pdf import UNAMBIGUOUS_ALPHABET, PdfSection, ProtectedPdf, generate_password, plain_pdf, protected_pdf

NAME = "Zoë Łukasz-Öztürk"
TITLE = f"Safeguarding chronology: {NAME}"
PARAGRAPH = (
    "Zoë told her form tutor on Tuesday that an older cousin had been sending her videos from a channel that "
    "praises violence. She was upset rather than excited, and asked whether she would be in trouble. "
) * 12
FILENAME = "PC-2026-0417-chronology.pdf"
PASSWORD_FORMAT = re.compile(rf"[{UNAMBIGUOUS_ALPHABET}]{{4}}(-[{UNAMBIGUOUS_ALPHABET}]{{4}}){{3}}")


def _export(sections: list[PdfSection] | None = None, *, title: str = TITLE) -> ProtectedPdf:
    if sections is None:
        sections = [
            PdfSection("About the child", rows=[("Name", NAME), ("School", "Hollybank Infant School")]),
            PdfSection("What was said", paragraphs=[PARAGRAPH, "Ñandú Brzęczyszczykiewicz, Ğül Şahin, Siân Ó Dálaigh"]),
        ]
    return protected_pdf(
        title=title,
        subtitle="Case PC-2026-0417",
        sections=sections,
        filename=FILENAME,
        generated_by="Dana Singh",
    )


def _open(export: ProtectedPdf) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(export.content), password=export.password)


def _to_unicode(font: pikepdf.Object) -> dict[bytes, str]:
    """The font's ToUnicode CMap as {2-byte glyph code: text}: how any reader turns the glyphs back into text."""
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    mapping: dict[bytes, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[bytes.fromhex(code)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, start in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            for offset in range(int(high, 16) - int(low, 16) + 1):
                code = (int(low, 16) + offset).to_bytes(2, "big")
                mapping[code] = chr(int(start, 16) + offset)
    return mapping


def _page_texts(pdf: pikepdf.Pdf) -> list[str]:
    """Each page's text, one line per text object (BT…ET), decoded through the embedded fonts' ToUnicode maps.

    Neither pypdf nor poppler is a dependency, so this is the text extraction every test can rely on: if a glyph
    were missing or mapped to the wrong character, the text read back would differ.
    """
    texts = []
    for page in pdf.pages:
        fonts = {name: _to_unicode(font) for name, font in page.Resources.Font.items()}
        font: dict[bytes, str] = {}
        lines = []
        for instruction in pikepdf.parse_content_stream(page):
            operands, operator = instruction.operands, instruction.operator
            if str(operator) == "BT":
                lines.append("")
            elif str(operator) == "Tf":
                font = fonts[str(operands[0])]
            elif str(operator) in ("Tj", "TJ"):
                strings = operands[0] if str(operator) == "TJ" else operands
                codes = b"".join(bytes(s) for s in strings if isinstance(s, pikepdf.String))
                lines[-1] += "".join(font[codes[i : i + 2]] for i in range(0, len(codes), 2))
        texts.append("\n".join(line for line in lines if line))
    return texts


def _squash(text: str) -> str:
    """Text without whitespace, so a value that wrapped on to several lines still matches."""
    return "".join(text.split())


def test_the_password_opens_the_file_and_nothing_else_does():
    export = _export()
    assert PASSWORD_FORMAT.fullmatch(export.password)
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(io.BytesIO(export.content))
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(io.BytesIO(export.content), password=generate_password())
    with _open(export) as pdf:
        # Opened as a user, not as the owner (whose password is random and discarded), so readers apply the permissions.
        assert pdf.user_password_matched
        assert not pdf.owner_password_matched
        assert len(pdf.pages) >= 1


def test_encryption_is_aes_256_revision_6():
    with _open(_export()) as pdf:
        assert pdf.is_encrypted
        encryption = pdf.encryption
        assert encryption.R == 6
        assert encryption.V == 5
        assert encryption.bits == 256
        assert encryption.stream_method == pikepdf.models.EncryptionMethod.aesv3
        assert encryption.string_method == pikepdf.models.EncryptionMethod.aesv3


def test_printing_is_allowed_and_changes_are_not():
    with _open(_export()) as pdf:
        assert pdf.allow.print_highres and pdf.allow.print_lowres
        assert pdf.allow.accessibility
        assert not pdf.allow.modify_other
        assert not pdf.allow.modify_annotation
        assert not pdf.allow.modify_form
        assert not pdf.allow.modify_assembly
        assert not pdf.allow.extract


def _encodings(text: str) -> list[bytes]:
    """The ways a PDF writer could store `text` in the clear: raw bytes, UTF-16 strings, hex strings."""
    forms = [text.encode("utf-8"), text.encode("utf-16-be")]
    if all(ord(char) < 256 for char in text):
        forms.append(text.encode("latin-1"))
    forms += [form.hex().encode() for form in forms] + [form.hex().upper().encode() for form in forms]
    return forms


def test_no_content_or_metadata_is_readable_without_the_password():
    export = _export()
    raw = export.content
    assert b"/Encrypt" in raw
    secrets_in_the_file = [TITLE, NAME, "Łukasz", "Hollybank", PARAGRAPH[:40], "Brzęczyszczykiewicz", "Dana Singh"]
    secrets_in_the_file += ["PC-2026-0417", "Prevent Casework"]  # the subtitle, the file name, the metadata
    for text in secrets_in_the_file:
        for form in _encodings(text):
            assert form not in raw, f"{text!r} is readable in the file as {form[:40]!r}"
    with _open(export) as pdf:
        # Page text is stored as glyph numbers, compressed, so the searches above alone would miss a page left
        # unencrypted. Every stream (pages, fonts, ToUnicode maps) must differ on disk from its decrypted form.
        streams = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream)]
        assert len(streams) >= 5
        for stream in streams:
            decrypted = stream.read_raw_bytes()
            assert decrypted[:64] not in raw, f"a {stream.get('/Type') or stream.get('/Filter')} stream is in the clear"
        # The document information is there for someone with the password, and names nobody.
        assert str(pdf.docinfo["/Title"]) == FILENAME
        assert str(pdf.docinfo["/Author"]) == "Prevent Casework"
        assert "/Metadata" not in pdf.Root


def test_names_keep_their_accents():
    with _open(_export()) as pdf:
        text = _page_texts(pdf)[0]
        fonts = list(pdf.pages[0].Resources.Font.values())
        assert all(str(font.Subtype) == "/Type0" for font in fonts)  # embedded TrueType, not a Latin-1 core font
        assert any("Ł" in _to_unicode(font).values() for font in fonts)
    assert NAME in text
    assert TITLE in text
    assert "Ğül Şahin, Siân Ó Dálaigh" in text
    assert _squash(PARAGRAPH) in _squash(text)


def test_an_independent_reader_extracts_the_name(tmp_path: Path):
    """poppler, where it is installed, decrypts the file and reads the name back: a second opinion on both."""
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    export = _export()
    path = tmp_path / export.filename
    path.write_bytes(export.content)
    result = subprocess.run([pdftotext, "-upw", export.password, str(path), "-"], capture_output=True, check=True)
    assert NAME in result.stdout.decode()


def test_every_page_carries_the_marking_title_page_number_and_who_generated_it():
    rows = [
        (f"{n} March 2026 09:{n % 60:02d}", f"Entry {n}: {NAME} spoke to the safeguarding lead.") for n in range(500)
    ]
    export = _export([PdfSection("Chronology", rows=rows, paragraphs=[PARAGRAPH * 5])])
    with _open(export) as pdf:
        pages = _page_texts(pdf)
    assert len(pages) >= 10
    for number, text in enumerate(pages, start=1):
        lines = text.splitlines()
        # The protective marking heads and foots every page, as UK government documents require.
        assert lines[0] == "OFFICIAL-SENSITIVE"
        assert lines[-1] == "OFFICIAL-SENSITIVE"
        assert f"Page {number} of {len(pages)}" in lines
        assert any(line.startswith("Safeguarding chronology: Zoë") for line in lines[:3])
        assert re.fullmatch(r"Generated by Dana Singh on \d{1,2} \w+ \d{4} at \d\d:\d\d \w+", lines[-2])
    everything = _squash("\n".join(pages))
    # Every row made it, in order, and the long paragraph after them flowed on to the following pages whole.
    positions = [everything.index(_squash(f"Entry {n}: {NAME}")) for n in (0, 1, 250, 498, 499)]
    assert positions == sorted(positions)
    assert _squash(PARAGRAPH * 5) in _squash("\n".join(line for page in pages for line in page.splitlines()[3:-2]))


def test_a_note_that_mentions_the_page_total_alias_is_printed_as_written():
    export = _export([PdfSection("Notes", rows=[("Typed by the teacher", "See {nb} and \ue000\ue000\ue000")])])
    with _open(export) as pdf:
        text = _page_texts(pdf)[0]
    assert "See {nb} and" in text
    assert "Page 1 of 1" in text


def test_unsafe_file_names_are_refused():
    for filename in ["../chronology.pdf", "Zoë Łukasz.pdf", "chronology.html", "a/b.pdf", "", ".pdf"]:
        with pytest.raises(ValueError, match="Unsafe export filename"):
            protected_pdf(title="t", sections=[], filename=filename, generated_by="x")


def test_generated_passwords_are_readable_random_and_strong():
    assert len(set(UNAMBIGUOUS_ALPHABET)) == len(UNAMBIGUOUS_ALPHABET) == 32
    assert not set(UNAMBIGUOUS_ALPHABET) & set("0O1lIo")
    assert 16 * math.log2(len(UNAMBIGUOUS_ALPHABET)) >= 80
    passwords = [generate_password() for _ in range(2000)]
    assert all(PASSWORD_FORMAT.fullmatch(password) for password in passwords)
    assert len(set(passwords)) == len(passwords)
    # Every symbol turns up: the draw covers the whole alphabet, not a slice of it.
    assert set("".join(passwords).replace("-", "")) == set(UNAMBIGUOUS_ALPHABET)
    assert _export().password != _export().password


# Basic Latin to Latin Extended-B without the C1 controls, and Latin Extended Additional (Vietnamese, Welsh ẁ ỳ)
# up to the Middle Welsh letters at its end that the font lacks. The soft hyphen is only drawn at a line break,
# so it is left out of the comparison.
LATIN = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0xA0, max_codepoint=0x24F),
    st.characters(min_codepoint=0x1E00, max_codepoint=0x1EFB),
)


@settings(max_examples=40, deadline=None)
@given(heading=st.text(LATIN, min_size=1, max_size=40), value=st.text(LATIN, max_size=300))
def test_any_latin_text_comes_back_exactly(heading: str, value: str):
    export = _export([PdfSection(heading, rows=[("Note", value)], paragraphs=[value])], title=heading)
    with _open(export) as pdf:
        text = _squash("\n".join(_page_texts(pdf)))
    for original in (heading, value):
        expected = _squash(unicodedata.normalize("NFC", original).replace("\u00ad", ""))
        assert expected in text


def test_a_plain_pdf_has_the_same_layout_and_no_password():
    """For a copy e-mailed to a secure address: it opens without a password and reads like the protected one."""
    sections = [PdfSection("About the child", rows=[("Name", NAME)], paragraphs=[PARAGRAPH])]
    plain = plain_pdf(
        title=TITLE, subtitle="Case PC-2026-0417", sections=sections, filename=FILENAME, generated_by="Dana Singh"
    )
    assert plain.filename == FILENAME
    with pikepdf.open(io.BytesIO(plain.content)) as pdf:
        assert not pdf.is_encrypted
        assert str(pdf.docinfo["/Title"]) == FILENAME  # the readable metadata names nobody
        text = "\n".join(_page_texts(pdf))
        pages = len(pdf.pages)
    with _open(_export(sections)) as protected:
        assert len(protected.pages) == pages
    lines = text.splitlines()
    assert lines[0] == "OFFICIAL-SENSITIVE" and lines[-1] == "OFFICIAL-SENSITIVE"
    assert NAME in text and _squash(PARAGRAPH) in _squash(text)
    with pytest.raises(ValueError, match="Unsafe export filename"):
        plain_pdf(title="t", sections=[], filename="Zoë.pdf", generated_by="x")
