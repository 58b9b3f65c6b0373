import pytest
from django.utils import translation
from django.utils.translation import gettext


class CatalogueTests:
    @pytest.mark.parametrize(
        "msgid, chinese",
        [
            ("Today", "今天"),  # django-filter: its zh_CN catalogue never loads under zh-hans
            ("Past 7 days", "过去7天"),
            ("Select a lookup.", "请选择查询方式。"),
            ("Select all", None),  # django-import-export: missing from its own zh_Hans catalogue
            ("Resource", None),
        ],
    )
    def test_it_translates_third_party_strings_to_simplified_chinese(self, msgid, chinese):
        with translation.override("zh-hans"):
            translated = gettext(msgid)
        assert translated != msgid
        if chinese:
            assert translated == chinese

    def test_it_switches_to_english_on_request(self, admin_client):
        response = admin_client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"}, follow=True)
        assert "Daily lists" in response.content.decode()

    def test_it_ignores_an_english_browser_until_english_is_chosen(self, admin_client):
        content = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
        assert "日常名单" in content and ">English</button>" in content

    def test_it_speaks_chinese_by_default(self, admin_client):
        content = admin_client.get("/admin/").content.decode()
        assert "日常名单" in content and "企业" in content
        assert "查看站点" not in content  # the admin is the whole site
