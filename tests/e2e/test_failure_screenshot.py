"""A failing browser step leaves a screenshot of what the browser showed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import ARTEFACTS, CHROMIUM

FAILING = Path(__file__).with_name("failing_journey.py")


def test_a_failing_step_leaves_a_screenshot(tmp_path):
    if not CHROMIUM.exists() and not os.environ.get("CI"):
        pytest.skip("未安装 Chromium")
    shot = ARTEFACTS / "FAILED-test_a_step_that_cannot_succeed.png"
    shot.unlink(missing_ok=True)
    # On SQLite whatever this suite runs on: a second pytest must not touch this run's test database.
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(FAILING)], cwd=ARTEFACTS.parents[1], env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stdout[-2000:]
    assert "登录页上没有这个输入框" in run.stdout
    assert shot.read_bytes().startswith(b"\x89PNG")
    shot.unlink()
