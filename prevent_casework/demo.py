"""Demo referrals at each step, from Hollybank Infant School to the Essex police Prevent team and council, and the
vulnerability assessment of the one accepted for Channel. The journey crosses stages through the hand-offs, so it
is loaded here, at the site level, after every stage's own demo data."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from assessments import demo as assessments_demo
from organisations.models import Membership, Organisation
from people.models import Person
from people.services import person_create
from preliminary.services import information_request_answer, information_request_send, preliminary_record
from referrals.models import Referral, SecureDomain
from referrals.services import referral_save_section, referral_start, referral_submit
from screening.services import screening_decide, screening_start

from .handoffs import preliminary_to_channel, screening_to_preliminary

SECTIONS = {
    "referrer_phone": "01632 960001",
    "personal_factors": "Lives with a parent and an older cousin who moved in recently. Doing well with reading.",
    "risk_factors": "Repeats hostile language about another group; talks about videos on the cousin's phone.",
    "protective_factors": "Warm relationship with the class teacher; parent engaged with the school.",
    "consent": "given",
    "consent_by": "parent",
}


def _membership(user: User, organisation: Organisation) -> Membership:
    """The demo person's membership in `organisation`: what the services take as `acting`."""
    return Membership.objects.current().select_related("user", "organisation").get(user=user, organisation=organisation)


def _send(dsl: Membership, school: Organisation, person: Person, reason: str, concern_type: str) -> Referral:
    referral = referral_start(acting=dsl, organisation=school, subject=person, concerns=person.concerns.all())
    referral = referral_save_section(
        referral=referral,
        acting=dsl,
        changes={**SECTIONS, "reason": reason},
        expected_version=None,
        concern_ids=list(person.concerns.exclude(status="draft").values_list("pk", flat=True)),
        concern_type_codes=[concern_type],
    )
    return referral_submit(
        referral=referral,
        acting=dsl,
        expected_version=None,
        power_to_share="ctsa_2015",
        necessity="The police Prevent team must screen the concern; only the referral form is shared.",
    )


def load() -> list[str]:
    if Referral.objects.exists():
        return []
    SecureDomain.objects.get_or_create(
        domain="secure.example.gov.uk",
        defaults={"description": "Demo secure domain (fictional)", "note": "Demo data: remove in production."},
    )
    school = Organisation.objects.get(name="Hollybank Infant School")
    health = Organisation.objects.get(name="Riverside Community Health NHS Trust")
    dsl = User.objects.get(email="dsl@hollybank.example.org")
    police = User.objects.get(email="prevent.officer@police.example.gov.uk")
    coordinator = User.objects.get(email="prevent.coordinator@essex.example.gov.uk")
    nurse = User.objects.get(email="panel.member@riverside-health.example.org")
    as_dsl = _membership(dsl, school)
    as_police = _membership(police, Organisation.objects.get(name="Essex Police Prevent Team"))
    as_coordinator = _membership(coordinator, Organisation.objects.get(name="Essex County Council"))
    as_nurse = _membership(nurse, health)
    today = timezone.localdate()

    # Rowan: screened, assessed with information from health, accepted for Channel.
    rowan = Person.objects.filter(concerns__organisation=school).order_by("pk").first()
    if rowan is None:
        return []
    first = _send(
        as_dsl,
        school,
        rowan,
        "Two concerns in three weeks: hostile language and a symbol shown to others.",
        "extreme_right_wing",
    )
    screening_start(referral=first, acting=as_police)
    screening_to_preliminary(
        referral=first,
        acting=as_police,
        checks_made="Police systems checked: the older cousin is known to the Prevent team.",
    )
    request = information_request_send(
        referral=first,
        acting=as_coordinator,
        organisation=health,
        question="Is the family known to health services? Any concerns about the child's wellbeing?",
        due_on=today + datetime.timedelta(days=7),
    )
    information_request_answer(
        request=request, acting=as_nurse, answer="Known to the health visitor; no wellbeing concerns recorded."
    )
    preliminary_record(
        referral=first,
        acting=as_coordinator,
        significant_harm_suspected=False,
        social_care_referral="",
        narrative="Engagement: low to moderate, influenced by an older relative. Intent: none seen. Capability: none.",
    )
    preliminary_to_channel(referral=first, acting=as_coordinator)

    # Morgan: screened as not for Prevent and signposted to Early Help.
    morgan = person_create(
        acting=as_dsl,
        organisation=school,
        given_name="Morgan",
        family_name="Fictional",
        date_of_birth=datetime.date(2018, 4, 9),
    )
    closed = _send(
        as_dsl, school, morgan, "Drawings of weapons after a film; no ideology mentioned.", "mixed_unclear_unstable"
    )
    screening_start(referral=closed, acting=as_police)
    screening_decide(
        referral=closed,
        acting=as_police,
        outcome="not_prevent",
        signpost_to="early_help",
        checks_made="No police information.",
        reason="No ideological element; family support needed.",
    )

    # Skye: sent eight days ago and not yet screened, so it shows as overdue.
    skye = Person.objects.filter(concerns__organisation=school, concerns__is_urgent=True).first()
    if skye is not None:
        waiting = _send(
            as_dsl, school, skye, "A parent threatened violence against another family at the school gate.", "other"
        )
        sent = timezone.now() - datetime.timedelta(days=8)
        Referral.objects.filter(pk=waiting.pk).update(submitted_at=sent, created_at=sent)
    return [
        "3 referrals: accepted for Channel, closed (Early Help), and one waiting for screening",
        *assessments_demo.load(),
    ]
