import pytest
from django.test import Client
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


PROXY = "127.0.0.1"  # nginx on the same host, as in the README
COLLEAGUE, INTRUDER = "192.0.2.7", "192.0.2.66"


@pytest.fixture
def behind_tls_proxy(settings):
    # What config/settings.py sets for BEHIND_TLS_PROXY=1 (tests/test_settings_security.py checks that mapping).
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.IPWARE_STRICT = False


def through_proxy(forwarded_for):
    """A browser behind the proxy: every request arrives from the proxy's address, nginx appends the client's."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def lock_out(client, username, limit):
    responses = [client.post(LOGIN, {"username": username, "password": "wrong"}) for _ in range(limit)]
    assert responses[-1].status_code == 429


@pytest.mark.django_db
@pytest.mark.usefixtures("behind_tls_proxy")
class LoginThrottleBehindProxyTests:
    def test_it_locks_out_the_client_not_everyone_behind_the_proxy(self, settings):
        make_user("officer")
        intruder = through_proxy(INTRUDER)
        lock_out(intruder, "officer", settings.AXES_FAILURE_LIMIT)
        response = through_proxy(COLLEAGUE).post(LOGIN, {"username": "officer", "password": "pw-for-tests-5428", "next": "/admin/"})
        assert response.status_code == 302
        assert intruder.post(LOGIN, {"username": "officer", "password": "pw-for-tests-5428"}).status_code == 429

    def test_it_does_not_trust_addresses_a_client_put_in_front_of_the_proxys_entry(self, settings):
        make_user("officer")
        # The intruder claims to be the colleague; nginx appends the intruder's real address behind the claim.
        forger = through_proxy(f"{COLLEAGUE}, {INTRUDER}")
        lock_out(forger, "officer", settings.AXES_FAILURE_LIMIT)
        response = through_proxy(COLLEAGUE).post(LOGIN, {"username": "officer", "password": "pw-for-tests-5428", "next": "/admin/"})
        assert response.status_code == 302
        # Nor does a new forged address free the intruder: the lock stays on the address the proxy saw.
        assert through_proxy(f"198.51.100.9, {INTRUDER}").post(LOGIN, {"username": "officer", "password": "pw-for-tests-5428"}).status_code == 429
