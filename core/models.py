import datetime
import uuid

from django.conf import settings
from django.db import models


class PeriodicJobRun(models.Model):
    """When each periodic job was last put on the task queue, so that several runners never enqueue it twice."""

    name = models.CharField(max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} (last {self.last_enqueued_at:%Y-%m-%d %H:%M})"


# How long the download link of a protected export works (once).
DOWNLOAD_WINDOW = datetime.timedelta(minutes=15)


class ProtectedExport(models.Model):
    """A password-protected PDF waiting to be downloaded once by the person who made it: a chronology export, a copy
    of a referral. Services in core.exports.

    The file is kept encrypted with the service's key ring (on top of the PDF's own AES-256 password) and only until
    it is downloaded or its download window passes; then the ciphertext is cleared and the row stays as the record
    that an export was made. The PDF's password is never stored: it is shown once, on the page that follows.
    """

    class Kind(models.TextChoices):
        CHRONOLOGY = "chronology", "Chronology"
        REFERRAL_COPY = "referral_copy", "Copy of a referral"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.CHRONOLOGY)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=160)
    entries = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    # keyring().encrypt_blob(pdf, associated_data=associated_data()); None once downloaded or expired.
    blob = models.BinaryField(null=True, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Protected export {self.public_id}"  # never the person's name or the file name

    def associated_data(self) -> str:
        """What the encrypted blob is sealed to, so it cannot be moved to another export. (The prefix is from the
        time exports belonged to the chronology; blobs sealed then must still open.)"""
        return f"chronology.export:{self.public_id}"

    @property
    def expires_at(self) -> datetime.datetime:
        return self.created_at + DOWNLOAD_WINDOW
