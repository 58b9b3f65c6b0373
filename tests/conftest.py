import pytest
from django.utils import translation

from tests.factories import make_user


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    # The locale middleware leaves a request's language active in the thread; a server starts each request afresh, tests must too.
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Hashing at production strength would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def static_files_by_plain_names(settings):
    # Hashed names come from the manifest collectstatic writes, which a test run does not build (tests/test_static_files.py builds one).
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture
def admin_user(db):
    return make_user("boss", superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
