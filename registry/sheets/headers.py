"""The one header vocabulary: canonical column headers, their aliases, and matching a file's header row."""

import re
import unicodedata
from dataclasses import dataclass, field

FIRM_HEADERS = (
    "统一社会信用代码", "企业名称", "企业简称", "县(区)", "功能区", "行业代码", "产业链", "特色产业集群",
    "主导产品", "细分市场", "进入细分市场年份", "成立日期", "法定代表人", "联系人", "联系电话", "地址",
    "是否规上", "入规日期", "企业规模", "助企专员", "经营状态", "备注",
)
MONTHLY_HEADERS = (
    "统一社会信用代码", "企业名称", "统计期", "工业总产值", "营业收入", "主营业务收入", "利润总额", "税收",
    "研发费用", "出口交货值", "用电量", "从业人员",
)
POOL_HEADERS = (
    "统一社会信用代码", "企业名称", "培育层级", "状态", "批次", "入库日期", "申报日期", "认定日期", "有效期至",
    "复核日期", "计划入规年份", "文号", "备注",
)
# What the criteria need beyond the monthly figures (营业收入, 研发费用, 从业人员… are shared with them).
ANNUAL_HEADERS = (
    "年度", "净利润", "资产总额", "负债总额", "研发人员", "Ⅰ类知识产权数", "高价值Ⅰ类知识产权数", "自主研发Ⅰ类知识产权数", "Ⅱ类知识产权数",
    "研发机构级别", "数字化水平等级", "质量管理体系认证项数", "细分市场全国占有率", "细分市场全国排名", "全球市场占有率排名",
    "近2年新增股权融资", "近3年新增股权融资", "近3年最高科技奖励级别", "奖励等次", "创客中国全国500强", "高新技术企业等称号",
    "主导产品属战略性新兴产业", "主导产品所属领域", "补短板领域", "平台测评得分", "国家评价得分", "属新产品",
)
CANONICAL_HEADERS = tuple(dict.fromkeys(FIRM_HEADERS + MONTHLY_HEADERS + POOL_HEADERS + ANNUAL_HEADERS))

ALIASES = {
    "统一社会信用代码": ("信用代码", "社会信用代码", "统一代码", "USCC", "统一社会信用代码证号"),
    "企业名称": ("名称", "企业(单位)名称", "单位名称", "企业名", "公司名称", "单位详细名称"),
    "企业简称": ("简称",),
    "县(区)": ("县区", "所在县区", "区县", "所在县(区)", "所属县区", "所属县(区)", "县(市、区)", "县市区"),
    "功能区": ("所在功能区", "所属功能区"),
    "行业代码": ("行业", "国民经济行业代码", "所属行业代码", "行业小类代码", "国民经济行业"),
    "产业链": ("所属产业链",),
    "特色产业集群": ("产业集群", "所属产业集群"),
    "主导产品": ("主要产品",),
    "成立日期": ("成立时间", "注册日期"),
    "法定代表人": ("法人代表", "法人"),
    "联系电话": ("电话", "手机", "联系方式"),
    "地址": ("企业地址", "注册地址", "生产经营地址"),
    "是否规上": ("规上企业", "是否规上企业", "规上"),
    "入规日期": ("入规时间",),
    "企业规模": ("规模",),
    "助企专员": ("服务专员", "专员"),
    "经营状态": ("登记状态", "企业状态"),
    "统计期": ("年月", "期间", "所属期", "统计期间", "统计月份", "报告期", "月份"),
    "工业总产值": ("产值", "工业产值", "总产值"),
    "营业收入": ("营收",),
    "主营业务收入": ("主营收入",),
    "利润总额": ("利润",),
    "税收": ("利税", "税金"),
    "研发费用": ("研发投入", "研发经费"),
    "出口交货值": ("出口",),
    "用电量": ("工业用电量", "用电"),
    "从业人员": ("从业人数", "从业人员数", "职工人数", "员工人数"),
    "培育层级": ("层级", "培育梯度", "梯度"),
    "状态": ("培育状态",),
    "入库日期": ("入库时间",),
    "申报日期": ("申报时间",),
    "认定日期": ("认定时间",),
    "有效期至": ("有效期", "有效期截止"),
    "计划入规年份": ("预计入规年份", "计划入规时间"),
    "文号": ("认定文号",),
    "年度": ("年份", "数据年度", "统计年度"),
    "净利润": ("净利润额",),
    "资产总额": ("资产合计", "总资产"),
    "负债总额": ("负债合计", "总负债"),
    "研发人员": ("研发人员数", "研发人数"),
    "Ⅰ类知识产权数": ("一类知识产权数", "Ⅰ类知识产权"),
    "高价值Ⅰ类知识产权数": ("其中高价值Ⅰ类知识产权数",),
    "自主研发Ⅰ类知识产权数": ("其中自主研发Ⅰ类知识产权数",),
    "Ⅱ类知识产权数": ("二类知识产权数", "Ⅱ类知识产权"),
    "研发机构级别": ("研发机构",),
    "数字化水平等级": ("数字化水平",),
    "质量管理体系认证项数": ("质量管理认证项数",),
    "细分市场全国占有率": ("全国市场占有率",),
    "细分市场全国排名": ("全国排名",),
    "全球市场占有率排名": ("全球排名",),
    "近3年最高科技奖励级别": ("科技奖励级别",),
    "奖励等次": ("奖励排名", "获奖等次"),
    "高新技术企业等称号": ("高新技术企业",),
    "主导产品属战略性新兴产业": ("战略性新兴产业",),
    "补短板领域": ("填补国内空白",),
    "平台测评得分": ("平台评分",),
    "国家评价得分": ("评价得分",),
    "属新产品": ("新产品",),
}

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


