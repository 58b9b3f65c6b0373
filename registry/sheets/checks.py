"""System checks of the declared spreadsheet columns (`manage.py check`): mistakes in a declaration are reported
at start-up, with the resource that made them, instead of failing an import."""

from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP

from .headers import DECLARED, UNITS, vocabulary

HINT = "Each resource declares its columns (Column.header, Column.aliases); registry/sheets/headers.py collects them from every SheetResource."


@checks.register("sheets")
def check_declared_columns(app_configs=None, **kwargs):
    errors = [
        checks.Error(f"The header or alias {text!r} is claimed by {holder!r} and by {claimant!r}.", hint=HINT, obj=claimant, id="sheets.E001")
        for text, holder, claimant in vocabulary().clashes
    ]
    for resource in DECLARED:
        for column in resource.columns:
            if not names_a_field(resource, column.attribute):
                errors.append(checks.Error(f"The column {column.header!r} names {column.attribute!r}, which is no field of {resource._meta.model.__name__} and has no dehydrate_{column.attribute}().", hint=HINT, obj=resource, id="sheets.E002"))
            if column.unit and column.unit not in UNITS:
                errors.append(checks.Error(f"The column {column.header!r} has the unit {column.unit!r}, which is not one of {', '.join(UNITS)}.", hint="Add the unit to UNITS in registry/sheets/headers.py, or use a known one.", obj=resource, id="sheets.E003"))
    return errors


def names_a_field(resource, attribute):
    """A field of the resource's model (through relations, `enterprise__county__name`), or a value the resource exports itself."""
    if hasattr(resource, f"dehydrate_{attribute}"):
        return True
    model = resource._meta.model
    for name in attribute.split(LOOKUP_SEP):
        if model is None:
            return False
        try:
            model = model._meta.get_field(name).related_model
        except FieldDoesNotExist:
            return False
    return True
