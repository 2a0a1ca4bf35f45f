"""The named rules that guard the state machines' transitions, one by one: the case each allows and the case each
refuses, with its reason; and the machines asking them."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from cases.models import ChannelCase
from concerns.models import Concern
from concerns.rules import files_go_on_a_draft_only_from_its_author, written_by_the_acting_user
from concerns.states import CONCERN_STATES
from people.services import person_create
from preliminary.models import InformationRequest
from preliminary.rules import answered_once
from referrals.models import Referral
from referrals.rules import concern_of_the_same_person_and_organisation, no_channel_case_yet
from referrals.services import referral_start
from referrals.states import REFERRAL_STATES

AUTHOR, SOMEONE_ELSE = User(pk=1), User(pk=2)


def test_written_by_the_acting_user():
    concern = Concern(status=Concern.Status.DRAFT, raised_by_id=AUTHOR.pk)
    assert written_by_the_acting_user(concern, acting_user=AUTHOR) is None
    assert written_by_the_acting_user(concern, acting_user=SOMEONE_ELSE) == (
        "Only the author can change or submit a draft concern."
    )
    assert CONCERN_STATES.may("edit", concern, acting_user=AUTHOR)
    assert CONCERN_STATES.check("submit", concern, acting_user=SOMEONE_ELSE) == [
        "Only the author can change or submit a draft concern."
    ]
    submitted = Concern(status=Concern.Status.SUBMITTED, raised_by_id=AUTHOR.pk)
    assert CONCERN_STATES.check("edit", submitted, acting_user=AUTHOR) == [
        "Only the author can change a draft, and only before it is submitted."
    ]


def test_files_go_on_a_draft_only_from_its_author():
    draft = Concern(status=Concern.Status.DRAFT, raised_by_id=AUTHOR.pk)
    assert files_go_on_a_draft_only_from_its_author(draft, acting_user=AUTHOR) is None
    assert files_go_on_a_draft_only_from_its_author(draft, acting_user=SOMEONE_ELSE) == (
        "Only the author can add files to a draft concern."
    )
    submitted = Concern(status=Concern.Status.IN_TRIAGE, raised_by_id=AUTHOR.pk)
    assert files_go_on_a_draft_only_from_its_author(submitted, acting_user=SOMEONE_ELSE) is None
    assert not CONCERN_STATES.may("attach", draft, acting_user=SOMEONE_ELSE)
    assert CONCERN_STATES.may("attach", submitted, acting_user=SOMEONE_ELSE)


def test_concern_of_the_same_person_and_organisation():
    referral = Referral(status=Referral.Status.DRAFT, organisation_id=1, subject_id=10)
    ok = Concern(status=Concern.Status.DECIDED, organisation_id=1, subject_id=10)
    refused = "Only the organisation's concerns about the same person can be linked"
    assert concern_of_the_same_person_and_organisation(referral, concern=ok) is None
    for other in (
        Concern(status=Concern.Status.DECIDED, organisation_id=2, subject_id=10),  # another organisation's
        Concern(status=Concern.Status.DECIDED, organisation_id=1, subject_id=11),  # about someone else
        Concern(status=Concern.Status.DRAFT, organisation_id=1, subject_id=10),  # not submitted
    ):
        assert concern_of_the_same_person_and_organisation(referral, concern=other) == refused
    assert REFERRAL_STATES.check("link_concern", referral, concern=ok) == []
    sent = Referral(status=Referral.Status.SUBMITTED, organisation_id=1, subject_id=10)
    assert REFERRAL_STATES.check("link_concern", sent, concern=ok) == [
        "A referral cannot be changed once it has been sent."
    ]


@pytest.mark.django_db
def test_no_channel_case_yet(personas):
    person = person_create(
        acting=personas.membership("dsl"),
        organisation=personas.organisation("school"),
        given_name="Max",
        family_name="Sample",
        date_of_birth=datetime.date(2010, 1, 1),
    )
    referral = referral_start(
        acting=personas.membership("dsl"), organisation=personas.organisation("school"), subject=person, concerns=[]
    )
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.CHANNEL)
    referral = Referral.objects.get(pk=referral.pk)
    assert no_channel_case_yet(referral) is None
    assert REFERRAL_STATES.may("open_channel_case", referral)
    ChannelCase.objects.create(referral=referral, area=referral.area, subject=referral.subject)
    referral = Referral.objects.get(pk=referral.pk)
    assert no_channel_case_yet(referral) == "This referral already has a Channel case."
    assert REFERRAL_STATES.check("open_channel_case", referral) == ["This referral already has a Channel case."]
    referral.status = Referral.Status.PRELIMINARY_ASSESSMENT
    assert REFERRAL_STATES.check("open_channel_case", referral) == [
        "A Channel case opens only for a referral accepted for Channel."
    ]


def test_answered_once():
    assert answered_once(InformationRequest(answered_at=None)) is None
    assert answered_once(InformationRequest(answered_at=timezone.now())) == "This request has already been answered."
