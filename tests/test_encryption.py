"""Encryption at rest: AES-GCM with a key ring, sealed to model and field; blind indexes; key rotation."""

import base64
import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from audit.models import AuditEvent
from encryption.blind_index import blind_index, normalise
from encryption.keyring import DecryptionError, KeyRing, keyring, token_key_id
from people.models import HouseholdMember, Person
from people.services import household_member_add, person_create

NEW_KEY = base64.b64encode(b"n" * 32).decode()


def _raw(sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return list(cursor.fetchall())


@given(st.text())
def test_any_text_round_trips(text):
    ring = KeyRing(keys={"k1": b"k" * 32}, active_id="k1")
    token = ring.encrypt_text(text, associated_data="people.person.given_name")
    assert ring.decrypt_text(token, associated_data="people.person.given_name") == text


def test_a_value_moved_to_another_column_does_not_decrypt():
    ring = KeyRing(keys={"k1": b"k" * 32}, active_id="k1")
    token = ring.encrypt_text("Zoë", associated_data="people.person.given_name")
    with pytest.raises(DecryptionError):
        ring.decrypt_text(token, associated_data="people.person.family_name")


def test_an_altered_value_does_not_decrypt():
    ring = KeyRing(keys={"k1": b"k" * 32}, active_id="k1")
    token = ring.encrypt_text("Zoë", associated_data="x")
    prefix, key_id, payload = token.split("$")
    raw = bytearray(base64.urlsafe_b64decode(payload))
    raw[-1] ^= 1
    with pytest.raises(DecryptionError):
        ring.decrypt_text(f"{prefix}${key_id}${base64.urlsafe_b64encode(bytes(raw)).decode()}", associated_data="x")


def test_same_value_encrypts_differently_each_time():
    assert keyring().encrypt_text("Sam", associated_data="x") != keyring().encrypt_text("Sam", associated_data="x")


def test_blind_index_normalises_case_spaces_and_accents():
    assert normalise("  Zoë   O'NEIL ") == "zoe o'neil"
    assert blind_index("Zoë O'Neil", purpose="name") == blind_index("zoe  o'neil", purpose="name")
    assert blind_index("Zoë", purpose="name") != blind_index("Zoë", purpose="other")
    assert blind_index("   ", purpose="name") == ""


@pytest.mark.django_db
def test_database_holds_no_plain_names_or_dates_of_birth(personas):
    person = person_create(
        acting=personas.membership("dsl"),
        organisation=personas.organisation("school"),
        given_name="Zoë",
        family_name="Featherstonehaugh",
        date_of_birth=datetime.date(2015, 3, 27),
        address="1 Example Road",
        pupil_number="UPN-998877",
    )
    household_member_add(
        person=person,
        acting=personas.membership("dsl"),
        name="Quentin Featherstonehaugh",
        relationship="father",
        has_parental_responsibility=True,
        lives_with_person=True,
    )
    rows = _raw("SELECT given_name, family_name, date_of_birth, address, pupil_number FROM people_person")
    history = _raw("SELECT given_name, family_name, date_of_birth FROM people_historicalperson")
    household = _raw("SELECT name FROM people_householdmember")
    dump = repr(rows + history + household)
    for secret in ("Zoë", "Featherstonehaugh", "2015-03-27", "1 Example Road", "UPN-998877", "Quentin"):
        assert secret not in dump
    person.refresh_from_db()
    assert (person.given_name, person.date_of_birth) == ("Zoë", datetime.date(2015, 3, 27))


@pytest.mark.django_db
def test_encrypted_columns_cannot_be_searched_directly(personas):
    from django.core.exceptions import FieldError

    with pytest.raises(FieldError):
        list(Person.objects.filter(given_name="Zoë"))


@pytest.mark.django_db
def test_rotate_keys_reseals_everything_and_leaves_it_readable(personas, settings):
    person = person_create(
        acting=personas.membership("dsl"),
        organisation=personas.organisation("school"),
        given_name="Ada",
        family_name="Lovelace",
        date_of_birth=datetime.date(2014, 12, 10),
        aliases=["Countess"],
    )
    member = household_member_add(
        person=person,
        acting=personas.membership("dsl"),
        name="Anne Isabella",
        relationship="mother",
        has_parental_responsibility=True,
        lives_with_person=True,
    )
    old_id = keyring().active_id
    settings.ENCRYPTION_KEYS = {**settings.ENCRYPTION_KEYS, "new-2027": NEW_KEY}
    settings.ENCRYPTION_ACTIVE_KEY_ID = "new-2027"
    out = StringIO()
    call_command("rotate_keys", stdout=out)
    assert "people.Person: 1 re-encrypted" in out.getvalue()
    tokens = _raw("SELECT given_name, family_name, date_of_birth, aliases FROM people_person")[0]
    assert {token_key_id(str(t)) for t in tokens} == {"new-2027"}
    assert {token_key_id(str(t)) for t in _raw("SELECT name FROM people_householdmember")[0]} == {"new-2027"}
    # Readable with the old key gone from the ring.
    settings.ENCRYPTION_KEYS = {"new-2027": NEW_KEY}
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.given_name, fresh.family_name, fresh.aliases) == ("Ada", "Lovelace", ["Countess"])
    assert fresh.date_of_birth == datetime.date(2014, 12, 10)
    assert HouseholdMember.objects.get(pk=member.pk).name == "Anne Isabella"
    assert AuditEvent.objects.filter(action="encryption.keys_rotated", object_id="new-2027").exists()
    # A second run finds nothing left under the old key.
    out = StringIO()
    call_command("rotate_keys", stdout=out)
    assert "(0 re-encrypted)" in out.getvalue()
    assert old_id != "new-2027"


def test_new_key_is_32_random_bytes():
    out = StringIO()
    call_command("rotate_keys", "--new-key", stdout=out)
    assert len(base64.b64decode(out.getvalue().strip())) == 32
