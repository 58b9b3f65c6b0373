"""What every measurement needs: where the data lives, how to reach the databases, how to run a task."""

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .worker import RESULT_MARK

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
DATA_DIR = BENCH_DIR / "data"
RESULTS_DIR = BENCH_DIR / "results"
# The server only: a database name in BENCH_POSTGRES_URL (…/postgres) is dropped; each measurement names its own.
POSTGRES_URL = urlunsplit(urlsplit(os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"))[:2] + ("", "", ""))


class TaskFailed(RuntimeError):
    pass


@dataclass
class Context:
    rebuild: bool = False
    quick: bool = False

    def sqlite_url(self, name):
        return f"sqlite:///{DATA_DIR / name}"

    def postgres_url(self, database):
        return f"{POSTGRES_URL}/{database}"

    def run(self, task, database_url, **arguments):
        """Run `task` in a fresh process against `database_url`; returns its result dict."""
        env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "0", "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost", "LOG_LEVEL": "ERROR", "DB_CONN_MAX_AGE": "0"}
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "bench.worker", task, json.dumps(arguments)], cwd=ROOT, env=env, capture_output=True, text=True)
        lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_MARK)]
        if done.returncode or not lines:
            raise TaskFailed(f"{task} failed ({done.returncode}):\n{done.stderr[-3000:]}")
        result = json.loads(lines[-1][len(RESULT_MARK):])
        result["task_seconds"] = round(time.perf_counter() - started, 2)
        return result

    def log(self, message):
        print(message, flush=True)


def postgres_available():
    try:
        import psycopg

        with psycopg.connect(f"{POSTGRES_URL}/postgres", connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 - any failure means: no PostgreSQL for the bench
        return False


def recreate_postgres_database(name):
    import psycopg

    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def postgres_database_exists(name):
    import psycopg

    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
