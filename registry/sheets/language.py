"""The language of every file the registry reads or writes: Chinese, whatever language the admin is shown in."""

from django.utils import translation

# Headers, allowed values and row errors follow the provincial layout, which is Chinese.
SHEET_LANGUAGE = "zh-hans"


def in_sheet_language():
    """A context (and decorator) under which model labels and choice names come out in the files' language."""
    return translation.override(SHEET_LANGUAGE)


def sheet_labels(choices):
    """{code: label} of a field's choices as plain strings in the files' language."""
    with in_sheet_language():
        return {code: str(label) for code, label in choices}
