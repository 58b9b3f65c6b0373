"""The registry of measurements: a module adds one with @measurement and is listed in MODULES."""

import importlib
from dataclasses import dataclass
from typing import Callable

# Each module registers its measurements when imported; add a new module here.
MODULES = ("bench.monthly_import", "bench.pages", "bench.eligibility", "bench.hostile_files")
MEASUREMENTS = {}


@dataclass(frozen=True)
class Measurement:
    name: str
    title: str
    run: Callable  # run(context) -> dict with "summary": [(what, value, target, met)] and any details


def measurement(name, title):
    def register(function):
        MEASUREMENTS[name] = Measurement(name, title, function)
        return function

    return register


def load_all():
    for module in MODULES:
        importlib.import_module(module)
    return MEASUREMENTS
