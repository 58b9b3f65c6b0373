"""English on request: the registry's own pages and labels switch language; the files it reads and writes stay Chinese."""

import ast
import io
import re
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext
from openpyxl import load_workbook

from cultivation.monitoring.importer import import_monthly
from registry.models import Enterprise
from registry.resources import EnterpriseResource
from registry.sheets.resources import SheetResource
from tests.factories import csv_bytes, firm_with, make_enterprise, make_user, next_uscc, xlsx_bytes

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff01-\uff5e]+")
QUOTED = re.compile(r"“[^”]*”")  # a Chinese example or column name quoted inside an English text
OUR_APPS = ("registry", "cultivation", "assistance", "projects")


def catalogue_entries():
    """(context, msgid, msgstr, flags) of every entry in the English catalogue."""
    return [(entry.msgctxt, entry.msgid, entry.msgstr, entry.flags) for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete]


def chinese_in(text):
    return set(CJK.findall(QUOTED.sub("", text)))


class CatalogueTests:
    def test_every_entry_has_an_english_translation_that_the_compiled_catalogue_serves(self):
        entries = catalogue_entries()
        assert len(entries) > 400
        untranslated = [msgid for _, msgid, msgstr, flags in entries if not msgstr or "fuzzy" in flags]
        assert untranslated == []
        with translation.override("en"):
            served = {msgid: (pgettext(context, msgid) if context else gettext(msgid)) for context, msgid, _, _ in entries}
        assert {msgid: text for msgid, text in served.items() if chinese_in(text)} == {}

    def test_every_label_marked_in_the_code_is_in_the_catalogue(self):
        catalogued = {msgid for _, msgid, _, _ in catalogue_entries()}
        assert sorted({(where, msgid) for where, msgid in msgids_in_source() if msgid not in catalogued}) == []

    def test_placeholders_survive_translation(self):
        for _, msgid, msgstr, _ in catalogue_entries():
            assert set(re.findall(r"%\(\w+\)s", msgid)) == set(re.findall(r"%\(\w+\)s", msgstr)), msgid


GETTEXT_CALLS = {"_": 0, "gettext": 0, "gettext_lazy": 0, "pgettext": 1, "pgettext_lazy": 1}
TEMPLATE_MSGIDS = re.compile(r'{%\s*translate\s+(?:"([^"]+)"|\'([^\']+)\')|{%\s*blocktranslate[^%]*%}(.*?){%\s*endblocktranslate\s*%}', re.S)


def msgids_in_source():
    """(file, msgid) of every literal the code marks for translation: Python gettext calls and template tags."""
    root = Path(settings.BASE_DIR)
    for path in (path for app in (*OUR_APPS, "templates") for path in (root / app).rglob("*.py") if "migrations" not in path.parts):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in GETTEXT_CALLS:
                argument = node.args[GETTEXT_CALLS[node.func.id]] if len(node.args) > GETTEXT_CALLS[node.func.id] else None
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    yield path.name, argument.value
    for path in (path for app in (*OUR_APPS, "templates") for path in (root / app).rglob("*.html")):
        for double_quoted, single_quoted, block in TEMPLATE_MSGIDS.findall(path.read_text(encoding="utf-8")):
            yield path.name, double_quoted or single_quoted or re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", block)


class ModelLabelTests:
    def labels(self):
        for model in (model for app in OUR_APPS for model in apps.get_app_config(app).get_models()):
            if model.__name__.startswith("Historical"):
                continue
            yield model.__name__, model._meta.verbose_name
            yield model.__name__, model._meta.verbose_name_plural
            for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
                yield f"{model.__name__}.{field.name}", field.verbose_name
                if field.help_text:
                    yield f"{model.__name__}.{field.name} help", field.help_text
                for _, label in field.flatchoices:
                    yield f"{model.__name__}.{field.name} choice", label

    def test_every_model_field_and_choice_has_an_english_label(self):
        with translation.override("en"):
            untranslated = [(where, str(label)) for where, label in self.labels() if chinese_in(str(label))]
        assert untranslated == []

    def test_lists_are_named_in_the_plural(self):
        models = [model for app in OUR_APPS for model in apps.get_app_config(app).get_models() if not model.__name__.startswith("Historical")]
        with translation.override("en"):
            alike = [model.__name__ for model in models if str(model._meta.verbose_name) == str(model._meta.verbose_name_plural)]
        assert alike == []

    def test_chinese_stays_the_default(self):
        assert str(Enterprise._meta.get_field("uscc").verbose_name) == "统一社会信用代码"


