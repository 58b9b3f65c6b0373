"""What the installed apps declare on their AppConfig (demo_steps, daily_tasks, firm_area_moves, audited_models,
import_kinds…), read one way: every app's entries, in INSTALLED_APPS order, then in the order each app lists them."""

from django.apps import apps
from django.utils.module_loading import import_string


def declared(name):
    """Every installed app's entries of the declaration `name`."""
    return [entry for config in apps.get_app_configs() for entry in getattr(config, name, ())]


def declared_callables(name):
    """The objects a declaration of dotted paths names."""
    return [import_string(path) for path in declared(name)]
