import pytest
from django.urls import reverse

from registry.filters import IndustryDivisionListFilter
from registry.models import Enterprise, IndustryChain, Zone
from tests.factories import form_data, make_enterprise, make_user
from tests.query_counts import assert_queries_do_not_grow

ADD_URL = reverse("admin:registry_enterprise_add")
LIST_URL = reverse("admin:registry_enterprise_changelist")


@pytest.mark.django_db
class EnterpriseFormTests:
    def test_it_creates_a_firm_with_a_normalised_code(self, admin_client):
        response = admin_client.post(ADD_URL, form_data(uscc=" 9144 0300 7152 6726 xg "))
        assert response.status_code == 302
        assert Enterprise.objects.get().uscc == "9144030071526726XG"

    @pytest.mark.parametrize(
        "overrides, field, message",
        [
            ({"uscc": "91110000101623741A"}, "uscc", "校验位错误"),
            ({"uscc": "91110000101623741A"}, "uscc", "如确认代码无误，请勾选“校验位豁免”并填写理由"),
            ({"uscc": "9111000010162374"}, "uscc", "应为18位"),
            ({"county": "330999"}, "county", "选择一个有效的选项"),
            ({"county": "330900"}, "county", "选择一个有效的选项"),
            ({"industry": "373"}, "industry", "选择一个有效的选项"),
            ({"industry": "9999"}, "industry", "选择一个有效的选项"),
            ({"name": ""}, "name", "这个字段是必填项"),
            ({"uscc": "91110000101623741A", "uscc_override": "on"}, "uscc_override_reason", "必须填写理由"),
        ],
    )
    def test_it_refuses_bad_input_with_a_chinese_message(self, admin_client, overrides, field, message):
        response = admin_client.post(ADD_URL, form_data(**overrides))
        assert response.status_code == 200
        assert message in " ".join(response.context["adminform"].form.errors[field])
        assert not Enterprise.objects.exists()

    @pytest.mark.parametrize("typed", ["91110000101623741k", " 9111 0000 1016 2374 1K", "９１１１００００１０１６２３７４１Ｋ"])
    def test_it_refuses_a_duplicate_code_typed_differently(self, admin_client, typed):
        make_enterprise(uscc="91110000101623741K")
        response = admin_client.post(ADD_URL, form_data(uscc=typed))
        assert response.status_code == 200
        assert "已登记为" in " ".join(response.context["adminform"].form.errors["uscc"])
        assert Enterprise.objects.count() == 1

    def test_the_duplicate_code_message_links_to_the_firm_with_its_name_escaped(self, admin_client):
        existing = make_enterprise(uscc="91110000101623741K", name='<script>alert("x")</script>船厂')
        page = admin_client.post(ADD_URL, form_data(uscc="91110000101623741K")).content.decode()
        url = reverse("admin:registry_enterprise_change", args=[existing.pk])
        assert f'已登记为“<a href="{url}">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;船厂</a>”' in page
        assert '<script>alert("x")' not in page

    def test_a_clerk_is_told_whom_to_ask_about_a_firm_of_another_area(self, client):
        from django.contrib.auth.models import Group

        from registry.models import StaffProfile
        from registry.roles import OFFICER

        make_enterprise(uscc="91110000101623741K", county_id="330903", name="普陀外区水产有限公司")
        clerk = make_user("dinghai")
        clerk.groups.add(Group.objects.get(name=OFFICER))
        StaffProfile.objects.create(user=clerk, county_id="330902")
        client.force_login(clerk)
        response = client.post(ADD_URL, form_data(uscc="91110000101623741K"))
        assert response.context["adminform"].form.errors["uscc"] == ["该统一社会信用代码已由其他县（区）或功能区登记，请联系市级管理员"]
        assert "普陀外区水产有限公司" not in response.content.decode()

    def test_it_accepts_a_failing_check_digit_with_override_and_reason(self, admin_client):
        response = admin_client.post(ADD_URL, form_data(uscc="91110000101623741A", uscc_override="on", uscc_override_reason="营业执照原件核对无误"))
        assert response.status_code == 302
        firm = Enterprise.objects.get()
        assert (firm.uscc, firm.uscc_override, firm.uscc_override_reason) == ("91110000101623741A", True, "营业执照原件核对无误")

    def test_it_never_overrides_a_wrong_length(self, admin_client):
        response = admin_client.post(ADD_URL, form_data(uscc="9111000010162374", uscc_override="on", uscc_override_reason="x"))
        assert response.status_code == 200
        assert not Enterprise.objects.exists()

    def test_it_shows_the_form_in_chinese(self, admin_client):
        response = admin_client.get(ADD_URL)
        content = response.content.decode()
        assert "增加 企业" in content
        assert "统一社会信用代码" in content and "保存" in content