@pytest.fixture
def english(client, settings):
    client.force_login(make_user("boss", superuser=True))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def demo(db):
    call_command("seed_demo", enterprises=30, seed=5, stdout=io.StringIO())


def database_text():
    """Every text value held in the registry's tables and the files' column headers: data, which no catalogue translates."""
    texts = [str(column.header) for resource in SheetResource.__subclasses__() for column in resource.columns]
    for app in (*OUR_APPS, "auth"):
        for model in apps.get_app_config(app).get_models():
            names = [field.attname for field in model._meta.concrete_fields if field.get_internal_type() in ("CharField", "TextField")]
            if names:
                texts += [str(value) for row in model._default_manager.values_list(*names) for value in row if value]
    texts += [f"{last}{first}" for last, first in get_user_model().objects.values_list("last_name", "first_name")]  # a Chinese full name
    return "\n".join(texts)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class EnglishPageTests:
    PAGES = [
        "admin:index",
        "admin:registry_enterprise_changelist",
        "admin:registry_enterprise_add",
        "admin:registry_importrecord_changelist",
        "admin:cultivation_poolentry_changelist",
        "admin:cultivation_tier_changelist",
        "admin:cultivation_target_changelist",
        "admin:cultivation_target_progress",
        "admin:cultivation_monthlyreport_changelist",
        "admin:cultivation_monthlyreport_dashboard",
        "admin:cultivation_monthlyreport_watchlists",
        "admin:cultivation_monthlyreport_import",
        "admin:cultivation_annualprofile_changelist",
        "admin:cultivation_candidate_list",
        "admin:registry_enterprise_import",
        "admin:registry_importpreview_changelist",
        "admin:auth_user_add",
        "admin:auth_user_changelist",
        "admin:auth_group_add",
        "admin:assistance_servicerecord_changelist",
        "admin:assistance_servicerecord_add",
        "admin:assistance_problem_changelist",
        "admin:assistance_problem_add",
        "admin:assistance_problem_figures",
        "admin:assistance_problem_unvisited",
        "admin:assistance_problem_workload",
        "admin:projects_project_changelist",
        "admin:projects_project_add",
        "admin:projects_projectprogress_changelist",
        "admin:projects_projectprogress_import",
        "admin:projects_completionlist_changelist",
        "admin:projects_renovationlist_changelist",
        "admin:projects_majorprojectlist_changelist",
        "admin:projects_indicatortarget_changelist",
        "admin:projects_indicatortarget_breakdown",
    ]

    @pytest.mark.parametrize("page", PAGES)
    def test_the_interface_has_no_chinese_left_but_the_data(self, english, page):
        response = english.get(reverse(page))
        assert response.status_code == 200
        known = database_text() + "\n中文"  # the switch back to Chinese names itself in Chinese
        leftovers = {text for text in CJK.findall(response.content.decode()) if text not in known}
        assert leftovers == set()

    def test_a_pool_entry_page_speaks_english(self, english):
        entry = apps.get_model("cultivation", "PoolEntry").objects.first()
        page = english.get(reverse("admin:cultivation_poolentry_change", args=[entry.pk])).content.decode()
        assert "Valid until" in page and "Responsible officer" in page and "有效期至" not in page

    def test_the_enterprise_page_gives_eligibility_verdicts_in_english(self, english):
        firm = Enterprise.objects.first()
        page = english.get(reverse("admin:registry_enterprise_change", args=[firm.pk])).content.decode()
        assert re.search(r"<strong[^>]*>(Eligible|Not eligible|Data incomplete)</strong>", page)
        assert not {"符合", "不符合", "数据不全"} & set(CJK.findall(page))

    def test_the_not_found_page_speaks_english(self, english):
        response = english.get("/admin/registry/enterprise/abc/history/")
        assert response.status_code == 404 and "Page not found" in response.content.decode()

    def test_the_dashboard_feeds_english_labels_to_its_charts(self, english):
        page = english.get(reverse("admin:cultivation_monthlyreport_dashboard")).content.decode()
        assert '"Jan"' in page and "月度" not in page


