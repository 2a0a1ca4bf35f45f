"""In-app notifications: a short, impersonal alert that something needs a person's attention, with a link.

A notification never holds personal or case details: its title says only what kind of thing happened ("New urgent
concern"), and the page it links to decides, on the person's current access, what they may see.
"""

from django.conf import settings
from django.db import models

from organisations.models import Organisation

TITLE_MAX_LENGTH = 120
URL_MAX_LENGTH = 500


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications")
    # The organisation in whose name the recipient receives it: it shows only while they act for that organisation.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="notifications")
    kind = models.CharField(max_length=60, help_text='A short code, such as "concern.submitted".')
    title = models.CharField(max_length=TITLE_MAX_LENGTH, help_text="Plain text with no personal data.")
    url = models.CharField(max_length=URL_MAX_LENGTH, help_text='A path inside the service, starting with "/".')
    is_urgent = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_recipient_read")]

    def __str__(self) -> str:
        return f"{self.kind} for user {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
