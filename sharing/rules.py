"""Rules of information sharing (policy 1.3), one function each."""

from __future__ import annotations

from .models import PowerToShare, SharingRecord


def sharing_problems(
    *, power_to_share: str, necessity: str, consent: str, reason_without_consent: str
) -> dict[str, str]:
    """Every disclosure names its power to share, says why it is necessary and proportionate, and records consent
    or the reason for proceeding without it."""
    problems = {}
    if power_to_share not in PowerToShare.values:
        problems["power_to_share"] = "Select the power to share"
    if not necessity.strip():
        problems["necessity"] = "Explain why sharing is necessary and proportionate"
    if consent not in SharingRecord.Consent.values:
        problems["consent"] = "Select the consent position"
    elif consent != SharingRecord.Consent.GIVEN and not reason_without_consent.strip():
        problems["reason_without_consent"] = "Explain why you are sharing without consent"
    return problems
