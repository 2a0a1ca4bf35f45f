"""Vulnerability assessments (policy 2.2, 2.3, 2.8): the framework as versioned data, assessments with their
completion rules, corrections, comparison, the chart, access, and no scoring anywhere."""

from __future__ import annotations

import datetime
import html
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments import selectors
from assessments.framework_data import SHIPPED, ensure_shipped_framework
from assessments.models import Assessment, Factor, FrameworkVersion, PublishedFrameworkChange, RatingLevel
from assessments.rules import NO_SCORE
from assessments.services import (
    AdditionalChange,
    AssessmentChanges,
    AssessmentInvalid,
    JudgementChange,
    RatingChange,
    assessment_correct,
    assessment_save,
    assessment_start,
    framework_copy_as_draft,
    framework_publish,
)
from audit.models import AuditEvent
from core.access import NotPermitted
from core.state_machine import IllegalTransition
from organisations.roles import Role

from .personas import Personas
from .refusals import assert_refused, not_allowed
from .test_assessment import in_assessment
from .test_screening import client_as, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(db: None) -> FrameworkVersion:
    return ensure_shipped_framework()


def full_changes(assessment: Assessment, *, level: str = "not_known", judgement: str = "low", **extra: Any):
    version = assessment.version
    chosen = RatingLevel.objects.get(version=version, code=level)
    return AssessmentChanges(
        assessed_on=extra.get("assessed_on", datetime.date(2026, 1, 5)),
        assessors="A Coordinator, Prevent coordinator",
        summary="Summary.",
        ratings={f.pk: RatingChange(level=chosen.pk, evidence="Seen.") for f in version.factors.all()},
        judgements={d.pk: JudgementChange(judgement=judgement, rationale="Why.") for d in version.dimensions.all()},
    )


def completed(personas: Personas, referral, framework, **kwargs: Any) -> Assessment:
    coordinator = personas.membership("coordinator")
    assessment = assessment_start(referral=referral, acting=coordinator, version=framework)
    return assessment_save(
        assessment=assessment, acting=coordinator, changes=full_changes(assessment, **kwargs), complete=True
    )


# --- the framework as data ---------------------------------------------------------------------------------------


def test_the_shipped_framework_has_22_factors_in_13_6_3_and_4_rating_levels(framework):
    assert framework.status == FrameworkVersion.Status.PUBLISHED
    assert framework.name == "Channel vulnerability assessment framework"
    counts = {d.code: d.factors.count() for d in framework.dimensions.all()}
    assert counts == {"engagement": 13, "intent": 6, "capability": 3}
    assert framework.factors.count() == 22
    assert [level.label for level in framework.levels.all()] == [
        "Not known", "Not present", "Partly present", "Strongly present",
    ]  # fmt: skip
    assert all(f.guidance for f in framework.factors.all())
    assert not any(re.search(r"score|point", f.guidance, re.I) for f in framework.factors.all())


def test_load_framework_is_idempotent(framework):
    call_command("load_framework", str(SHIPPED))
    call_command("load_framework", str(SHIPPED))
    assert FrameworkVersion.objects.count() == 1
    assert Factor.objects.count() == 22


def test_a_published_version_and_its_parts_never_change(framework):
    factor = framework.factors.first()
    factor.title = "Changed"
    with pytest.raises(PublishedFrameworkChange):
        factor.save()
    framework.notes = "Changed"
    with pytest.raises(PublishedFrameworkChange):
        framework.save()
    with pytest.raises(PublishedFrameworkChange):
        framework.levels.first().delete()


