"""The Channel case (policy 2.8): opened when the preliminary assessment finds a referral appropriate for Channel.
The panel stage (meetings, agendas, reviews, exit) builds here."""

from __future__ import annotations

from django.db import models


class ChannelCase(models.Model):
    """A case accepted for Channel, waiting for the area's next panel (the panel stage builds on it)."""

    class Status(models.TextChoices):
        AWAITING_PANEL = "awaiting_panel", "Waiting for the next panel"

    referral = models.OneToOneField("referrals.Referral", on_delete=models.PROTECT, related_name="channel_case")
    area = models.ForeignKey("organisations.Area", on_delete=models.PROTECT, related_name="channel_cases")
    subject = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="channel_cases")
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.AWAITING_PANEL)
    opened_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Channel case {self.pk}"

    @property
    def reference(self) -> str:
        return f"CH-{self.pk:06d}"
