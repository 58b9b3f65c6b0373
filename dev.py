#!/usr/bin/env python3
"""One entry point for a fresh machine with only Python 3.11.

    python3 dev.py serve   set up, load demo data, print a login, run on 127.0.0.1:8000 with a background worker
    python3 dev.py test    set up and run the whole test suite (extra args go to pytest)
    python3 dev.py bench   set up and run the benchmarks (writes bench/results)
"""

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
REQUIREMENTS = ROOT / "requirements-dev.txt"
STAMP = VENV / ".requirements.sha256"
# The suite and the benchmarks run with DEBUG off against throwaway data over plain http: a fixed key, no HTTPS redirect.
LOCAL_SECRET_KEY = "dev-py-local-runs-only-never-in-production-5428-zhoushan-registry"


def run(*args, env=None):
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], cwd=ROOT, env=env).returncode


def requirements_digest():
    digest = hashlib.sha256()
    for name in ("requirements.txt", "requirements-dev.txt"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_environment():
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    if not STAMP.exists() or STAMP.read_text() != requirements_digest():
        if run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", REQUIREMENTS):
            sys.exit("依赖安装失败 / installing requirements failed")
        STAMP.write_text(requirements_digest())
    (ROOT / "var").mkdir(exist_ok=True)


def manage(*args, env=None):
    code = run(PYTHON, "manage.py", *args, env=env)
    if code:
        sys.exit(code)


def serve(extra):
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "1")}
    manage("migrate", "--no-input", env=env)
    manage("seed_demo", env=env)
    manage("ensure_admin", env=env)
    # Background jobs (large imports, candidate lists) need a worker; on SQLite it shares the database file.
    worker = subprocess.Popen([str(PYTHON), "manage.py", "db_worker"], cwd=ROOT, env=env)
    print("打开 / open http://127.0.0.1:8000/admin/", flush=True)
    try:
        manage("runserver", "127.0.0.1:8000", *extra, env=env)
    finally:
        worker.terminate()
        worker.wait()


def chromium_present():
    return shutil.which("chromium") is not None or Path("/usr/bin/chromium").exists()


def use_local_settings():
    os.environ.setdefault("SECRET_KEY", LOCAL_SECRET_KEY)
    os.environ["HTTPS"] = "0"


def test(extra):
    use_local_settings()
    args = ["-m", "pytest", *extra]
    if not chromium_present() and not os.environ.get("CI"):
        print("未找到 Chromium：跳过浏览器端到端测试 / Chromium not found: skipping browser tests", flush=True)
        args += ["-m", "not e2e"]
    sys.exit(run(PYTHON, *args))


def bench(extra):
    use_local_settings()
    sys.exit(run(PYTHON, "-m", "bench", *extra))


COMMANDS = {"serve": serve, "test": test, "bench": bench}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    ensure_environment()
    COMMANDS[sys.argv[1]](sys.argv[2:])
