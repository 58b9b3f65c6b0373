"""Spreadsheet resources of the ladder, the monthly figures and the annual profiles; the firm columns they share."""

from registry.models import Enterprise
from registry.sheets.columns import Column
from registry.sheets.widgets import RefCell, TextCell
from registry.uscc import EXAMPLE_USCC

FIRM_BY_USCC = Column(
    "统一社会信用代码",
    "enterprise",
    RefCell(Enterprise, label="企业", code_field="uscc", render_field="uscc", hint="18位统一社会信用代码，企业须已在系统中登记"),
    required=True,
    meaning="按此代码找到企业；企业须已在系统中登记，不在系统中的行报错、不会新增企业",
    example=EXAMPLE_USCC,
)
FIRM_NAME = Column("企业名称", "enterprise__name", TextCell(), readonly=True, meaning="仅供核对，导入时不使用", example="舟山海星船舶修造有限公司")
FIRM_COUNTY = Column("县(区)", "enterprise__county__name", TextCell(), readonly=True, meaning="仅供核对，导入时不使用", example="定海区")