def test_admin_shows_a_published_version_read_only_and_refuses_changes(personas, framework):
    client = client_as(personas, "sysadmin")
    url = reverse("admin:assessments_frameworkversion_change", args=[framework.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(url, {"name": "Other", "version_label": "1"}).status_code == 403
    framework.refresh_from_db()
    assert framework.name == "Channel vulnerability assessment framework"


def test_admin_copy_and_publish_leaves_old_assessments_with_their_own_factors(personas, framework):
    referral = in_assessment(personas)
    old = completed(personas, referral, framework)
    client = client_as(personas, "sysadmin")
    changelist = reverse("admin:assessments_frameworkversion_changelist")
    client.post(changelist, {"action": "copy_as_draft", "_selected_action": [framework.pk]})
    draft = FrameworkVersion.objects.get(status="draft")
    assert draft.version_label == "2" and draft.factors.count() == 22
    renamed = draft.factors.get(code="grievance")
    renamed.title = "Grievance (reworded)"
    renamed.save()
    Factor.objects.create(
        version=draft, dimension=draft.dimensions.get(code="engagement"), code="new_factor", title="A new factor"
    )
    client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_by == personas["sysadmin"]
    old.refresh_from_db()
    assert old.version == framework and old.ratings.count() == 22
    page = text(client_as(personas, "coordinator").get(reverse("assessments:detail", args=[old.pk])))
    assert "Feelings of grievance and injustice" in page
    assert "Grievance (reworded)" not in page and "A new factor" not in page
    assert selectors.published_versions().first() == draft  # new assessments default to the newest


# --- assessments: rules ---------------------------------------------------------------------------------------------


def test_an_assessment_against_an_unpublished_version_is_refused(personas, framework):
    draft = framework_copy_as_draft(version=framework, acting=personas.membership("sysadmin"))
    referral = in_assessment(personas)
    with pytest.raises(AssessmentInvalid) as refused:
        assessment_start(referral=referral, acting=personas.membership("coordinator"), version=draft)
    assert "not published" in refused.value.problems["version"]
    page = client_as(personas, "coordinator").post(
        reverse("assessments:start", args=[referral.pk]), {"version": draft.pk}
    )
    assert page.status_code == 200 and "not published" in text(page)
    assert not Assessment.objects.exists()


def test_completion_needs_every_factor_rated_every_dimension_judged_and_a_summary(personas, framework):
    coordinator = personas.membership("coordinator")
    assessment = assessment_start(referral=in_assessment(personas), acting=coordinator, version=framework)
    changes = full_changes(assessment)
    first = framework.factors.first()
    changes.ratings[first.pk] = RatingChange(level=None)
    engagement = framework.dimensions.get(code="engagement")
    changes.judgements[engagement.pk] = JudgementChange(judgement="moderate", rationale="")
    changes.summary = ""
    with pytest.raises(AssessmentInvalid) as refused:
        assessment_save(assessment=assessment, acting=coordinator, changes=changes, complete=True)
    assert refused.value.saved
    assert set(refused.value.problems) == {f"rating_{first.pk}", f"rationale_{engagement.pk}", "summary"}
    assessment.refresh_from_db()
    assert assessment.status == "draft"
    assert assessment.judgements.get(dimension=engagement).judgement == "moderate"  # the draft was saved


def test_a_rating_outside_the_versions_scale_is_refused(personas, framework):
    coordinator = personas.membership("coordinator")
    other = framework_copy_as_draft(version=framework, acting=personas.membership("sysadmin"))
    assessment = assessment_start(referral=in_assessment(personas), acting=coordinator, version=framework)
    changes = full_changes(assessment)
    factor = framework.factors.first()
    changes.ratings[factor.pk] = RatingChange(level=other.levels.first().pk)
    with pytest.raises(AssessmentInvalid) as refused:
        assessment_save(assessment=assessment, acting=coordinator, changes=changes)
    assert "scale" in refused.value.problems[f"rating_{factor.pk}"]
    page = client_as(personas, "coordinator").post(
        reverse("assessments:edit", args=[assessment.pk]),
        {"assessed_on_0": "5", "assessed_on_1": "1", "assessed_on_2": "2026", f"rating_{factor.pk}": "999999"},
    )
    assert page.status_code == 200
    assert "Choose a rating from this framework version" in text(page)


def test_a_completed_assessment_cannot_be_edited(personas, framework):
    assessment = completed(personas, in_assessment(personas), framework)
    with pytest.raises(IllegalTransition):
        assessment_save(
            assessment=assessment, acting=personas.membership("coordinator"), changes=full_changes(assessment)
        )
    client = client_as(personas, "coordinator")
    response = client.post(reverse("assessments:edit", args=[assessment.pk]), {"summary": "Changed"}, follow=True)
    assert "is completed and cannot be changed" in text(response)
    assessment.refresh_from_db()
    assert assessment.summary == "Summary."


def test_added_factors_are_kept_with_the_assessment(personas, framework):
    coordinator = personas.membership("coordinator")
    assessment = assessment_start(referral=in_assessment(personas), acting=coordinator, version=framework)
    changes = full_changes(assessment)
    level = framework.levels.get(code="partly_present")
    changes.additional = [
        AdditionalChange(pk=None, dimension=framework.dimensions.get(code="intent").pk, title="Online", level=level.pk)
    ]
    assessment_save(assessment=assessment, acting=coordinator, changes=changes, complete=True)
    extra = assessment.additional_factors.get()
    assert extra.title == "Online" and extra.level == level


def test_a_correction_is_a_new_version_and_keeps_the_old_one(personas, framework):
    coordinator = personas.membership("coordinator")
    original = completed(personas, in_assessment(personas), framework)
    with pytest.raises(AssessmentInvalid):
        assessment_correct(assessment=original, acting=coordinator, reason=" ")
    correction = assessment_correct(assessment=original, acting=coordinator, reason="Wrong date.")
    assert correction.supersedes == original and correction.status == "draft"
    assert correction.ratings.count() == 22 and correction.summary == "Summary."
    assert assessment_correct(assessment=original, acting=coordinator, reason="Again.") == correction
    assessment_save(
        assessment=correction, acting=coordinator,
        changes=full_changes(correction, assessed_on=datetime.date(2026, 1, 6)), complete=True,
    )  # fmt: skip
    original.refresh_from_db()
    assert original.status == "superseded" and original.summary == "Summary."
    assert selectors.current_assessments(original.referral) == [correction]


# --- change over time -------------------------------------------------------------------------------------------


def test_the_comparison_names_every_change(personas, framework):
    referral = in_assessment(personas)
    first = completed(personas, referral, framework, level="not_present", judgement="low")
    second = assessment_start(referral=referral, acting=personas.membership("coordinator"), version=framework)
    changes = full_changes(second, level="not_present", judgement="low", assessed_on=datetime.date(2026, 3, 1))
    grievance, them_and_us = framework.factors.get(code="grievance"), framework.factors.get(code="them_and_us")
    strongly = framework.levels.get(code="strongly_present")
    changes.ratings[grievance.pk] = RatingChange(level=strongly.pk)
    changes.ratings[them_and_us.pk] = RatingChange(level=framework.levels.get(code="partly_present").pk)
    changes.judgements[framework.dimensions.get(code="intent").pk] = JudgementChange("moderate", "More.")
    assessment_save(assessment=second, acting=personas.membership("coordinator"), changes=changes, complete=True)
    page = client_as(personas, "police").get(
        reverse("assessments:compare", args=[referral.pk]), {"a": first.pk, "b": second.pk}
    )
    assert page.status_code == 200
    changed_rows = re.findall(r'<tr class="govuk-table__row app-changed">(.*?)</tr>', page.content.decode(), re.S)
    names = sorted(html.unescape(re.search(r"<th[^>]*>(.*?)</th>", row, re.S).group(1).strip()) for row in changed_rows)
    assert names == sorted(
        ["Feelings of grievance and injustice", "\u2018Them and us\u2019 thinking", "Judgement of intent"]
    )
    assert text(page).count(">Changed</strong>") == 3


def test_factors_of_another_version_show_as_not_in_this_version(personas, framework):
    referral = in_assessment(personas)
    first = completed(personas, referral, framework)
    newer = framework_copy_as_draft(version=framework, acting=personas.membership("sysadmin"))
    Factor.objects.create(
        version=newer, dimension=newer.dimensions.get(code="capability"), code="new_factor", title="A new factor"
    )
    newer = framework_publish(version=newer, acting=personas.membership("sysadmin"))
    second = completed(personas, referral, newer)
    page = text(
        client_as(personas, "coordinator").get(
            reverse("assessments:compare", args=[referral.pk]), {"a": first.pk, "b": second.pk}
        )
    )
    assert re.search(r"A new factor</th>\s*<td[^>]*>Not in this version</td>", page)


def test_the_chart_is_an_accessible_svg_with_a_table_of_the_same_data(personas, framework):
    referral = in_assessment(personas)
    completed(personas, referral, framework, judgement="low")
    completed(personas, referral, framework, judgement="high", assessed_on=datetime.date(2026, 4, 1))
    page = client_as(personas, "coordinator").get(reverse("assessments:chart", args=[referral.pk]))
    html = page.content.decode()
    assert html.count('role="img"') == 3
    assert 'aria-labelledby="chart-engagement-title chart-engagement-desc"' in html
    svg = re.findall(r"<svg.*?</svg>", html, re.S)
    assert svg and not any("style=" in part for part in svg)
    table = re.search(r'<table class="govuk-table" id="table-engagement">.*?</table>', html, re.S).group(0)
    assert "5 January 2026" in table and "1 April 2026" in table and "Low" in table and "High" in table


def test_the_list_shows_the_last_assessment_and_flags_it_when_older_than_the_last_panel(
    personas, framework, monkeypatch
):
    referral = in_assessment(personas)
    completed(personas, referral, framework)
    client = client_as(personas, "coordinator")
    url = reverse("assessments:list", args=[referral.pk])
    page = text(client.get(url))
    assert "Last assessment on" in page and "5 January 2026" in page
    assert 'id="out-of-date"' not in page  # no panel meetings yet: last_panel_meeting_for is None
    assert selectors.last_panel_meeting_for(referral) is None
    monkeypatch.setattr(selectors, "last_panel_meeting_for", lambda referral: datetime.date(2026, 2, 1))
    assert 'id="out-of-date"' in text(client.get(url))
    monkeypatch.setattr(selectors, "last_panel_meeting_for", lambda referral: datetime.date(2026, 1, 1))
    assert 'id="out-of-date"' not in text(client.get(url))


def test_the_list_records_one_list_read_with_the_assessments_shown(personas, framework):
    referral = in_assessment(personas)
    first = completed(personas, referral, framework)
    second = completed(personas, referral, framework, assessed_on=datetime.date(2026, 2, 1))
    client_as(personas, "coordinator").get(reverse("assessments:list", args=[referral.pk]))
    event = AuditEvent.objects.filter(action="read.list").latest("sequence")
    assert event.actor == personas["coordinator"] and event.object_type == "assessments.assessment"
    shown = [assessment.pk for assessment in selectors.assessments_of(referral)]
    assert sorted(shown) == sorted([first.pk, second.pk])
    assert event.details == {"what": "vulnerability_assessments", "ids": shown, "count": 2, "referral": referral.pk}


# --- no profiling -----------------------------------------------------------------------------------------------


def _keys(value: Any, found: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            found.add(str(key).lower())
            _keys(inner, found)
    elif isinstance(value, list | tuple):
        for inner in value:
            _keys(inner, found)
    return found


def test_no_page_adds_ratings_up_or_shows_a_score(personas, framework):
    referral = in_assessment(personas)
    first = completed(personas, referral, framework, level="strongly_present")
    second = completed(personas, referral, framework, level="partly_present", assessed_on=datetime.date(2026, 2, 1))
    client = client_as(personas, "coordinator")
    urls = [
        reverse("assessments:list", args=[referral.pk]),
        reverse("assessments:detail", args=[first.pk]),
        reverse("assessments:chart", args=[referral.pk]),
        reverse("assessments:compare", args=[referral.pk]) + f"?a={first.pk}&b={second.pk}",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        keys = set()
        for context in response.context:
            _keys(context.flatten(), keys)
        keys.discard("no_score")  # the sentence saying there is no score
        assert not {k for k in keys if re.search(r"score|total|sum|rank|risk|count", k)}, url
        page = text(response).replace(NO_SCORE, "").replace('id="no-score"', "")
        assert NO_SCORE in text(response)
        assert not re.search(r"\b(score|total|ranking|points)\b", page, re.I), url
        assert not re.search(r"\b(22|13|6|3) (of|out of|/)", page), url  # no counts of ratings


# --- access -----------------------------------------------------------------------------------------------------


def test_who_sees_and_who_writes(personas, framework):
    referral = in_assessment(personas)
    assessment = completed(personas, referral, framework)
    list_url = reverse("assessments:list", args=[referral.pk])
    detail_url = reverse("assessments:detail", args=[assessment.pk])
    for name in ("coordinator", "chair", "police"):
        assert client_as(personas, name).get(list_url).status_code == 200
        assert client_as(personas, name).get(detail_url).status_code == 200
    # The police read only: no starting or correcting.
    police = client_as(personas, "police")
    assert police.post(reverse("assessments:start", args=[referral.pk])).status_code == 404
    assert police.post(reverse("assessments:correct", args=[assessment.pk]), {"correct-reason": "x"}).status_code == 404
    # The referring school sees its referral, not its assessments; other areas see nothing.
    for name in ("dsl", "headteacher", "other_dsl", "other_police", "panel_member", "ig"):
        assert client_as(personas, name).get(list_url).status_code == 404, name
        assert client_as(personas, name).get(detail_url).status_code == 404, name


# --- who may write: the services refuse anyone else, in the audit log ----------------------------------------------


def test_the_police_read_assessments_but_may_not_write_them(personas, framework):
    referral = in_assessment(personas)
    with pytest.raises(NotPermitted):
        assessment_start(referral=referral, acting=personas.membership("police"), version=framework)
    assert_refused(personas, "police", service="assessment_start", reason=not_allowed(Role.POLICE_PREVENT_OFFICER))
    assert not Assessment.objects.exists()
    draft = assessment_start(referral=referral, acting=personas.membership("coordinator"), version=framework)
    with pytest.raises(NotPermitted):
        assessment_save(assessment=draft, acting=personas.membership("police"), changes=full_changes(draft))
    draft.refresh_from_db()
    assert draft.summary == "" and draft.status == Assessment.Status.DRAFT


def test_only_a_system_administrator_publishes_a_framework_version(personas, framework):
    draft = framework_copy_as_draft(version=framework, acting=personas.membership("sysadmin"))
    with pytest.raises(NotPermitted):
        framework_publish(version=draft, acting=personas.membership("coordinator"))
    assert_refused(
        personas, "coordinator", service="framework_publish", reason=not_allowed(Role.LA_PREVENT_COORDINATOR)
    )
    draft.refresh_from_db()
    assert draft.status == FrameworkVersion.Status.DRAFT
