"""Screening, the preliminary assessment with its information requests, and the Channel case move to their own apps
(screening, preliminary, cases). The rows stay where they are: each table is renamed to its new app's name and
only Django's model state moves (the new apps' 0001 migrations take it up)."""

from django.db import migrations

MOVES = [
    ("screening", "referrals_screening", "screening_screening"),
    ("informationrequest", "referrals_informationrequest", "preliminary_informationrequest"),
    ("preliminaryassessment", "referrals_preliminaryassessment", "preliminary_preliminaryassessment"),
    ("channelcase", "referrals_channelcase", "cases_channelcase"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0002_seed_concern_types_and_secure_domains"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable(name=model, table=new) for model, _old, new in MOVES],
            state_operations=[migrations.DeleteModel(name=model) for model, _old, _new in MOVES],
        ),
    ]
