"""Signing in: password then second factor, mandatory enrolment, lockout, session lifetimes, no enumeration."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT, session_expiry_reason
from accounts.services import user_deactivate
from audit.models import AuditEvent
from organisations.services import membership_end

from .factories import PASSWORD
from .personas import totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/account/login/"


def sign_in_with_password(client: Client, email: str, password: str = PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def test_password_then_totp_reaches_the_dashboard(personas):
    dsl = personas["dsl"]
    client = Client()
    response = sign_in_with_password(client, dsl.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session  # not signed in until the second factor
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == dsl.pk
    page = client.get(reverse("site:dashboard"))
    assert page.status_code == 200
    assert b"Designated safeguarding lead" in page.content
    assert AuditEvent.objects.filter(action="auth.signed_in", actor=dsl).count() == 1


def test_wrong_totp_code_keeps_the_person_out(personas):
    client = Client()
    sign_in_with_password(client, personas["dsl"].email)
    wrong_code = "000000" if totp_code() != "000000" else "111111"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong_code})
    assert response.status_code == 200
    assert b"govuk-error-message" in response.content
    assert SESSION_KEY not in client.session


def test_account_without_second_factor_reaches_only_enrolment(personas):
    person = personas["no_second_factor"]
    client = Client()
    response = sign_in_with_password(client, person.email)
    assert response.status_code == 302
    for url in [
        reverse("site:dashboard"),
        reverse("organisations:switch"),
        reverse("mfa_index"),
        reverse("account_change_password"),
        "/admin/",
        reverse("governance:events"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp"), url
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_enrolling_totp_opens_the_service(personas):
    person = personas["no_second_factor"]
    client = Client()
    sign_in_with_password(client, person.email)
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] != reverse("mfa_index")
    assert person.authenticator_set.filter(type="totp").exists()
    assert client.get(reverse("site:dashboard")).status_code == 200


def test_the_only_second_factor_cannot_be_removed(personas):
    client = Client()
    client.force_login(personas["dsl"], backend="allauth.account.auth_backends.AuthenticationBackend")
    response = client.post(reverse("mfa_deactivate_totp"))
    assert personas["dsl"].authenticator_set.filter(type="totp").exists()
    assert response.status_code in {200, 302, 403}


def test_six_wrong_passwords_lock_the_account_and_are_audited(personas):
    dsl = personas["dsl"]
    client = Client()
    statuses = [sign_in_with_password(client, dsl.email, "wrong-password-000").status_code for _ in range(6)]
    assert statuses[:4] == [200] * 4  # the form again, with its error
    assert statuses[4:] == [429, 429]  # the fifth failure (AXES_FAILURE_LIMIT) locks the account
    # Locked: even the right password is refused now.
    locked = sign_in_with_password(client, dsl.email)
    assert locked.status_code == 429
    assert b"You cannot sign in at the moment" in locked.content
    assert SESSION_KEY not in client.session
    assert AuditEvent.objects.filter(action="auth.sign_in_failed").count() >= 5
    assert AuditEvent.objects.filter(action="auth.locked_out", details__attempted_login=dsl.email).exists()


def test_lockout_looks_the_same_for_an_unknown_address(personas):
    client = Client()
    for _ in range(6):
        response = sign_in_with_password(client, "nobody-here@example.org", "wrong-password-000")
    assert response.status_code == 429
    assert b"You cannot sign in at the moment" in response.content


def test_wrong_password_and_unknown_address_get_the_same_answer(personas):
    known = sign_in_with_password(Client(), personas["dsl"].email, "wrong-password-000")
    unknown = sign_in_with_password(Client(), "nobody-here@example.org", "wrong-password-000")
    assert known.status_code == unknown.status_code == 200
    known_errors = [str(e) for e in known.context["form"].non_field_errors()]
    unknown_errors = [str(e) for e in unknown.context["form"].non_field_errors()]
    assert known_errors == unknown_errors
    assert known_errors


def test_password_reset_does_not_reveal_whether_an_account_exists(personas):
    known = Client().post(reverse("account_reset_password"), {"email": personas["dsl"].email})
    unknown = Client().post(reverse("account_reset_password"), {"email": "nobody-here@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_self_sign_up_does_not_exist(db):
    assert Client().get("/account/signup/").status_code == 404


def _signed_in_client(personas, name="dsl") -> Client:
    client = Client()
    sign_in_with_password(client, personas[name].email)
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert SESSION_KEY in client.session
    return client


def _age_session(client: Client, *, signed_in_ago: timedelta, last_seen_ago: timedelta) -> None:
    session = client.session
    now = timezone.now()
    session[SIGNED_IN_AT] = (now - signed_in_ago).isoformat()
    session[LAST_SEEN_AT] = (now - last_seen_ago).isoformat()
    session.save()


def test_idle_session_ends_after_thirty_minutes(personas):
    client = _signed_in_client(personas)
    _age_session(client, signed_in_ago=timedelta(minutes=40), last_seen_ago=timedelta(minutes=31))
    response = client.get(reverse("site:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert SESSION_KEY not in client.session
    assert AuditEvent.objects.filter(action="auth.session_expired", details__reason="idle").exists()


def test_active_session_survives_the_idle_limit(personas):
    client = _signed_in_client(personas)
    _age_session(client, signed_in_ago=timedelta(minutes=50), last_seen_ago=timedelta(minutes=29))
    assert client.get(reverse("site:dashboard")).status_code == 200


def test_session_ends_twelve_hours_after_sign_in_however_active(personas):
    client = _signed_in_client(personas)
    _age_session(client, signed_in_ago=timedelta(hours=12, minutes=1), last_seen_ago=timedelta(minutes=1))
    response = client.get(reverse("site:dashboard"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="auth.session_expired", details__reason="absolute").exists()


def test_session_expiry_rule_reads_the_configured_limits(rf, settings):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=5)
    request = rf.get("/")
    now = timezone.now()
    request.session = {
        SIGNED_IN_AT: (now - timedelta(minutes=6)).isoformat(),
        LAST_SEEN_AT: (now - timedelta(minutes=6)).isoformat(),
    }
    assert session_expiry_reason(request, now) == "idle"
    request.session[LAST_SEEN_AT] = (now - timedelta(minutes=4)).isoformat()
    assert session_expiry_reason(request, now) is None


def test_deactivating_a_user_ends_their_sessions_at_once(personas):
    client = _signed_in_client(personas)
    user_deactivate(user=personas["dsl"], acting_user=personas["sysadmin"])
    response = client.get(reverse("site:dashboard"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session
    assert AuditEvent.objects.filter(action="user.deactivated", object_id=str(personas["dsl"].pk)).exists()


def test_deactivated_user_cannot_sign_in(personas):
    user_deactivate(user=personas["dsl"], acting_user=None)
    client = Client()
    response = sign_in_with_password(client, personas["dsl"].email)
    assert SESSION_KEY not in client.session
    # Only someone who knows the password learns that the account is switched off.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_inactive")
    assert client.get(reverse("site:dashboard")).status_code == 302
    wrong = sign_in_with_password(Client(), personas["dsl"].email, "wrong-password-000")
    unknown = sign_in_with_password(Client(), "nobody-here@example.org", "wrong-password-000")
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


def test_ending_a_membership_ends_the_holders_sessions_at_once(personas):
    client = _signed_in_client(personas)
    membership = personas["dsl"].memberships.get()
    membership_end(membership=membership, acting_user=personas["sysadmin"])
    assert client.get(reverse("site:dashboard")).status_code == 302
    assert SESSION_KEY not in client.session
    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert AuditEvent.objects.filter(action="membership.ended", object_id=str(membership.pk)).exists()


def test_password_reset_mail_goes_through_the_task_queue(personas):
    Client().post(reverse("account_reset_password"), {"email": personas["dsl"].email})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [personas["dsl"].email]


def test_password_reset_link_from_the_mail_sets_a_new_password(personas):
    dsl = personas["dsl"]
    Client().post(reverse("account_reset_password"), {"email": dsl.email})
    link = re.search(r"https?://[^/]+(/account/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    client = Client()
    page = client.get(link, follow=True)
    assert page.status_code == 200
    assert b"expired" not in page.content.lower()
    new_password = "A-Brand-New-Passphrase-77"
    response = client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link,
        {"password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    dsl.refresh_from_db()
    assert dsl.check_password(new_password)
