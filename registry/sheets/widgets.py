"""Cell widgets: parse a cell with values.py on import, give a native value on export, describe themselves.

Each widget has `format_hint` and `allowed_values()` for the template's 说明 sheet. `render` returns
native values (Decimal, date, Month, str); the formats decide how they look in xlsx or CSV.
"""

import re
import unicodedata

from django.contrib.auth import get_user_model
from import_export.widgets import ManyToManyWidget, Widget

from registry.uscc import normalise_uscc

from . import values
from .language import sheet_labels

LIST_SEPARATORS = re.compile(r"[、，,；;\n]+")
LIST_JOINER = "、"
MAX_LISTED_CHOICES = 12
_CODE_AND_NAME = re.compile(r"^([0-9A-Z]+)\s*(\S.*)?$")


def lookup_key(text):
    """Spaces removed, full-width folded, upper-case: how codes and names are compared."""
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).upper()


class CellWidget(Widget):
    format_hint = "文本"

    def __init__(self):
        super().__init__(coerce_to_string=False)

    def allowed_values(self):
        return ""

    def clean(self, value, row=None, **kwargs):
        return self.parse(value)

    def parse(self, value):
        return values.parse_text(value)

    def render(self, value, obj=None, **kwargs):
        return value


class TextCell(CellWidget):
    pass


class UsccCell(CellWidget):
    format_hint = "18位代码，字母大写；空格、全角字符会自动去除"

    def parse(self, value):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise ValueError("统一社会信用代码被 Excel 存成了数字，后几位可能已丢失。请把该列设为“文本”格式后重新填写")
        return normalise_uscc(values.parse_text(value))


class DateCell(CellWidget):
    format_hint = "日期，如 2024-03-05、2024/3/5、2024年3月5日、20240305，或 Excel 日期单元格"

    def parse(self, value):
        return values.parse_date(value)


class PeriodCell(CellWidget):
    format_hint = "年月，如 2024-03、2024/3、2024年3月、202403"

    def parse(self, value):
        return values.parse_period(value)

    def render(self, value, obj=None, **kwargs):
        return None if value is None else values.Month(value.year, value.month, 1)


class DecimalCell(CellWidget):
    format_hint = "数字，可带千分位逗号"

    def parse(self, value):
        return values.parse_decimal(value)


class IntegerCell(CellWidget):
    format_hint = "整数"

    def parse(self, value):
        return values.parse_integer(value)


class YearCell(CellWidget):
    format_hint = "四位年份，如 2018"

    def parse(self, value):
        return values.parse_year(value)


class BoolCell(CellWidget):
    format_hint = "是 或 否（也可填 Y/N、√/×、1/0）"

    def allowed_values(self):
        return "是、否"

    def parse(self, value):
        return values.parse_bool(value)

    def render(self, value, obj=None, **kwargs):
        return None if value is None else ("是" if value else "否")


class ChoiceCell(CellWidget):
    """One of a model field's choices, by its Chinese label or its code; `aliases` adds other words staff use."""

    format_hint = "从可填的值中选一个"

    def __init__(self, choices, aliases=None):
        super().__init__()
        self.choices = [(str(code), label) for code, label in sheet_labels(choices).items()]
        self.by_key = {}
        for code, label in self.choices:
            self.by_key[lookup_key(code)] = code
            self.by_key[lookup_key(label)] = code
        for word, code in (aliases or {}).items():
            self.by_key[lookup_key(word)] = code

    def allowed_values(self):
        return LIST_JOINER.join(label for _, label in self.choices)

    def parse(self, value):
        text = values.parse_text(value)
        if not text:
            return None
        code = self.by_key.get(lookup_key(text))
        if code is None:
            raise ValueError(f"“{text}”不是可选的值，可填：{self.allowed_values()}")
        return code

    def render(self, value, obj=None, **kwargs):
        return dict(self.choices).get(value, value) or None


