from django.db import models


class PeriodicJobRun(models.Model):
    """When each periodic job was last put on the task queue, so that several runners never enqueue it twice."""

    name = models.CharField(max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} (last {self.last_enqueued_at:%Y-%m-%d %H:%M})"
