"""Every way a firm comes into the registry refuses a code with a wrong check digit, and writes nothing."""

import io
import random

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from registry import demo
from registry.models import Enterprise
from tests.dbstate import database_checksum
from tests.factories import form_data, xlsx_bytes

WRONG = "91110000101623741A"  # the check character should be K
ROW = [["统一社会信用代码", "企业名称", "县(区)", "行业代码"], [WRONG, "校验位错误有限公司", "定海区", "3731"]]


@pytest.fixture
def unchanged(db):
    before = database_checksum()
    yield
    assert database_checksum() == before
    assert not Enterprise.objects.filter(uscc=WRONG).exists()


@pytest.mark.django_db
class WrongCheckDigitOnEveryPathTests:
    def test_the_admin_form(self, admin_client, unchanged):
        response = admin_client.post(reverse("admin:registry_enterprise_add"), form_data(uscc=WRONG))
        assert "校验位错误" in response.context["adminform"].form.errors["uscc"][0]

    def test_the_admin_firm_import(self, admin_client, settings, tmp_path, unchanged):
        settings.MEDIA_ROOT = tmp_path
        response = admin_client.post(reverse("admin:registry_enterprise_import"), {"format": "0", "import_file": SimpleUploadedFile("a.xlsx", xlsx_bytes(ROW))})
        assert "校验位错误" in response.content.decode() and response.context.get("confirm_form") is None

    @pytest.mark.parametrize("command, args", [("import_enterprises", ()), ("import_pool", ("--tier", "innovative_sme", "--create-missing"))])
    def test_the_commands(self, tmp_path, unchanged, command, args):
        path = tmp_path / "a.xlsx"
        path.write_bytes(xlsx_bytes(ROW))
        out = io.StringIO()
        with pytest.raises(CommandError):
            call_command(command, str(path), *args, stdout=out)
        assert "第2行 [统一社会信用代码] 统一社会信用代码校验位错误" in out.getvalue()

    def test_the_admin_pool_import(self, admin_client, settings, tmp_path, unchanged):
        settings.MEDIA_ROOT = tmp_path
        rows = [ROW[0] + ["培育层级"], ROW[1] + ["创新型中小企业"]]
        response = admin_client.post(reverse("admin:cultivation_poolentry_import"), {"format": "0", "resource": "0", "import_file": SimpleUploadedFile("a.xlsx", xlsx_bytes(rows))})
        assert "校验位错误" in response.content.decode() and response.context.get("confirm_form") is None

    def test_the_demo(self, monkeypatch, unchanged):
        monkeypatch.setattr(demo, "demo_uscc", lambda rng, county: WRONG)
        with pytest.raises(ValidationError, match="校验位错误"):
            demo.seed_enterprises(random.Random(1), 3)
