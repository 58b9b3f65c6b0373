"""An officer picks a colleague as a firm's 助企专员 or a pool entry's 责任人 without being given the user admin."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from registry.models import StaffProfile
from registry.roles import OFFICER, VIEWER
from tests.factories import make_enterprise, make_entry, make_user

FIRM_ADD = reverse("admin:registry_enterprise_add")
POOL_ADD = reverse("admin:cultivation_poolentry_add")


def staff(username, role=None, *, county=None, zone=None, **names):
    user = make_user(username, **names)
    if role:
        user.groups.add(Group.objects.get(name=role))
    if county or zone:
        StaffProfile.objects.create(user=user, county_id=county, zone=zone)
    return user


@pytest.fixture
def officer(client, db):
    user = staff("dinghai_officer", OFFICER, county="330902", last_name="张", first_name="伟")
    client.force_login(user)
    return client


def picker_url(client, form_url, field_name):
    """The search address the form's widget for `field_name` sends its requests to."""
    field = client.get(form_url).context["adminform"].form.fields[field_name]
    return field.widget.widget.get_url()


def search(client, form_url, model, field_name, term=""):
    """What the form's picker finds, asked as Django's autocomplete script asks."""
    app_label, model_name = model.split(".")
    return client.get(picker_url(client, form_url, field_name), {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term})


@pytest.mark.django_db
class OfficerAutocompleteTests:
    @pytest.mark.parametrize("form_url, model, field_name", [(FIRM_ADD, "registry.enterprise", "service_officer"), (POOL_ADD, "cultivation.poolentry", "officer")])
    def test_it_lets_an_officer_pick_a_colleague_on_their_forms(self, officer, form_url, model, field_name):
        colleague = staff("zhou_officer", county="330902", last_name="周", first_name="海军")
        response = search(officer, form_url, model, field_name, "周海")
        assert response.status_code == 200
        assert response.json()["results"] == [{"id": str(colleague.pk), "text": "周海军"}]

    def test_it_lists_active_staff_of_the_officers_area_and_of_the_city(self, officer):
        staff("same_county", county="330902", last_name="李", first_name="娜")
        staff("city_wide", last_name="王", first_name="芳")
        staff("other_county", county="330903", last_name="陈", first_name="刚")
        staff("left", county="330902", last_name="赵", first_name="敏", is_active=False)
        get_user_model().objects.create_user("not_staff", last_name="孙", first_name="杰")
        names = [row["text"] for row in search(officer, FIRM_ADD, "registry.enterprise", "service_officer").json()["results"]]
        assert names == ["张伟", "李娜", "王芳"]

    def test_the_chosen_colleague_shows_by_name_on_the_form(self, officer):
        colleague = staff("zhou_officer", county="330902", last_name="周", first_name="海军")
        entry = make_entry(make_enterprise(county_id="330902"), officer=colleague)
        page = officer.get(reverse("admin:cultivation_poolentry_change", args=[entry.pk])).content.decode()
        assert f'<option value="{colleague.pk}" selected>周海军</option>' in page

    def test_the_officer_still_cannot_open_the_user_admin(self, officer):
        assert officer.get(reverse("admin:auth_user_changelist")).status_code == 403
        assert officer.get(reverse("admin:autocomplete"), {"app_label": "registry", "model_name": "enterprise", "field_name": "service_officer"}).status_code == 403

    def test_it_refuses_a_user_who_may_not_fill_in_the_form(self, client, db):
        client.force_login(staff("viewer", VIEWER))
        url = reverse("admin:registry_enterprise_colleagues")
        assert client.get(url, {"app_label": "registry", "model_name": "enterprise", "field_name": "service_officer"}).status_code == 403

    @pytest.mark.parametrize("field_name", ["industry", "county", "nothing", ""])
    def test_it_answers_only_for_a_field_naming_a_user(self, officer, field_name):
        response = officer.get(reverse("admin:registry_enterprise_colleagues"), {"app_label": "registry", "model_name": "enterprise", "field_name": field_name})
        assert response.status_code == 403

    def test_it_finds_nothing_for_a_nul(self, officer):
        staff("zhou_officer", county="330902", last_name="周", first_name="海军")
        assert search(officer, FIRM_ADD, "registry.enterprise", "service_officer", "周\x00").json()["results"] == []
