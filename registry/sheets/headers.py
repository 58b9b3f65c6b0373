"""The one header vocabulary, and matching a file's header row with it.

The vocabulary is collected from the declared resources: each SheetResource's columns name their canonical
header and its aliases (Column.header, Column.aliases), and the vocabulary is all of them together, so a
header shared by several resources shares its aliases. Mistakes in it (an alias claimed by two headers)
are system checks (checks.py). No Django here: the parse child finds the header row with the vocabulary's
keys, handed to it by the process that declared the resources.
"""

import re
import unicodedata
from dataclasses import dataclass, field

# Known columns that carry nothing to import: never reported as unknown.
IGNORED_HEADERS = ("序号",)

# Units a header may carry in brackets; the resource compares them with the column's own unit.
UNITS = ("万元", "亿元", "千元", "元", "万千瓦时", "千瓦时", "人", "%", "个", "年", "吨", "万吨")
_UNIT_SUFFIX = re.compile(r"[(\[](" + "|".join(re.escape(unit) for unit in UNITS) + r")[)\]]$")
_DECORATION = "*＊:："


def split_unit(header):
    """('工业总产值', '万元') for '工业总产值 （万元）'; the key is NFKC-folded, without spaces, upper-case."""
    text = "".join(unicodedata.normalize("NFKC", str(header or "")).split()).strip(_DECORATION)
    match = _UNIT_SUFFIX.search(text)
    if match:
        return text[: match.start()].strip(_DECORATION).upper(), match.group(1)
    return text.upper(), ""


def normalise_header(header):
    return split_unit(header)[0]


class Vocabulary:
    """Every declared header and alias, normalised, with the canonical header it stands for."""

    def __init__(self, columns=()):
        columns = tuple(columns)
        self.lookup = {}  # normalised header or alias -> canonical header
        self.clashes = []  # (header or alias as declared, the canonical header that has it, the one also claiming it)
        # The headers first: an alias that spells another column's header is the alias's mistake.
        for column in columns:
            self._claim(column.header, column.header)
        for column in columns:
            for alias in column.aliases:
                self._claim(alias, column.header)
        self.ignored = frozenset(normalise_header(header) for header in IGNORED_HEADERS)
        self.known_keys = frozenset(self.lookup) | self.ignored  # what tells a header row (looks_like_header_row)

    def _claim(self, text, canonical):
        holder = self.lookup.setdefault(normalise_header(text), canonical)
        if holder != canonical:
            self.clashes.append((text, holder, canonical))


DECLARED = []  # the resource classes whose columns make the vocabulary, in declaration order (SheetResourceMetaclass)
_built = ((), Vocabulary())


def declare(resource):
    DECLARED.append(resource)


def vocabulary():
    """The vocabulary of every declared resource, built again only when a resource was declared since."""
    global _built
    key = tuple(DECLARED)
    if _built[0] != key:
        _built = (key, Vocabulary(column for resource in key for column in resource.columns))
    return _built[1]


def canonical_header(header):
    """The canonical header a file's header stands for, or None when the vocabulary does not know it."""
    return vocabulary().lookup.get(normalise_header(header))


def looks_like_header_row(cells, known_keys, minimum=2):
    """True when at least `minimum` cells are known headers (`known_keys`: Vocabulary.known_keys): tells a header row from a title above it."""
    return sum(1 for cell in cells if isinstance(cell, str) and normalise_header(cell) in known_keys) >= minimum


@dataclass
class HeaderMatch:
    """How one file's header row maps onto a resource's columns."""

    names: list  # per file column: the canonical header it fills, or None when it is not imported
    unknown: list = field(default_factory=list)  # file headers this resource does not import
    missing: list = field(default_factory=list)  # required canonical headers not found
    duplicated: dict = field(default_factory=dict)  # canonical header -> the file headers that claim it
    unit_conflicts: list = field(default_factory=list)  # (file header, file unit, expected unit)
    found: list = field(default_factory=list)  # the file's non-blank headers, for the error message

    @property
    def errors(self):
        messages = []
        if self.missing:
            found = "、".join(self.found) or "（空）"
            messages.append(f"缺少必填列：{'、'.join(self.missing)}。文件中的列为：{found}。请使用导入模板的表头。")
        for canonical, headers in self.duplicated.items():
            messages.append(f"列“{canonical}”出现了{len(headers)}次（{'、'.join(headers)}），请只保留一列。")
        for header, unit, expected in self.unit_conflicts:
            messages.append(f"列“{header}”的单位是{unit}，本系统按{expected}导入，请换算为{expected}并把表头改为（{expected}）。")
        return messages

    @property
    def warnings(self):
        if not self.unknown:
            return []
        return [f"以下列不是本表的列，未导入：{'、'.join(self.unknown)}"]


def match_headers(file_headers, columns):
    """Map a file's headers onto `columns` (objects with .header, .required and .unit), through the declared vocabulary."""
    known = vocabulary()
    wanted = {column.header: column for column in columns}
    names, unknown, claimed, conflicts, found = [], [], {}, [], []
    for position, raw in enumerate(file_headers, 1):
        text = "" if raw is None else str(raw).strip()
        if not text:
            names.append(None)
            continue
        found.append(text)
        key, unit = split_unit(text)
        canonical = known.lookup.get(key)
        column = wanted.get(canonical)
        if column is None:
            names.append(None)
            if key not in known.ignored:
                unknown.append(text)
            continue
        if unit and column.unit and unit != column.unit:
            conflicts.append((text, unit, column.unit))
        claimed.setdefault(canonical, []).append(text)
        names.append(canonical)
    missing = [column.header for column in columns if column.required and column.header not in claimed]
    duplicated = {canonical: headers for canonical, headers in claimed.items() if len(headers) > 1}
    return HeaderMatch(names, unknown, missing, duplicated, conflicts, found)
