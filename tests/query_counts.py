"""The one query-count check: a page or a selector runs as many queries for many rows as for few."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(action):
    """(queries run by `action()`, its result)."""
    with CaptureQueriesContext(connection) as captured:
        result = action()
    return len(captured), result


def assert_queries_do_not_grow(action, add_rows):
    """Runs `action`, then `add_rows()`, then `action` again: both runs must take the same number of queries.

    Returns the second run's result, for the test's own assertions on what it showed.
    """
    few, _ = count_queries(action)
    add_rows()
    many, result = count_queries(action)
    assert many == few, f"{few} queries with few rows, {many} with more"
    return result
