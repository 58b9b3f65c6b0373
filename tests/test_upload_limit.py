"""An upload larger than SHEETS_MAX_UPLOAD_BYTES is refused before Django reads (and spools to disk) the request body."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import Client, RequestFactory
from django.urls import reverse

from registry.middleware import UPLOAD_FORM_ALLOWANCE, UploadSizeLimitMiddleware
from registry.models import Enterprise, ImportRecord

LIMIT = 4096
IMPORT_PAGES = [reverse("admin:registry_enterprise_import"), reverse("admin:cultivation_monthlyreport_import")]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_limit(settings, tmp_path):
    settings.SHEETS_MAX_UPLOAD_BYTES = LIMIT
    settings.MEDIA_ROOT = tmp_path / "media"


def unread_bytes(response):
    # The test client's request body remembers how much of it nobody read.
    return len(response.wsgi_request.environ["wsgi.input"])


def post_file(client, url, size):
    fake_xlsx = SimpleUploadedFile("名录.xlsx", b"PK\x03\x04" + b"\x00" * (size - 4))
    return client.post(url, {"format": "0", "import_file": fake_xlsx})


class UploadLimitTests:
    @pytest.mark.parametrize("url", IMPORT_PAGES, ids=["enterprise", "monthly"])
    def test_it_refuses_an_oversize_body_without_reading_it(self, admin_client, settings, url):
        response = post_file(admin_client, url, LIMIT + UPLOAD_FORM_ALLOWANCE + 1)
        assert response.status_code == 302 and response["Location"] == url
        assert unread_bytes(response) == int(response.wsgi_request.META["CONTENT_LENGTH"])
        page = admin_client.get(url).content.decode()
        assert "超过上限 4.0 KB" in page
        assert not ImportRecord.objects.exists() and not Enterprise.objects.exists()
        assert not settings.MEDIA_ROOT.exists()

    def test_it_refuses_before_the_csrf_check_reads_the_form(self):
        # Anyone can send a large body to any page; the CSRF check alone would read all of it first.
        response = post_file(Client(enforce_csrf_checks=True), reverse("admin:login"), LIMIT + UPLOAD_FORM_ALLOWANCE + 1)
        assert response.status_code == 302
        assert unread_bytes(response) > LIMIT + UPLOAD_FORM_ALLOWANCE

    def test_it_leaves_a_slightly_larger_file_to_the_form_with_the_same_message(self, admin_client):
        response = post_file(admin_client, IMPORT_PAGES[0], LIMIT + 100)
        assert response.status_code == 200 and unread_bytes(response) == 0
        assert "超过上限 4.0 KB" in response.content.decode()
        assert not ImportRecord.objects.exists()

    def test_it_never_redirects_off_the_site(self):
        request = RequestFactory().post("/", data=b"x", content_type="application/octet-stream", CONTENT_LENGTH=str(LIMIT + UPLOAD_FORM_ALLOWANCE + 1))
        request.path = request.path_info = "//elsewhere.example/admin/"  # what a server passes on for "POST //elsewhere.example/admin/"
        request.session = {}
        request._messages = FallbackStorage(request)
        response = UploadSizeLimitMiddleware(lambda request: pytest.fail("the view must not run"))(request)
        assert response.status_code == 302 and response["Location"] == "/"
