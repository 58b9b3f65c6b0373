"""The English pages write dates as the Chinese ones do (config/formats/zh_Hans)."""

from config.formats.zh_Hans.formats import DATE_FORMAT, DATE_INPUT_FORMATS, DATETIME_FORMAT, DATETIME_INPUT_FORMATS, SHORT_DATE_FORMAT, SHORT_DATETIME_FORMAT  # noqa: F401
