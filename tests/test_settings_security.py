"""Production settings from the environment: each case starts manage.py in a fresh process with only the variables it names."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOSTS = "registry.example.gov.cn"
SHOWN = (
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER",
    "AXES_IPWARE_META_PRECEDENCE_ORDER",
    "AXES_IPWARE_PROXY_COUNT",
)
PRINT_SETTINGS = f"import json, axes.conf; from django.conf import settings; print(json.dumps({{name: getattr(settings, name, None) for name in {SHOWN!r}}}))"


@pytest.fixture
def manage(tmp_path):
    def run(*args, **variables):
        # Only what a fresh machine has, plus the variables under test: nothing leaks in from the suite's own settings.
        env = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", "REGISTRY_VAR_DIR": str(tmp_path), **variables}
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)

    return run


@pytest.fixture
def production_settings(manage):
    def read(**variables):
        done = manage("shell", "-c", PRINT_SETTINGS, SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS=HOSTS, **variables)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    return read


class SecretKeyTests:
    def test_the_server_refuses_to_start_without_a_key_when_debug_is_off(self, tmp_path):
        for key in ({}, {"SECRET_KEY": ""}):
            env = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", "REGISTRY_VAR_DIR": str(tmp_path), "ALLOWED_HOSTS": HOSTS, **key}
            done = subprocess.run([sys.executable, "-c", "import config.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
            assert done.returncode != 0
            assert "未设置 SECRET_KEY" in done.stderr and "SECRET_KEY is not set" in done.stderr

    def test_commands_that_sign_nothing_run_without_a_key(self, manage):
        checked = manage("check", ALLOWED_HOSTS=HOSTS)
        assert checked.returncode == 0, checked.stderr
        assert "System check identified no issues" in checked.stdout
        migrations = manage("makemigrations", "--check", "--dry-run", ALLOWED_HOSTS=HOSTS)
        assert migrations.returncode == 0 and "No changes detected" in migrations.stdout, migrations.stderr

    def test_the_deployment_check_names_the_missing_key(self, manage):
        done = manage("check", "--deploy", "--fail-level", "WARNING", ALLOWED_HOSTS=HOSTS)
        assert done.returncode != 0 and "security.W009" in done.stderr

    def test_it_starts_without_a_key_in_development(self, manage):
        done = manage("check", DEBUG="1")
        assert done.returncode == 0, done.stderr
        assert "System check identified no issues" in done.stdout


class DeploymentCheckTests:
    def test_it_passes_the_deployment_checks_with_only_a_key_and_hosts(self, manage):
        done = manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS=HOSTS)
        assert done.returncode == 0, done.stderr
        assert "System check identified no issues" in done.stdout

    def test_it_turns_https_on_unless_told_otherwise(self, production_settings):
        shown = production_settings()
        assert shown["SECURE_SSL_REDIRECT"] and shown["SESSION_COOKIE_SECURE"] and shown["CSRF_COOKIE_SECURE"]
        assert shown["SECURE_HSTS_SECONDS"] == 31536000

    def test_it_turns_https_off_when_asked_on_purpose(self, production_settings):
        shown = production_settings(HTTPS="0")
        assert not (shown["SECURE_SSL_REDIRECT"] or shown["SESSION_COOKIE_SECURE"] or shown["CSRF_COOKIE_SECURE"])
        assert shown["SECURE_HSTS_SECONDS"] == 0


class ProxySettingsTests:
    def test_it_takes_the_client_address_from_the_socket_without_a_proxy(self, production_settings):
        shown = production_settings()
        assert shown["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["REMOTE_ADDR"]
        assert shown["SECURE_PROXY_SSL_HEADER"] is None

    def test_it_trusts_the_entry_the_tls_proxy_wrote(self, production_settings):
        shown = production_settings(BEHIND_TLS_PROXY="1")
        assert shown["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
        assert shown["AXES_IPWARE_PROXY_COUNT"] == 0  # ipware counts the proxies inside the header: nginx alone adds none
        assert shown["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]

    def test_it_counts_a_second_proxy_when_told(self, production_settings):
        shown = production_settings(BEHIND_TLS_PROXY="1", TRUSTED_PROXY_COUNT="2")
        assert shown["AXES_IPWARE_PROXY_COUNT"] == 1
