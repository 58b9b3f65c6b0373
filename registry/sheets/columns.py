"""A resource's column declaration: header, model attribute, widget and what staff need to know to fill it."""

from dataclasses import dataclass

from .headers import CANONICAL_HEADERS


@dataclass(frozen=True)
class Column:
    header: str  # a canonical header from headers.py
    attribute: str  # the model attribute the column fills
    widget: object  # a widget from widgets.py
    required: bool = False
    meaning: str = ""
    unit: str = ""  # the unit the numbers are in; a file header with another unit is refused
    example: str = ""
    readonly: bool = False  # exported, never imported

    def __post_init__(self):
        if self.header not in CANONICAL_HEADERS:
            raise ValueError(f"{self.header!r} is not a canonical header; add it to registry/sheets/headers.py")

    @property
    def format_hint(self):
        return self.widget.format_hint

    def allowed_values(self):
        return self.widget.allowed_values()
