"""Staff administration from the screens: a city admin sets up a colleague with role and area on the user page; the
colleague can sign in; nobody hands on rights or areas they do not hold; permission names read in the page's language."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from registry.models import StaffProfile, Zone
from registry.roles import CITY_ADMIN, OFFICER, VIEWER
from tests.factories import make_user
from tests.query_counts import assert_queries_do_not_grow

PASSWORD = "Zhoushan-5428-staff"


def city_admin():
    user = make_user("city-admin")
    user.groups.add(Group.objects.get(name=CITY_ADMIN))
    return user


def user_admin_only(username="clerk", county=None):
    """A user given nothing but the user-admin rights, as a careless set-up might."""
    user = make_user(username, perms=["auth.view_user", "auth.add_user", "auth.change_user"])
    if county:
        StaffProfile.objects.create(user=user, county_id=county)
    return user


def new_user(**overrides):
    data = {"username": "zhouhj", "password1": PASSWORD, "password2": PASSWORD, "last_name": "周", "first_name": "海军", "email": "", "groups": [Group.objects.get(name=OFFICER).pk], "county": "330902", "zone": "", "phone": "0580-1234567"}
    data.update(overrides)
    return data


def change_data(user, **overrides):
    profile = getattr(user, "staff_profile", None)
    data = {"username": user.username, "last_name": user.last_name, "first_name": user.first_name, "email": user.email, "is_active": "on", "groups": [role.pk for role in user.groups.all()], "county": profile.county_id if profile and profile.county_id else "", "zone": "", "phone": ""}
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


@pytest.mark.django_db
class CreateStaffTests:
    def test_it_offers_the_role_and_the_area_on_the_add_page(self, client):
        client.force_login(city_admin())
        html = client.get(reverse("admin:auth_user_add")).content.decode()
        assert 'name="groups"' in html and 'name="county"' in html and 'name="zone"' in html
        assert 'name="is_staff"' not in html and 'name="is_superuser"' not in html

    def test_a_city_admin_creates_a_county_clerk_who_can_sign_in_and_sees_their_county(self, client):
        client.force_login(city_admin())
        response = client.post(reverse("admin:auth_user_add"), new_user())
        assert response.status_code == 302, response.content.decode()[:2000]
        clerk = User.objects.get(username="zhouhj")
        assert clerk.is_staff and not clerk.is_superuser
        assert [role.name for role in clerk.groups.all()] == [OFFICER]
        assert (clerk.staff_profile.county_id, clerk.staff_profile.zone_id, clerk.staff_profile.phone) == ("330902", None, "0580-1234567")
        assert LogEntry.objects.filter(object_id=str(clerk.pk), action_flag=1).count() == 1
        client.logout()
        assert client.post(reverse("admin:login"), {"username": "zhouhj", "password": PASSWORD, "next": "/admin/"}).status_code == 302
        assert client.get(reverse("admin:index")).status_code == 200
        assert client.get(reverse("admin:registry_enterprise_changelist")).status_code == 200

    def test_the_officers_level_and_unit_are_set_on_the_same_page(self, client):
        client.force_login(city_admin())
        assert client.post(reverse("admin:auth_user_add"), new_user(level="township", unit="金塘镇人民政府")).status_code == 302
        clerk = User.objects.get(username="zhouhj")
        assert (clerk.staff_profile.level, clerk.staff_profile.unit) == ("township", "金塘镇人民政府")
        response = client.post(reverse("admin:auth_user_change", args=[clerk.pk]), change_data(clerk, level="county", unit="定海区经信局"))
        assert response.status_code == 302
        clerk.staff_profile.refresh_from_db()
        assert (clerk.staff_profile.county_id, clerk.staff_profile.level, clerk.staff_profile.unit) == ("330902", "county", "定海区经信局")
        refused = client.post(reverse("admin:auth_user_change", args=[clerk.pk]), change_data(clerk, level="province"))
        assert refused.status_code == 200 and "province" not in StaffProfile.objects.values_list("level", flat=True)

    def test_it_lists_staff_with_role_and_area(self, client):
        client.force_login(city_admin())
        client.post(reverse("admin:auth_user_add"), new_user())
        html = client.get(reverse("admin:auth_user_changelist")).content.decode()
        assert "周海军" in html and "定海区" in html and OFFICER in html

    def test_an_officer_needs_an_area_or_would_see_nothing(self, client):
        client.force_login(city_admin())
        response = client.post(reverse("admin:auth_user_add"), new_user(county=""))
        assert "县区/功能区经办人须填写人员属地" in response.content.decode()
        assert not User.objects.filter(username="zhouhj").exists()

    @pytest.mark.parametrize("bad", [{"county": "330902", "zone": "__zone__"}, {"county": "999999"}, {"county": "33090\x00"}, {"groups": ["x"]}, {"zone": "99999999999999999999"}])
    def test_it_refuses_a_bad_area_or_role_in_chinese_and_writes_nothing(self, client, bad):
        client.force_login(city_admin())
        if bad.get("zone") == "__zone__":
            bad["zone"] = Zone.objects.first().pk
        response = client.post(reverse("admin:auth_user_add"), new_user(**bad))
        assert response.status_code == 200
        assert "errorlist" in response.content.decode()
        assert not User.objects.filter(username="zhouhj").exists() and not StaffProfile.objects.filter(user__username="zhouhj").exists()


@pytest.mark.django_db
class NoEscalationTests:
    def test_a_user_admin_cannot_give_a_role_holding_rights_they_lack(self, client):
        client.force_login(user_admin_only())
        response = client.post(reverse("admin:auth_user_add"), new_user(groups=[Group.objects.get(name=CITY_ADMIN).pk]))
        assert response.status_code == 200 and "errorlist" in response.content.decode()
        assert not User.objects.filter(username="zhouhj").exists()

    def test_it_offers_only_the_roles_within_the_editors_rights(self, client):
        client.force_login(user_admin_only())
        roles = client.get(reverse("admin:auth_user_add")).context["adminform"].form.fields["groups"].queryset
        assert not roles.filter(name__in=[CITY_ADMIN, OFFICER, VIEWER]).exists()

    def test_a_user_admin_cannot_make_anyone_superuser_or_give_single_rights(self, client):
        clerk = user_admin_only()
        colleague = make_user("colleague")
        client.force_login(clerk)
        add_firm = Permission.objects.get(codename="add_enterprise").pk
        for target in (colleague, clerk):
            response = client.post(reverse("admin:auth_user_change", args=[target.pk]), change_data(target, is_superuser="on", is_staff="on", user_permissions=[add_firm]))
            assert response.status_code == 302
            target.refresh_from_db()
            assert not target.is_superuser
        assert not colleague.has_perm("registry.add_enterprise") and not User.objects.get(pk=clerk.pk).has_perm("registry.add_enterprise")

    def test_a_user_admin_cannot_give_themselves_a_stronger_role(self, client):
        clerk = user_admin_only()
        client.force_login(clerk)
        response = client.post(reverse("admin:auth_user_change", args=[clerk.pk]), change_data(clerk, groups=[Group.objects.get(name=CITY_ADMIN).pk]))
        assert response.status_code == 200
        assert not clerk.groups.exists()

    def test_a_user_admin_cannot_change_a_superuser_or_a_stronger_colleague(self, client, admin_user):
        client.force_login(user_admin_only())
        stronger = city_admin()
        assert client.get(reverse("admin:auth_user_change", args=[admin_user.pk])).url == reverse("admin:index")  # not in their list at all
        for target in (stronger,):
            assert client.post(reverse("admin:auth_user_change", args=[target.pk]), change_data(target, first_name="改")).status_code == 403
            assert client.post(reverse("admin:auth_user_password_change", args=[target.pk]), {"password1": "Taken-over-5428", "password2": "Taken-over-5428"}).status_code == 403
        stronger.refresh_from_db()
        assert stronger.first_name == "" and stronger.check_password("pw-for-tests-5428")

    def test_a_clerk_of_one_county_can_only_place_staff_in_it(self, client):
        client.force_login(user_admin_only(county="330902"))
        response = client.post(reverse("admin:auth_user_add"), new_user(groups=[], county="330903"))
        assert response.status_code == 200 and not User.objects.filter(username="zhouhj").exists()
        response = client.post(reverse("admin:auth_user_add"), new_user(groups=[], county=""))
        assert response.status_code == 200 and not User.objects.filter(username="zhouhj").exists()  # city-wide is beyond a county
        assert client.post(reverse("admin:auth_user_add"), new_user(groups=[])).status_code == 302
        assert User.objects.get(username="zhouhj").staff_profile.county_id == "330902"


@pytest.mark.django_db
class PermissionNameTests:
    def test_it_names_permissions_in_chinese(self, admin_client):
        html = admin_client.get(reverse("admin:auth_group_change", args=[Group.objects.get(name=VIEWER).pk])).content.decode()
        assert "可以增加 产业链" in html and "可以导入 企业" in html
        assert "Can add" not in html

    def test_a_role_shown_read_only_names_its_permissions_in_chinese_too(self, client):
        client.force_login(city_admin())  # may view roles, not change them
        html = client.get(reverse("admin:auth_group_change", args=[Group.objects.get(name=VIEWER).pk])).content.decode()
        assert "可以查看 产业链" in html and "Can view" not in html

    def test_it_names_permissions_in_english_on_request(self, admin_client, settings):
        admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        html = admin_client.get(reverse("admin:auth_user_change", args=[make_user("colleague").pk])).content.decode()
        assert "Can add Industrial chain" in html
        assert "可以" not in html


@pytest.mark.django_db
class RoleCeilingTests:
    def test_someone_who_may_edit_roles_can_only_give_a_role_rights_they_hold(self, client):
        editor = make_user("role-editor", perms=["auth.view_group", "auth.change_group", "registry.view_enterprise"])
        own = Group.objects.create(name="查看企业")
        own.permissions.add(Permission.objects.get(codename="view_enterprise"))
        client.force_login(editor)
        offered = client.get(reverse("admin:auth_group_change", args=[own.pk])).context["adminform"].form.fields["permissions"].queryset
        assert {permission.codename for permission in offered} == {"view_group", "change_group", "view_enterprise"}
        delete_firm = Permission.objects.get(codename="delete_enterprise")
        client.post(reverse("admin:auth_group_change", args=[own.pk]), {"name": own.name, "permissions": [delete_firm.pk]})
        assert not own.permissions.filter(pk=delete_firm.pk).exists()
        stronger = Group.objects.get(name=CITY_ADMIN)
        assert client.post(reverse("admin:auth_group_change", args=[stronger.pk]), {"name": "改名", "permissions": []}).status_code == 403
        assert Group.objects.filter(name=CITY_ADMIN).exists()


@pytest.mark.django_db
class StaffListQueryTests:
    def test_the_staff_list_runs_as_many_queries_for_many_accounts(self, client):
        client.force_login(city_admin())

        def add_staff():
            for number in range(5):
                colleague = make_user(f"colleague-{number}")
                colleague.groups.add(Group.objects.get(name=OFFICER))
                StaffProfile.objects.create(user=colleague, county_id="330902")

        make_user("first")
        response = assert_queries_do_not_grow(lambda: client.get(reverse("admin:auth_user_changelist")), add_staff)
        assert response.content.decode().count("定海区") >= 5
