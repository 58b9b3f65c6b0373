import io

import pytest
from django.core.management import call_command

from registry.models import Enterprise
from tests.dbstate import table_checksums

BACKUP_ARGS = ["--format", "xml", "--natural-foreign", "-e", "contenttypes", "-e", "auth.permission", "-e", "sessions", "-e", "admin.logentry", "-e", "axes"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class BackupRoundTripTests:
    def test_dumpdata_then_loaddata_restores_every_table(self, tmp_path):
        # XML keeps microseconds; Django's JSON serialiser rounds timestamps to milliseconds.
        call_command("seed_demo", enterprises=25, seed=11, stdout=io.StringIO())
        before = table_checksums()
        backup = tmp_path / "registry.xml"
        call_command("dumpdata", *BACKUP_ARGS, "--output", str(backup))
        call_command("flush", "--no-input")
        assert not Enterprise.objects.exists()
        call_command("restore_backup", str(backup), stdout=io.StringIO())
        assert Enterprise.objects.count() == 25
        after = table_checksums()
        assert {label for label in before if before[label] != after[label]} == set()
