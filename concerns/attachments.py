"""Attachment files: type checked by their content (not their name), size-limited, stored encrypted.

The allowed types are few and their signatures well known, so they are checked here rather than with a
libmagic binding (which needs a system library the service would then depend on): see docs/decisions/0006.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from encryption.keyring import blob_key_id_and_payload, keyring
from encryption.rotation import register_rotator

from .models import Attachment


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extensions: tuple[str, ...]
    label: str


PNG = FileKind("image/png", ("png",), "PNG image")
JPEG = FileKind("image/jpeg", ("jpg", "jpeg"), "JPEG image")
GIF = FileKind("image/gif", ("gif",), "GIF image")
WEBP = FileKind("image/webp", ("webp",), "WebP image")
PDF = FileKind("application/pdf", ("pdf",), "PDF")
DOCX = FileKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",), "Word document")
XLSX = FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",), "Excel spreadsheet")
PPTX = FileKind("application/vnd.openxmlformats-officedocument.presentationml.presentation", ("pptx",), "PowerPoint")
LEGACY_OFFICE = FileKind("application/msword", ("doc", "xls", "ppt"), "older Office document")
ALLOWED_DESCRIPTION = "an image (PNG, JPEG, GIF or WebP), a PDF, or a Word, Excel or PowerPoint document"

_OOXML_FOLDERS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}


class AttachmentRejected(ValueError):
    """The file may not be attached; the message says why, for the person who chose it."""


def sniff(head: bytes, data: bytes) -> FileKind | None:
    """What the bytes are, whatever the file is called."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return LEGACY_OFFICE
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            for folder, kind in _OOXML_FOLDERS.items():
                if any(name.startswith(folder) for name in names):
                    return kind
    return None


def check_upload(*, name: str, data: bytes) -> FileKind:
    """Refuse, with a reason a person can act on, anything too big, empty, unknown or disguised."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if not data:
        raise AttachmentRejected("The selected file is empty")
    if len(data) > limit:
        raise AttachmentRejected(f"The selected file must be smaller than {limit // (1024 * 1024)} MB")
    kind = sniff(data[:16], data)
    if kind is None:
        raise AttachmentRejected(f"The selected file must be {ALLOWED_DESCRIPTION}")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in kind.extensions:
        raise AttachmentRejected(
            f"The selected file is called .{extension or '(no extension)'} but its contents are a {kind.label}: "
            "rename it or choose another file"
        )
    return kind


def _associated_data(attachment: Attachment) -> str:
    return f"concerns.attachment:{attachment.public_id}"


def store(attachment: Attachment, data: bytes) -> None:
    blob = keyring().encrypt_blob(data, associated_data=_associated_data(attachment))
    attachment.stored_name = default_storage.save(f"attachments/{attachment.public_id.hex}.bin", ContentFile(blob))


def read(attachment: Attachment) -> bytes:
    with default_storage.open(attachment.stored_name, "rb") as handle:
        return keyring().decrypt_blob(handle.read(), associated_data=_associated_data(attachment))


def rotate_attachment_files() -> int:
    """Re-encrypt attachment files sealed under an older key (part of `manage.py rotate_keys`)."""
    active = keyring().active_id
    rotated = 0
    for attachment in Attachment.objects.exclude(stored_name="").iterator():
        with default_storage.open(attachment.stored_name, "rb") as handle:
            blob = handle.read()
        if blob_key_id_and_payload(blob)[0] == active:
            continue
        data = keyring().decrypt_blob(blob, associated_data=_associated_data(attachment))
        resealed = keyring().encrypt_blob(data, associated_data=_associated_data(attachment))
        default_storage.delete(attachment.stored_name)
        saved = default_storage.save(attachment.stored_name, ContentFile(resealed))
        if saved != attachment.stored_name:
            Attachment.objects.filter(pk=attachment.pk).update(stored_name=saved)
        rotated += 1
    return rotated


register_rotator("concerns.Attachment files", rotate_attachment_files)