@pytest.mark.django_db
class FilesStayChineseTests:
    def test_an_export_has_chinese_headers_and_values(self, english):
        make_enterprise(name="舟山英文测试", size_class="small")
        data = {"format": "0", "resource": "0", **{f"enterpriseresource_{name}": "on" for name in EnterpriseResource().get_export_order()}}
        sheet = load_workbook(io.BytesIO(english.post(reverse("admin:registry_enterprise_export"), data).content)).active
        headers, row = [cell.value for cell in sheet[1]], [cell.value for cell in sheet[2]]
        assert "统一社会信用代码" in headers and row[headers.index("企业规模")] == "小型"

    def test_an_import_reads_chinese_choices_and_reports_errors_in_chinese(self, english, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        firm = make_enterprise(name="旧名称")
        content = xlsx_bytes([["统一社会信用代码", "企业名称", "企业规模", "经营状态"], [firm.uscc, "新名称", "小型", "在营"], [firm.uscc[:-1] + "0", "坏行", "巨型", "在营"]])
        preview = english.post(reverse("admin:registry_enterprise_import"), {"format": "0", "import_file": SimpleUploadedFile("名录.xlsx", content)})
        errors = [(error.row, error.column, error.message) for error in preview.context["outcome"].errors]
        assert (3, "企业规模", "“巨型”不是可选的值，可填：大型、中型、小型、微型") in errors
        assert "Cannot import" in preview.content.decode()
        good = xlsx_bytes([["统一社会信用代码", "企业名称", "企业规模"], [firm.uscc, "新名称", "小型"]])
        preview = english.post(reverse("admin:registry_enterprise_import"), {"format": "0", "import_file": SimpleUploadedFile("名录.xlsx", good)})
        english.post(reverse("admin:registry_enterprise_process_import"), preview.context["confirm_form"].initial)
        firm.refresh_from_db()
        assert (firm.name, firm.size_class) == ("新名称", "small")

    def test_model_checks_speak_the_page_language_in_forms_and_chinese_in_files(self, english, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        firm = make_enterprise()
        page = english.post(reverse("admin:cultivation_monthlyreport_add"), {"enterprise": firm.pk, "period": "2024-01-01", "output_value": "-1"}).content.decode()
        assert "Cannot be negative" in page and "不能为负数" not in page
        content = xlsx_bytes([["统一社会信用代码", "企业名称", "县(区)", "行业代码"], [next_uscc(), "<b>坏名称</b>有限公司", "定海区", "3731"]])
        preview = english.post(reverse("admin:registry_enterprise_import"), {"format": "0", "import_file": SimpleUploadedFile("名录.xlsx", content)})
        assert [(error.row, error.column, error.message) for error in preview.context["outcome"].errors] == [(2, "企业名称", "企业名称不能包含“<”或“>”")]

    def test_the_import_template_is_chinese(self, english):
        book = load_workbook(io.BytesIO(english.get(reverse("admin:registry_enterprise_import_template")).content))
        assert book.active["A1"].value == "统一社会信用代码" and "说明" in book.sheetnames

    def test_monthly_row_errors_stay_chinese_under_english(self, db):
        firm = make_enterprise()
        content = csv_bytes([["统一社会信用代码", "统计期", "工业总产值"], [firm.uscc, "2024-13", "10"]], "utf-8-sig")
        with translation.override("en"):
            outcome = import_monthly(content=content, file_name="月报.csv")
        assert [error.column for error in outcome.errors] == ["统计期"]
        assert chinese_in(outcome.errors[0].message)

    def test_a_watch_list_file_is_chinese_while_its_page_is_english(self, english):
        firm_with("减产厂", this_year=95, last_year=100)
        page = english.get(reverse("admin:cultivation_monthlyreport_watchlist", args=["declining"]))
        assert "Declining output" in page.content.decode() and ">Yellow<" in page.content.decode()
        text = english.get(reverse("admin:cultivation_monthlyreport_watchlist", args=["declining"]), {"export": "csv"}).content.decode("utf-8")
        assert text.startswith("\ufeff统一社会信用代码,企业名称") and "黄灯" in text
