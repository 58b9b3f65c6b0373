"""Separate processes on a database of the suite's own kind, as two staff at two terminals or two workers on two machines."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh_database(tmp_path):
    """A database of the suite's own kind that separate processes can open: a file for SQLite, a database for PostgreSQL."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'concurrent.sqlite3'}"
        return
    params = settings.DATABASES["default"]
    name = f"registry_concurrent_{os.getpid()}"
    server = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(database_url, *args):
    environment = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finished(process):
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, out + err
    return out


def run_queued_tasks():
    """Runs every queued task in this process, as `db_worker --batch` does, inside the test's transaction.

    The worker closes connections it finds in a transaction (as after a request); here the transaction is the
    test's own, so that check is left out.
    """
    from unittest import mock

    from django.core.management import call_command

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def job_file(client, response):
    """The file a job makes: `response` redirected to the job's page; the queue runs; the page's download is returned."""
    from django.urls import resolve

    assert response.status_code == 302, response.content.decode()[:2000]
    match = resolve(response["Location"])
    assert match.url_name == "registry_job_change", response["Location"]
    run_queued_tasks()
    return client.get(response["Location"].replace("/change/", "/download/"))
