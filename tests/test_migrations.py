"""A database made by the migrations as they were before the stages got their own apps keeps every record, and every
encrypted word of it still opens: screening, the preliminary assessment with its information requests, the Channel
case and protected exports moved app (referrals → screening, preliminary, cases; chronology → core) with their rows.

The test migrates its database back to the old migrations, writes rows through the old models (so values are sealed
to the old model labels, as a real database's are), migrates forward and reads everything through today's models.
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cases.models import ChannelCase
from core.models import ProtectedExport
from encryption.keyring import keyring
from preliminary.models import InformationRequest, PreliminaryAssessment
from referrals.models import Referral
from screening.models import Screening

from .test_screening import make_person

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("referrals", "0002_seed_concern_types_and_secure_domains"),
    ("screening", None),
    ("preliminary", None),
    ("cases", None),
    ("core", "0001_initial"),
    ("chronology", "0001_initial"),
]


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.loader.graph.leaf_nodes()


def test_records_made_before_the_stages_moved_open_after_migrating(personas):
    dsl, police, coordinator = personas["dsl"], personas["police"], personas["coordinator"]
    school, health = personas.organisation("school"), personas.organisation("health")
    person = make_person(personas)  # people and organisations did not move
    try:
        executor = _migrate(BEFORE)
        old = executor.loader.project_state([node for node in BEFORE if node[1] is not None]).apps
        OldReferral = old.get_model("referrals", "Referral")
        OldScreening = old.get_model("referrals", "Screening")
        OldRequest = old.get_model("referrals", "InformationRequest")
        OldAssessment = old.get_model("referrals", "PreliminaryAssessment")
        OldCase = old.get_model("referrals", "ChannelCase")
        OldExport = old.get_model("chronology", "ProtectedExport")
        assert OldScreening._meta.db_table == "referrals_screening"

        referral = OldReferral.objects.create(
            organisation_id=school.pk, area_id=school.area_id, referrer_id=dsl.pk, subject_id=person.pk,
            status="channel", reason="Words of the referral.", submitted_at=timezone.now(),
        )  # fmt: skip
        OldScreening.objects.create(
            referral=referral, started_by_id=police.pk, checks_made="Police systems checked.", outcome="proceed",
            reason="", decided_by_id=police.pk, decided_at=timezone.now(),
        )  # fmt: skip
        OldRequest.objects.create(
            referral=referral, organisation_id=health.pk, question="Is the family known to you?",
            due_on=timezone.localdate() + datetime.timedelta(days=7), sent_by_id=coordinator.pk,
            answer="Known to the health visitor.", answered_by_id=dsl.pk, answered_at=timezone.now(),
        )  # fmt: skip
        OldAssessment.objects.create(
            referral=referral, coordinator_id=coordinator.pk, initial_vulnerability_assessment="Engagement: low.",
            decision="channel", reason="Appropriate for Channel.", decided_by_id=coordinator.pk,
            decided_at=timezone.now(),
        )  # fmt: skip
        OldCase.objects.create(referral=referral, area_id=school.area_id, subject_id=person.pk)
        copy_id, chronology_id = uuid.uuid4(), uuid.uuid4()
        for public_id, filename in ((copy_id, "referral-R-000001.pdf"), (chronology_id, "chronology-1-20261101.pdf")):
            sealed = keyring().encrypt_blob(b"%PDF-1.7 test", associated_data=f"chronology.export:{public_id}")
            OldExport.objects.create(
                public_id=public_id, created_by_id=dsl.pk, organisation_id=school.pk, person_id=person.pk,
                filename=filename, blob=sealed,
            )  # fmt: skip
    finally:
        _migrate(_latest())

    # Every record is where today's models look for it, and every encrypted value opens.
    moved = Referral.objects.get(pk=referral.pk)
    assert moved.reason == "Words of the referral."
    assert Screening.objects.get(referral=moved).checks_made == "Police systems checked."
    request = InformationRequest.objects.get(referral=moved)
    assert (request.question, request.answer) == ("Is the family known to you?", "Known to the health visitor.")
    assessment = PreliminaryAssessment.objects.get(referral=moved)
    assert assessment.initial_vulnerability_assessment == "Engagement: low."
    assert assessment.reason == "Appropriate for Channel."
    assert ChannelCase.objects.get(referral=moved).subject_id == person.pk
    # The tables were renamed to their new apps', not copied.
    tables = connection.introspection.table_names()
    assert {
        "screening_screening",
        "preliminary_informationrequest",
        "cases_channelcase",
        "core_protectedexport",
    } <= set(tables)
    assert not {"referrals_screening", "referrals_channelcase", "chronology_protectedexport"} & set(tables)
    # Protected exports keep their files and learn which kind they are.
    kinds = dict(ProtectedExport.objects.values_list("public_id", "kind"))
    assert kinds == {copy_id: "referral_copy", chronology_id: "chronology"}
    export = ProtectedExport.objects.get(public_id=copy_id)
    assert keyring().decrypt_blob(bytes(export.blob), associated_data=export.associated_data()) == b"%PDF-1.7 test"
