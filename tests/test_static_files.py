"""Static files as production serves them: collected under hashed names, gzip-compressed, cached for good."""

import gzip

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from tests.factories import make_monthly_report, make_user

ECHARTS = "vendor/echarts/echarts.common.min.js"


@pytest.fixture
def collected(settings, tmp_path):
    """The project's static files collected as `collectstatic` does in production."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    call_command("collectstatic", interactive=False, verbosity=0)
    return tmp_path


@pytest.mark.django_db
class StaticFilesTests:
    def test_the_dashboard_names_echarts_by_its_content_hash(self, collected):
        make_monthly_report(period="2024-02", output_value=1)
        client = Client()
        client.force_login(make_user("boss", superuser=True))
        page = client.get(reverse("admin:cultivation_monthlyreport_dashboard")).content.decode()
        hashed = static(ECHARTS)
        assert hashed != f"/static/{ECHARTS}" and hashed.startswith("/static/vendor/echarts/echarts.common.min.") and hashed in page

    def test_echarts_is_served_compressed_with_a_far_future_cache(self, collected):
        response = Client().get(static(ECHARTS), HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200
        assert "immutable" in response["Cache-Control"] and "max-age=315360000" in response["Cache-Control"]
        assert response["Content-Encoding"] == "gzip"
        body = b"".join(response.streaming_content)
        assert len(body) < 300_000 and b"echarts" in gzip.decompress(body)[:5000].lower()

    def test_the_dashboard_loads_the_common_build_not_the_full_one(self, collected):
        assert not (collected / "vendor/echarts/echarts.min.js").exists()
        assert (collected / ECHARTS).stat().st_size < 750_000  # the full build is 1,121,883 bytes
