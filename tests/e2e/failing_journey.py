"""A journey that fails on purpose; test_failure_screenshot.py runs it in its own pytest to see the screenshot left behind."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_step_that_cannot_succeed(page):
    page.goto(f"{page.base_url}/admin/login/")
    assert page.locator("#id_no_such_field").count() == 1, "登录页上没有这个输入框"