@pytest.mark.django_db
class EnterpriseChangelistTests:
    @pytest.mark.parametrize("term", ["91110000101623741k", "9111 0000 1016 2374 1K", "９１１１００００１０１６２３７４１Ｋ", "海星", "海星船舶"])
    def test_it_finds_a_firm_by_name_short_name_or_code_typed_any_way(self, admin_client, term):
        make_enterprise(uscc="91110000101623741K", name="舟山海星船舶修造有限公司", short_name="海星船舶")
        make_enterprise(name="岱山蓝鲸水产食品有限公司")
        response = admin_client.get(LIST_URL, {"q": term})
        assert [firm.uscc for firm in response.context["cl"].result_list] == ["91110000101623741K"]

    def test_it_filters_by_county_zone_division_chain_above_scale_and_officer(self, admin_client):
        officer = make_user("officer1")
        chain = IndustryChain.objects.get(name="一条鱼")
        zone = Zone.objects.get(name="六横")
        target = make_enterprise(county_id="330903", zone=zone, industry_id="1361", is_above_scale=True, service_officer=officer, chains=[chain])
        make_enterprise(county_id="330903", industry_id="1361")
        make_enterprise(county_id="330902", zone=zone, industry_id="3731", is_above_scale=True)
        query = {"county__code__exact": "330903", "zone__id__exact": zone.pk, "division": "13", "chains__id__exact": chain.pk, "is_above_scale__exact": "1", "service_officer__id__exact": officer.pk}
        response = admin_client.get(LIST_URL, query)
        assert [firm.pk for firm in response.context["cl"].result_list] == [target.pk]

    def test_it_filters_by_industry_division(self, admin_client):
        fish = make_enterprise(industry_id="1362")
        make_enterprise(industry_id="3731")
        response = admin_client.get(LIST_URL, {"division": "13"})
        assert [firm.pk for firm in response.context["cl"].result_list] == [fish.pk]
        assert "13 农副食品加工业" in response.content.decode()

    def test_it_offers_only_the_divisions_its_firms_are_in(self, admin_client):
        make_enterprise(industry_id="1362")
        make_enterprise(industry_id="3731")
        division = next(spec for spec in admin_client.get(LIST_URL).context["cl"].filter_specs if isinstance(spec, IndustryDivisionListFilter))
        assert [title for _, title in division.lookup_choices] == ["13 农副食品加工业", "37 铁路、船舶、航空航天和其他运输设备制造业"]

    def test_its_query_count_does_not_grow_with_the_rows_shown(self, admin_client):
        chains = list(IndustryChain.objects.all()[:2])
        make_enterprise(chains=chains, service_officer=make_user("o1"), zone=Zone.objects.first())

        def more_firms():
            for index in range(30):
                make_enterprise(chains=chains, service_officer=make_user(f"o{index + 2}"), zone=Zone.objects.first())

        response = assert_queries_do_not_grow(lambda: admin_client.get(LIST_URL), more_firms)
        assert len(response.context["cl"].result_list) == 31

    def test_it_shows_readable_columns(self, admin_client):
        make_enterprise(industry_id="3737", chains=[IndustryChain.objects.get(name="船舶海工")])
        content = admin_client.get(LIST_URL).content.decode()
        assert "3737 海洋工程装备制造" in content and "船舶海工" in content and "定海区" in content


@pytest.mark.django_db
class IndustryAutocompleteTests:
    def test_it_offers_only_classes_for_the_firm_industry(self, admin_client):
        response = admin_client.get(reverse("admin:autocomplete"), {"app_label": "registry", "model_name": "enterprise", "field_name": "industry", "term": "373"})
        ids = [item["id"] for item in response.json()["results"]]
        assert "3731" in ids and "3737" in ids
        assert all(len(code) == 4 for code in ids)
