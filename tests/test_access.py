"""core.access.require_acting: a service refuses a membership that may not act, with a plain reason, in the audit log
and before it changes anything."""

from __future__ import annotations

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from core.access import NotPermitted, require_acting
from organisations.roles import Role

pytestmark = pytest.mark.django_db


def test_a_membership_in_one_of_the_roles_acts_as_its_user(personas):
    police = personas.membership("police")
    assert require_acting(police, service="screening_start", roles={Role.POLICE_PREVENT_OFFICER}) == personas["police"]
    assert not AuditEvent.objects.filter(action="service.refused").exists()


@pytest.mark.parametrize(
    ("persona", "kwargs", "reason"),
    [
        ("dsl", {}, "the role dsl may not do this"),
        ("police", {"area_of": "other_police"}, "the record belongs to another area"),
        ("police", {"organisation_of": "school"}, "the record belongs to another organisation"),
    ],
)
def test_a_membership_that_may_not_act_is_refused_and_audited(personas, persona, kwargs, reason):
    acting = personas.membership(persona)
    extra = {}
    if "area_of" in kwargs:
        extra["area_id"] = personas.organisation(kwargs["area_of"]).area_id
    if "organisation_of" in kwargs:
        extra["organisation_id"] = personas.organisation(kwargs["organisation_of"]).pk
    with pytest.raises(NotPermitted) as refused:
        require_acting(acting, service="screening_start", roles={Role.POLICE_PREVENT_OFFICER}, **extra)
    assert refused.value.reason == reason
    event = AuditEvent.objects.get(action="service.refused")
    assert event.actor == personas[persona]
    assert event.details == {"service": "screening_start", "reason": reason, "role": acting.role}


def test_an_ended_membership_and_no_membership_are_refused(personas):
    acting = personas.membership("police")
    acting.ended_at = timezone.now()
    with pytest.raises(NotPermitted, match="the membership has ended"):
        require_acting(acting, service="screening_start", roles={Role.POLICE_PREVENT_OFFICER})
    with pytest.raises(NotPermitted, match="no acting membership"):
        require_acting(None, service="screening_start", roles={Role.POLICE_PREVENT_OFFICER})
    assert AuditEvent.objects.filter(action="service.refused").count() == 2
