"""A resource's column declaration: header and its aliases, model attribute, widget and what staff need to know to fill it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    header: str  # the canonical header: what the template and the export write
    attribute: str  # the model attribute the column fills
    widget: object  # a widget from widgets.py
    required: bool = False
    meaning: str = ""
    unit: str = ""  # the unit the numbers are in; a file header with another unit is refused
    example: str = ""
    readonly: bool = False  # exported, never imported
    aliases: tuple = ()  # other headers staff's files use for it; every resource with this header reads them (headers.py)

    @property
    def format_hint(self):
        return self.widget.format_hint

    def allowed_values(self):
        return self.widget.allowed_values()
