"""Helpers for the bulk paths (the monthly import, evaluating every firm)."""

import gc
from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused():
    """Bulk work makes 10^5–10^6 short-lived objects and no reference cycles; the cyclic collector would rescan them over and over."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
