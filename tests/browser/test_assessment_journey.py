"""Journey: the coordinator completes two vulnerability assessments of a referral in preliminary assessment, compares
them, and reads each dimension's judgement over time as a chart and as a table. Every page is checked with axe."""

import pytest

from assessments.framework_data import ensure_shipped_framework
from assessments.models import Assessment
from tests.test_assessment import in_assessment

from .conftest import assert_accessible, screenshot
from .helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _complete(page, referral, framework, *, level: str, judgement: str, day: str, grievance: str) -> None:
    page.goto(f"/vulnerability-assessments/referral/{referral.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Start an assessment").click()
    page.wait_for_url("**/edit/")
    assert_accessible(page)
    page.locator("#id_assessed_on_0").fill(day)
    page.locator("#id_assessed_on_1").fill("1")
    page.locator("#id_assessed_on_2").fill("2026")
    levels = {lvl.label: str(lvl.pk) for lvl in framework.levels.all()}
    for factor in framework.factors.all():
        chosen = grievance if factor.code == "grievance" else level
        page.locator(f'input[name="rating_{factor.pk}"][value="{levels[chosen]}"]').check()
    for dimension in framework.dimensions.all():
        page.locator(f'input[name="judgement_{dimension.pk}"][value="{judgement}"]').check()
        page.locator(f"#id_rationale_{dimension.pk}").fill(f"Rationale for {dimension.title}.")
    page.get_by_label("Summary conclusion").fill("Engaging with mentoring.")
    page.get_by_role("button", name="Complete assessment").click()
    page.wait_for_load_state()
    assert "is complete" in page.content()
    assert_accessible(page)


def test_coordinator_completes_two_assessments_compares_them_and_reads_the_chart(page, personas):
    framework = ensure_shipped_framework()
    referral = in_assessment(personas)
    coordinator = personas["coordinator"]

    sign_in(page, coordinator.email)
    page.goto(f"/referrals/{referral.pk}/assessment/")
    page.get_by_role("link", name="Vulnerability assessments with the framework").click()
    page.wait_for_url(f"**/vulnerability-assessments/referral/{referral.pk}/")

    # A completion with something missing is refused, with the reason on the page; the draft is kept.
    page.get_by_role("button", name="Start an assessment").click()
    page.wait_for_url("**/edit/")
    page.get_by_role("button", name="Complete assessment").click()
    page.wait_for_load_state()
    assert "There is a problem" in page.content() and "Write the summary conclusion" in page.content()
    assert_accessible(page)
    Assessment.objects.all().delete()

    _complete(page, referral, framework, level="Not present", judgement="low", day="5", grievance="Not known")
    _complete(
        page, referral, framework, level="Not present", judgement="moderate", day="20", grievance="Partly present"
    )
    first, second = Assessment.objects.order_by("pk")
    assert first.status == second.status == "completed"

    page.goto(f"/vulnerability-assessments/referral/{referral.pk}/")
    assert page.locator("#last-assessment").inner_text() == "Last assessment on 20 January 2026."
    assert "They are not added up or turned into a score" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Compare two assessments").click()
    page.get_by_label("Earlier assessment").select_option(str(first.pk))
    page.get_by_label("Later assessment").select_option(str(second.pk))
    page.get_by_role("button", name="Compare").click()
    page.wait_for_load_state()
    changed = page.locator("tr.app-changed")
    assert changed.count() == 4  # grievance, and the judgement of each of the three dimensions
    assert "Feelings of grievance and injustice" in changed.nth(1).inner_text()
    assert_accessible(page)
    screenshot(page, "assessment-compare")

    page.get_by_role("link", name="Judgements over time").click()
    page.wait_for_load_state()
    chart = page.get_by_role("img", name="Judgement of engagement at each assessment")
    assert chart.count() == 1
    table = page.locator("#table-engagement")
    assert "5 January 2026" in table.inner_text() and "Moderate" in table.inner_text()
    assert_accessible(page)
    screenshot(page, "assessment-chart")
