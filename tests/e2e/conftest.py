"""Browser journeys in Debian's Chromium driven by Playwright; screenshots go to test-results/e2e/."""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-results" / "e2e"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]

# Playwright's sync API keeps an event loop in the test thread; the ORM calls in tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def chromium(django_db_setup, django_db_blocker):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI 环境缺少 /usr/bin/chromium：浏览器测试不能跳过")
        pytest.skip("未安装 Chromium")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with django_db_blocker.unblock():
        serialized = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    with sync_playwright() as playwright:
        # Under Playwright's running loop Django keeps connections per context; the new ones need the
        # serialized reference data too, or serialized_rollback restores nothing after each test.
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and page is not None:
        # A failing step leaves a picture of what the browser showed.
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTEFACTS / f"FAILED-{re.sub(r'[^A-Za-z0-9_.-]', '_', item.name)}.png"), full_page=True)


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(locale="zh-CN", accept_downloads=True, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.base_url = live_server.url
    yield page
    context.close()


def login(page, username, password="pw-for-tests-5428"):
    page.goto(f"{page.base_url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))


def screenshot(page, name):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)
