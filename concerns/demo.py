"""Demo concerns at each stage, at the demo schools. Every name is fictional."""

from __future__ import annotations

import datetime

from django.utils import timezone

from organisations.models import Membership, Organisation
from people.models import Person
from people.services import household_member_add, person_create

from .models import Concern
from .services import addendum_add, concern_save_draft, concern_start, concern_submit


def _member(email: str, organisation: Organisation) -> Membership:
    """The demo person's membership of `organisation`: what the services act in."""
    return (
        Membership.objects.current()
        .select_related("user", "organisation")
        .get(user__email=email, organisation=organisation)
    )


def _person(author: Membership, given: str, family: str, born: datetime.date) -> Person:
    return person_create(
        acting=author, organisation=author.organisation, given_name=given, family_name=family, date_of_birth=born
    )


def _concern(author: Membership, person: Person, *, submit: bool = True, **answers: object) -> Concern:
    concern = concern_start(acting=author, organisation=author.organisation, subject=person)
    concern = concern_save_draft(concern=concern, acting=author, changes=answers, expected_version=None)
    if submit:
        concern = concern_submit(concern=concern, acting=author, expected_version=None)
    return concern


def load() -> list[str]:
    if Concern.objects.exists():
        return []
    hollybank = Organisation.objects.get(name="Hollybank Infant School")
    marshview = Organisation.objects.get(name="Marshview Academy")
    teacher = _member("teacher@hollybank.example.org", hollybank)
    dsl = _member("dsl@hollybank.example.org", hollybank)
    marsh_dsl = _member("dsl@marshview.example.org", marshview)
    today = timezone.localdate()

    def days_ago(n: int) -> datetime.date:
        return today - datetime.timedelta(days=n)

    rowan = _person(teacher, "Rowan", "Testperson", datetime.date(2019, 2, 14))
    household_member_add(
        person=rowan,
        acting=dsl,
        name="Casey Testperson",
        relationship="parent",
        has_parental_responsibility=True,
        lives_with_person=True,
        contact_details="07700 900123",
    )
    _concern(
        teacher,
        rowan,
        observed_on=days_ago(20),
        location="Reception classroom",
        account="During circle time Rowan said that people from a different group are 'all bad' and 'should be sent "
        "away'. He repeated a word I did not know and said his cousin taught it to him.",
        indicators=["int_derogatory_labels"],
        actions_taken="Spoke calmly with Rowan; told the DSL at lunch.",
        immediate_risk="no",
    )
    latest = _concern(
        teacher,
        rowan,
        observed_on=days_ago(2),
        location="Playground",
        account="Rowan drew a symbol on his hand and told other children it was 'our team's sign'. He said videos "
        "on his cousin's phone show 'what happens to the bad people'.",
        indicators=["eng_material_symbols", "eng_recruiting", "int_condoning_violence"],
        actions_taken="Asked Rowan to wash his hand; photographed nothing; told the DSL in person.",
        immediate_risk="no",
    )
    addendum_add(concern=latest, acting=teacher, text="Rowan's parent mentioned the cousin is staying with them.")

    skye = _person(teacher, "Skye", "Samplename", datetime.date(2018, 9, 1))
    _concern(
        teacher,
        skye,
        observed_on=today,
        location="School gate",
        account="An adult collecting Skye shouted threats about 'settling it' with another family tonight.",
        indicators=["int_condoning_violence"],
        actions_taken="Called 999 and told the headteacher in person.",
        immediate_risk="yes",
    )

    jude = _person(teacher, "Jude", "Exampleson", datetime.date(2019, 6, 30))
    _concern(
        teacher,
        jude,
        submit=False,
        observed_on=today,
        location="Lunch hall",
        account="Started writing this after lunch",
    )

    ellis = _person(marsh_dsl, "Ellis", "Demonstration", datetime.date(2011, 11, 11))
    _concern(
        marsh_dsl,
        ellis,
        observed_on=days_ago(5),
        location="Online, school chat group",
        account="Ellis shared a video praising an attack and wrote that 'someone should do it here'.",
        indicators=["eng_communications", "int_justify_offending"],
        actions_taken="Saved a screenshot.",
        immediate_risk="no",
    )
    return ["5 concerns at Hollybank Infant School and Marshview Academy"]
