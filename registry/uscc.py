"""Unified social credit code (GB 32100-2015): normalisation and check digit, no ORM."""

import unicodedata

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18
_VALUES = {char: index for index, char in enumerate(ALPHABET)}


def normalise_uscc(raw):
    """Strip every kind of space, fold full-width to half-width, upper-case."""
    if raw is None:
        return ""
    text = unicodedata.normalize("NFKC", str(raw))
    return "".join(text.split()).upper()


def check_character(first17):
    total = sum(_VALUES[char] * weight for char, weight in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code):
    """Chinese reason why a normalised code fails GB 32100, or None when it is valid."""
    if len(code) != LENGTH:
        return f"统一社会信用代码应为18位，实际为{len(code)}位"
    bad = sorted({char for char in code if char not in _VALUES})
    if bad:
        return f"统一社会信用代码含有不允许的字符：{''.join(bad)}（不使用I、O、S、V、Z）"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误：第18位应为{expected}，实际为{code[17]}"
    return None


def uscc_is_valid(code):
    return uscc_problem(normalise_uscc(code)) is None


def make_uscc(first17):
    """Complete a 17-character body with its check character (for demo data and tests)."""
    return first17 + check_character(first17)


EXAMPLE_USCC = make_uscc("91330902MA2A1B2C3")  # the import templates' example, which passes its own check