class RefCell(CellWidget):
    """A related row found by its code or its name (also "3731 金属船舶制造"); `filters` narrows the rows allowed.

    Lookups are loaded once per import. `prefixes`/`suffixes` let "舟山市定海区" or "定海" find 定海区.
    """

    def __init__(self, model, *, label, code_field="code", name_field="name", filters=None, code_width=None, prefixes=(), suffixes=(), render_field="name", hint=""):
        super().__init__()
        self.model = model
        self.label = label
        self.code_field = code_field
        self.name_field = name_field
        self.filters = filters or {}
        self.code_width = code_width
        self.prefixes = tuple(lookup_key(prefix) for prefix in prefixes)
        self.suffixes = tuple(lookup_key(suffix) for suffix in suffixes)
        self.render_field = render_field
        self.format_hint = hint or f"{label}的代码或名称"
        self.limit_choices_to = None
        self._index = None

    def __deepcopy__(self, memo):
        # Each resource instance gets its own widget and so its own lookup for one import.
        clone = self.__class__.__new__(self.__class__)
        clone.__dict__.update(self.__dict__)
        clone._index = None
        return clone

    def restrict_to(self, limit_choices_to):
        """Also apply the model field's limit_choices_to, so the sheet accepts what the admin form accepts."""
        self.limit_choices_to = limit_choices_to

    def queryset(self):
        queryset = self.model._default_manager.filter(**self.filters)
        return queryset.complex_filter(self.limit_choices_to) if self.limit_choices_to else queryset

    def allowed_values(self):
        rows = list(self.queryset()[: MAX_LISTED_CHOICES + 1])
        if len(rows) > MAX_LISTED_CHOICES:
            return ""
        return LIST_JOINER.join(str(getattr(row, self.name_field)) for row in rows)

    def _lookup(self):
        if self._index is None:
            by_code, by_name = {}, {}
            for row in self.queryset():
                by_code[lookup_key(getattr(row, self.code_field))] = row
                by_name.setdefault(lookup_key(getattr(row, self.name_field)), []).append(row)
            self._index = (by_code, by_name)
        return self._index

    def _candidates(self, key):
        stems = [key] + [key[len(prefix):] for prefix in self.prefixes if key.startswith(prefix) and len(key) > len(prefix)]
        return stems + [stem + suffix for stem in stems for suffix in self.suffixes]

    def find(self, value):
        """The related row for one cell value, or ValueError with the reason."""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(int(value)).zfill(self.code_width or 0)
        text = values.parse_text(value)
        if not text:
            return None
        by_code, by_name = self._lookup()
        key = lookup_key(text)
        for candidate in self._candidates(key):
            if candidate in by_code:
                return by_code[candidate]
            named = by_name.get(candidate, [])
            if len(named) == 1:
                return named[0]
            if len(named) > 1:
                raise ValueError(f"{self.label}“{text}”对应多个，请填写代码")
        return self._find_code_and_name(text, key, by_code)

    def _find_code_and_name(self, text, key, by_code):
        match = _CODE_AND_NAME.match(key)
        if match:
            code, name = match.groups()
            codes = [code] + ([code[1:]] if code[:1].isalpha() and code[1:].isdigit() else [])
            for candidate in codes:
                row = by_code.get(candidate)
                if row is None:
                    continue
                if name and lookup_key(getattr(row, self.name_field)) != name:
                    raise ValueError(f"{self.label}代码{candidate}对应“{getattr(row, self.name_field)}”，与所填名称不一致")
                return row
        allowed = self.allowed_values()
        choices = f"，可填：{allowed}" if allowed else ""
        raise ValueError(f"找不到{self.label}“{text}”{choices}")

    def parse(self, value):
        return self.find(value)

    def render(self, value, obj=None, **kwargs):
        return None if value is None else str(getattr(value, self.render_field))


class UserCell(RefCell):
    """A staff member by user name or full name (姓+名)."""

    def __init__(self, *, label):
        super().__init__(get_user_model(), label=label, code_field="username", name_field="username", hint=f"{label}的姓名或登录名")

    def _lookup(self):
        if self._index is None:
            by_code, by_name = {}, {}
            for user in self.queryset():
                by_code[lookup_key(user.get_username())] = user
                for name in {user.last_name + user.first_name, user.first_name + user.last_name}:
                    if name:
                        by_name.setdefault(lookup_key(name), []).append(user)
            self._index = (by_code, by_name)
        return self._index

    def allowed_values(self):
        return ""

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return None
        return (value.last_name + value.first_name) or value.get_username()


class RefListCell(ManyToManyWidget):
    """Several related rows in one cell, separated by 、，,；; each found like RefCell does."""

    def __init__(self, model, **options):
        super().__init__(model, separator=LIST_JOINER, field=options.get("name_field", "name"))
        self.ref = RefCell(model, **options)
        self.format_hint = options.get("hint") or f"{self.ref.label}的名称或代码，多个用顿号“、”分隔"

    def __deepcopy__(self, memo):
        clone = self.__class__.__new__(self.__class__)
        clone.__dict__.update(self.__dict__)
        clone.ref = self.ref.__deepcopy__(memo)
        return clone

    def allowed_values(self):
        return self.ref.allowed_values()

    def restrict_to(self, limit_choices_to):
        self.ref.restrict_to(limit_choices_to)

    def clean(self, value, row=None, **kwargs):
        text = values.parse_text(value)
        found, missing = [], []
        for item in LIST_SEPARATORS.split(text):
            item = item.strip()
            if not item:
                continue
            try:
                related = self.ref.find(item)
            except ValueError:
                missing.append(item)
                continue
            if related not in found:
                found.append(related)
        if missing:
            allowed = self.allowed_values()
            choices = f"，可填：{allowed}" if allowed else ""
            raise ValueError(f"找不到{self.ref.label}“{LIST_JOINER.join(missing)}”{choices}")
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return None
        return LIST_JOINER.join(self.ref.render(related) for related in value.all()) or None
