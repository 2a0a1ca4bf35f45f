"""Whether someone has a second factor to sign in with: an authenticator app or a security key (recovery codes are
a way back in, not a second factor of their own)."""

from typing import Any

from allauth.mfa.models import Authenticator

SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def has_second_factor(user: Any) -> bool:
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()
