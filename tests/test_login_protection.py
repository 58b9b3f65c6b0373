import pytest
from django.urls import reverse

from tests.factories import make_user

LOGIN = reverse("admin:login")


@pytest.mark.django_db
class LoginThrottleTests:
    def test_it_locks_out_after_repeated_failures_with_a_chinese_message(self, client, settings):
        make_user("officer")
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            response = client.post(LOGIN, {"username": "officer", "password": "wrong"})
            assert response.status_code == 200
        response = client.post(LOGIN, {"username": "officer", "password": "wrong"})
        assert response.status_code == 429
        assert "登录已暂时锁定" in response.content.decode()
        assert "舟山市企业梯度培育库" in response.content.decode() and "Django" not in response.content.decode()
        # Even the right password is refused during the cool-off.
        response = client.post(LOGIN, {"username": "officer", "password": "pw-for-tests-5428"})
        assert response.status_code == 429

    def test_it_lets_a_correct_login_through(self, client):
        make_user("officer2")
        response = client.post(LOGIN, {"username": "officer2", "password": "pw-for-tests-5428", "next": "/admin/"})
        assert response.status_code == 302
