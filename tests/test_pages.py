"""The GOV.UK layout, security headers, error pages and choosing which role to act in."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from audit.models import AuditEvent
from organisations.middleware import ACTING_MEMBERSHIP
from organisations.roles import Role

from .factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_signed_in_page_has_the_layout_and_acting_role(client_for):
    response = client_for("dsl").get(reverse("site:dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en-GB" class="govuk-template">' in html
    assert "Prevent Casework" in html
    assert "govuk-phase-banner" in html
    assert 'href="/accessibility/"' in html
    assert re.search(r"acting as <strong>Designated safeguarding lead</strong> at <strong>Hollybank", html)
    assert 'class="govuk-skip-link"' in html


def test_security_headers_on_a_signed_in_page(client_for):
    response = client_for("dsl").get(reverse("site:dashboard"))
    assert "no-store" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    # Every inline script carries the nonce of this response.
    scripts = re.findall(r"<script([^>]*)>", response.content.decode())
    assert scripts
    assert all(f'nonce="{nonce}"' in attrs for attrs in scripts)
    assert response["X-Request-ID"]


def test_nonce_changes_per_response(client_for):
    client = client_for("dsl")
    first = client.get(reverse("site:dashboard"))["Content-Security-Policy"]
    second = client.get(reverse("site:dashboard"))["Content-Security-Policy"]
    assert first != second


def test_public_page_is_cacheable_only_when_signed_out(client_for):
    assert "no-store" not in client_for("anonymous").get(reverse("site:accessibility")).get("Cache-Control", "")
    assert "no-store" in client_for("dsl").get(reverse("site:accessibility"))["Cache-Control"]


def test_unknown_url_gets_the_styled_404(client_for):
    response = client_for("dsl").get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"govuk-template" in response.content


def test_csrf_failure_gets_a_plain_message_and_saves_nothing(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["dsl"], backend="allauth.account.auth_backends.AuthenticationBackend")
    other = MembershipFactory(user=personas["dsl"], organisation=OrganisationFactory(), role=Role.HEADTEACHER)
    response = client.post(reverse("organisations:switch"), {"membership": other.pk})
    assert response.status_code == 403
    assert b"Your form could not be sent" in response.content
    assert ACTING_MEMBERSHIP not in client.session
    assert not AuditEvent.objects.filter(action="membership.switched").exists()


@override_settings(DEBUG=False)
def test_server_error_page_is_styled(client_for, monkeypatch):
    client = client_for("dsl")
    client.raise_request_exception = False
    monkeypatch.setattr("prevent_casework.views.render", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    response = client.get(reverse("site:dashboard"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


def test_person_with_two_roles_can_switch_and_the_header_follows(client_for, personas):
    client = client_for("dsl")
    other_org = OrganisationFactory(name="Second School (test)")
    second = MembershipFactory(user=personas["dsl"], organisation=other_org, role=Role.HEADTEACHER)
    page = client.get(reverse("site:dashboard")).content.decode()
    assert "Change role" in page
    response = client.post(reverse("organisations:switch"), {"membership": second.pk})
    assert response.status_code == 302
    page = client.get(reverse("site:dashboard")).content.decode()
    assert "acting as <strong>Headteacher</strong> at <strong>Second School (test)</strong>" in page
    event = AuditEvent.objects.get(action="membership.switched")
    assert (event.acting_organisation_id, event.acting_role) == (other_org.pk, "headteacher")


def test_switching_to_someone_elses_membership_is_refused(client_for, personas):
    client = client_for("dsl")
    MembershipFactory(user=personas["dsl"], organisation=OrganisationFactory(), role=Role.HEADTEACHER)
    others = personas["other_dsl"].memberships.get()
    response = client.post(reverse("organisations:switch"), {"membership": others.pk})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Select one of your roles" in response.content
    assert client.session.get(ACTING_MEMBERSHIP) is None


def test_person_without_membership_is_told_so(client_for):
    page = client_for("no_membership").get(reverse("site:dashboard")).content.decode()
    assert "You do not have a role in any organisation yet" in page


def test_navigation_follows_the_role(client_for):
    ig_page = client_for("ig").get(reverse("site:dashboard")).content.decode()
    dsl_page = client_for("dsl").get(reverse("site:dashboard")).content.decode()
    admin_page = client_for("sysadmin").get(reverse("site:dashboard")).content.decode()
    assert 'href="/audit/"' in ig_page and 'href="/audit/"' not in dsl_page
    assert 'href="/admin/"' in admin_page and 'href="/admin/"' not in dsl_page


def test_forbidden_page_gets_404_and_an_audit_entry(client_for, personas):
    response = client_for("dsl").get(reverse("governance:events"))
    assert response.status_code == 404
    event = AuditEvent.objects.get(action="access.denied")
    assert event.actor == personas["dsl"]
    assert event.details["path"] == "/audit/"


def test_admin_is_for_system_administrators_only(client_for, personas):
    assert client_for("sysadmin").get("/admin/").status_code == 200
    assert client_for("dsl").get("/admin/").status_code == 404
    assert client_for("anonymous").get("/admin/")["Location"].startswith("/account/login/")
    assert AuditEvent.objects.filter(action="access.denied", actor=personas["dsl"]).exists()


def test_admin_deactivation_goes_through_the_service(client_for, personas):
    target = personas["staff"]
    response = client_for("sysadmin").post(
        f"/admin/accounts/user/{target.pk}/change/",
        {
            "email": target.email,
            "full_name": target.full_name,
            "job_title": "",
            "is_staff": "",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-id": target.memberships.get().pk,
            "memberships-0-user": target.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    target.refresh_from_db()
    assert target.is_active is False
    assert AuditEvent.objects.filter(action="user.deactivated", object_id=str(target.pk)).exists()
    assert AuditEvent.objects.filter(action="admin.changed", object_id=str(target.pk)).exists()


def test_audit_log_page_lists_events_for_information_governance(client_for, personas):
    client_for("dsl").get(reverse("governance:events"))  # leaves an access.denied entry
    response = client_for("ig").get(reverse("governance:events"), {"action": "access."})
    assert response.status_code == 200
    assert b"access.denied" in response.content
    assert AuditEvent.objects.filter(action="audit.viewed", actor=personas["ig"]).exists()


def test_audit_log_filter_errors_are_shown(client_for):
    response = client_for("ig").get(reverse("governance:events"), {"on": "31/02/2026"})
    assert b"Enter a real date" in response.content
    assert b"govuk-error-summary" in response.content


def test_audit_check_button_reports_the_chain(client_for):
    response = client_for("ig").post(reverse("governance:verify"), follow=True)
    assert b"The audit log is intact" in response.content


def test_only_the_closest_navigation_item_is_current():
    from prevent_casework.navigation import items_for

    path = reverse("preliminary:requests")
    current = [item["text"] for item in items_for("dsl", path) if item["current"]]
    assert current == ["Information requests"]
    assert [item["text"] for item in items_for("dsl", reverse("referrals:mine")) if item["current"]] == ["Referrals"]
