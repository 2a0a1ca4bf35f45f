"""Demo concerns at each stage, at the demo schools. Every name is fictional."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from organisations.models import Organisation
from people.models import Person
from people.services import household_member_add, person_create

from .models import Concern
from .services import addendum_add, concern_save_draft, concern_start, concern_submit


def _user(email: str) -> User:
    return User.objects.get(email=email)


def _person(author: User, school: Organisation, given: str, family: str, born: datetime.date) -> Person:
    return person_create(
        acting_user=author, organisation=school, given_name=given, family_name=family, date_of_birth=born
    )


def _concern(author: User, school: Organisation, person: Person, *, submit: bool = True, **answers: object) -> Concern:
    concern = concern_start(acting_user=author, organisation=school, subject=person)
    concern = concern_save_draft(concern=concern, acting_user=author, changes=answers, expected_version=None)
    if submit:
        concern = concern_submit(concern=concern, acting_user=author, expected_version=None)
    return concern


def load() -> list[str]:
    if Concern.objects.exists():
        return []
    hollybank = Organisation.objects.get(name="Hollybank Infant School")
    marshview = Organisation.objects.get(name="Marshview Academy")
    teacher = _user("teacher@hollybank.example.org")
    dsl = _user("dsl@hollybank.example.org")
    marsh_dsl = _user("dsl@marshview.example.org")
    today = timezone.localdate()

    def days_ago(n: int) -> datetime.date:
        return today - datetime.timedelta(days=n)

    rowan = _person(teacher, hollybank, "Rowan", "Testperson", datetime.date(2019, 2, 14))
    household_member_add(
        person=rowan,
        acting_user=dsl,
        name="Casey Testperson",
        relationship="parent",
        has_parental_responsibility=True,
        lives_with_person=True,
        contact_details="07700 900123",
    )
    _concern(
        teacher,
        hollybank,
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
        hollybank,
        rowan,
        observed_on=days_ago(2),
        location="Playground",
        account="Rowan drew a symbol on his hand and told other children it was 'our team's sign'. He said videos "
        "on his cousin's phone show 'what happens to the bad people'.",
        indicators=["eng_material_symbols", "eng_recruiting", "int_condoning_violence"],
        actions_taken="Asked Rowan to wash his hand; photographed nothing; told the DSL in person.",
        immediate_risk="no",
    )
    addendum_add(concern=latest, acting_user=teacher, text="Rowan's parent mentioned the cousin is staying with them.")

    skye = _person(teacher, hollybank, "Skye", "Samplename", datetime.date(2018, 9, 1))
    _concern(
        teacher,
        hollybank,
        skye,
        observed_on=today,
        location="School gate",
        account="An adult collecting Skye shouted threats about 'settling it' with another family tonight.",
        indicators=["int_condoning_violence"],
        actions_taken="Called 999 and told the headteacher in person.",
        immediate_risk="yes",
    )

    jude = _person(teacher, hollybank, "Jude", "Exampleson", datetime.date(2019, 6, 30))
    _concern(
        teacher,
        hollybank,
        jude,
        submit=False,
        observed_on=today,
        location="Lunch hall",
        account="Started writing this after lunch",
    )

    ellis = _person(marsh_dsl, marshview, "Ellis", "Demonstration", datetime.date(2011, 11, 11))
    _concern(
        marsh_dsl,
        marshview,
        ellis,
        observed_on=days_ago(5),
        location="Online, school chat group",
        account="Ellis shared a video praising an attack and wrote that 'someone should do it here'.",
        indicators=["eng_communications", "int_justify_offending"],
        actions_taken="Saved a screenshot.",
        immediate_risk="no",
    )
    return ["5 concerns at Hollybank Infant School and Marshview Academy"]
