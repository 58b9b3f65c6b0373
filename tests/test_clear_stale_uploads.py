"""Uploads kept for a preview that nobody confirmed are cleared by a daily command; recent ones stay."""

import io
import os
import time

import pytest
from django.core.management import CommandError, call_command

from registry.sheets.uploads import UPLOAD_FOLDER


@pytest.fixture
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    folder = tmp_path / UPLOAD_FOLDER
    folder.mkdir()
    return folder


def kept(folder, name, age_hours):
    path = folder / name
    path.write_bytes(b"PK")
    stamp = time.time() - age_hours * 3600
    os.utime(path, (stamp, stamp))
    return path


@pytest.mark.django_db  # the command also forgets the previews waiting on those files (sheets/previews.py)
class ClearStaleUploadsTests:
    def test_it_deletes_only_uploads_older_than_the_limit(self, uploads):
        old, recent = kept(uploads, "old", 30), kept(uploads, "recent", 2)
        out = io.StringIO()
        call_command("clear_stale_uploads", stdout=out)
        assert not old.exists() and recent.exists()
        assert "已删除 1 个超过 24 小时未确认的导入文件" in out.getvalue()

    def test_it_takes_the_limit_in_hours(self, uploads):
        recent = kept(uploads, "recent", 2)
        call_command("clear_stale_uploads", hours=1, stdout=io.StringIO())
        assert not recent.exists()

    def test_it_does_nothing_before_any_upload(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        out = io.StringIO()
        call_command("clear_stale_uploads", stdout=out)
        assert "已删除 0 个" in out.getvalue()

    def test_it_refuses_a_limit_that_would_delete_previews_in_use(self, uploads):
        recent = kept(uploads, "recent", 0)
        with pytest.raises(CommandError, match="至少为 1"):
            call_command("clear_stale_uploads", hours=0)
        assert recent.exists()

    def test_it_refuses_a_limit_reaching_before_year_one(self, uploads):
        old = kept(uploads, "old", 48)
        with pytest.raises(CommandError, match="至多为 878400"):
            call_command("clear_stale_uploads", hours=10**12)
        assert old.exists()
