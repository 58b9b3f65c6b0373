"""Uploads kept for a preview that nobody confirmed are cleared by a daily command; recent ones stay."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from registry.models import KeptUpload


def kept(name, age_hours):
    KeptUpload.objects.create(name=name, content=b"PK")
    KeptUpload.objects.filter(name=name).update(created_at=timezone.now() - datetime.timedelta(hours=age_hours))


def names():
    return set(KeptUpload.objects.values_list("name", flat=True))


@pytest.mark.django_db
class ClearStaleUploadsTests:
    def test_it_deletes_only_uploads_older_than_the_limit(self):
        kept("old", 30)
        kept("recent", 2)
        out = io.StringIO()
        call_command("clear_stale_uploads", stdout=out)
        assert names() == {"recent"}
        assert "已删除 1 个超过 24 小时未确认的导入文件" in out.getvalue()

    def test_it_takes_the_limit_in_hours(self):
        kept("recent", 2)
        call_command("clear_stale_uploads", hours=1, stdout=io.StringIO())
        assert names() == set()

    def test_it_does_nothing_before_any_upload(self):
        out = io.StringIO()
        call_command("clear_stale_uploads", stdout=out)
        assert "已删除 0 个" in out.getvalue()

    def test_it_refuses_a_limit_that_would_delete_previews_in_use(self):
        kept("recent", 0)
        with pytest.raises(CommandError, match="至少为 1"):
            call_command("clear_stale_uploads", hours=0)
        assert names() == {"recent"}

    def test_it_refuses_a_limit_reaching_before_year_one(self):
        kept("old", 48)
        with pytest.raises(CommandError, match="至多为 878400"):
            call_command("clear_stale_uploads", hours=10**12)
        assert names() == {"old"}
