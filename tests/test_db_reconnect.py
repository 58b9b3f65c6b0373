"""A gunicorn worker whose kept database connection was cut answers its next request normally (PostgreSQL).

A PostgreSQL restart ends every backend with "terminating connection due to administrator command";
pg_terminate_backend sends a backend exactly that, so terminating only this test database's backends
leaves the worker in the same state as a restart would, without cutting other sessions on a shared server.
"""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.factories import make_user

ROOT = Path(__file__).resolve().parent.parent
BOOT_ATTEMPTS = 240  # polls of a quarter second: a cold worker imports Django and every app first

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(port, process, log):
    for _ in range(BOOT_ATTEMPTS):
        if process.poll() is not None:
            pytest.fail(f"gunicorn stopped:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.25)
    pytest.fail(f"gunicorn did not start:\n{log.read_text()}")


@pytest.fixture
def worker(transactional_db, tmp_path):
    """One gunicorn worker serving the test database with the production connection settings."""
    if connection.vendor != "postgresql":
        pytest.skip("the kept connection and its health check are tested against PostgreSQL; CI runs the suite on PostgreSQL too")
    port, log = free_port(), tmp_path / "gunicorn.log"
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "DATABASE_URL": database_url(),
        "SECRET_KEY": settings.SECRET_KEY,  # the session made in this process must be valid in the server
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "0",
        "DB_CONN_MAX_AGE": "60",  # the production default: one connection kept across requests
        "REGISTRY_VAR_DIR": str(tmp_path),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    # As a deployment does before starting the server: the hashed static files the pages name (README, Production).
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"]
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for(port, process, log)
        yield f"http://127.0.0.1:{port}", log
    finally:
        process.terminate()
        process.wait(timeout=60)


def get(url, session):
    request = urllib.request.Request(url, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def terminate_backends_of_this_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return cursor.fetchone()[0]


class DatabaseReconnectTests:
    def test_it_answers_after_the_database_cut_the_workers_connection(self, worker):
        base, log = worker
        browser = Client()
        browser.force_login(make_user("boss", superuser=True))
        session = browser.cookies[settings.SESSION_COOKIE_NAME].value
        assert get(f"{base}/admin/", session) == 200, log.read_text()
        assert terminate_backends_of_this_database() >= 1  # the worker's kept connection was among them
        assert get(f"{base}/admin/", session) == 200, log.read_text()