def _build_lookup():
    lookup = {}
    for canonical in CANONICAL_HEADERS:
        lookup[normalise_header(canonical)] = canonical
    for canonical, aliases in ALIASES.items():
        if canonical not in CANONICAL_HEADERS:
            raise ValueError(f"alias target {canonical!r} is not a canonical header")
        for alias in aliases:
            key = normalise_header(alias)
            if lookup.get(key, canonical) != canonical:
                raise ValueError(f"alias {alias!r} is claimed by {lookup[key]!r} and {canonical!r}")
            lookup[key] = canonical
    return lookup


_LOOKUP = _build_lookup()
_IGNORED = frozenset(normalise_header(header) for header in IGNORED_HEADERS)


def canonical_header(header):
    """The canonical header a file's header stands for, or None when the vocabulary does not know it."""
    return _LOOKUP.get(normalise_header(header))


def is_ignored_header(header):
    return normalise_header(header) in _IGNORED


def looks_like_header_row(cells, minimum=2):
    """True when at least `minimum` cells are known headers: tells a header row from a title above it."""
    return sum(1 for cell in cells if isinstance(cell, str) and (canonical_header(cell) or is_ignored_header(cell))) >= minimum


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
    """Map a file's headers onto `columns` (objects with .header, .required and .unit)."""
    wanted = {column.header: column for column in columns}
    names, unknown, claimed, conflicts, found = [], [], {}, [], []
    for position, raw in enumerate(file_headers, 1):
        text = "" if raw is None else str(raw).strip()
        if not text:
            names.append(None)
            continue
        found.append(text)
        key, unit = split_unit(text)
        canonical = _LOOKUP.get(key)
        column = wanted.get(canonical)
        if column is None:
            names.append(None)
            if key not in _IGNORED:
                unknown.append(text)
            continue
        if unit and column.unit and unit != column.unit:
            conflicts.append((text, unit, column.unit))
        claimed.setdefault(canonical, []).append(text)
        names.append(canonical)
    missing = [column.header for column in columns if column.required and column.header not in claimed]
    duplicated = {canonical: headers for canonical, headers in claimed.items() if len(headers) > 1}
    return HeaderMatch(names, unknown, missing, duplicated, conflicts, found)
