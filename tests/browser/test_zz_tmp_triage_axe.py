import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.test_triage import _concern, _person, _read

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_tmp(page, personas, live_server):
    dsl = personas["dsl"]
    person = _person(personas)
    second = _read(_concern(personas, person, urgent=True), dsl)
    client = Client()
    client.force_login(dsl, backend="allauth.account.auth_backends.AuthenticationBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page.goto(reverse("triage:queue"))
    assert_accessible(page)
    page.screenshot(path="/tmp/shots/queue.png", full_page=True)
    page.goto(reverse("triage:concern", args=[second.pk]))
    page.get_by_role("button", name="Save the consent position").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Not sought: the family may be implicated").check()
    page.get_by_role("button", name="Save the consent position").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.screenshot(path="/tmp/shots/consent_error.png", full_page=True)
    page.locator("#id_decide-review_on_0").fill("")
    page.get_by_label("Prevent referral").check()
    page.get_by_label("Why did you decide this?").fill("Serious.\nRefer.")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.screenshot(path="/tmp/shots/decided.png", full_page=True)
    page.get_by_role("button", name="Reopen the decision").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Why are you reopening this decision?").fill("New facts.")
    page.get_by_role("button", name="Reopen the decision").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.screenshot(path="/tmp/shots/reopened.png", full_page=True)
