"""Chinese wording shared by the rule sets: names, field labels, numbers."""

from decimal import ROUND_HALF_UP, Decimal

TIER_NAMES = {
    "innovative_sme": "创新型中小企业",
    "srdi_sme": "专精特新中小企业",
    "little_giant": "专精特新“小巨人”企业",
    "above_scale": "规模以上工业企业",
    "billion_yuan": "上十亿企业",
    "single_champion": "制造业单项冠军企业",
}

FIELD_LABELS = {
    "revenue": "营业收入",
    "main_business_revenue": "主营业务收入",
    "net_profit": "净利润",
    "total_assets": "资产总额",
    "total_liabilities": "负债总额",
    "rd_expense": "研发费用",
    "employees": "从业人员数",
    "rd_staff": "研发人员数",
    "ip_class1_count": "Ⅰ类知识产权数",
    "ip_class1_high_value_count": "高价值Ⅰ类知识产权数",
    "ip_class1_self_developed_count": "自主研发Ⅰ类知识产权数",
    "ip_class2_count": "Ⅱ类知识产权数",
    "rd_institution_level": "研发机构级别",
    "digitalisation_level": "数字化水平等级",
    "quality_items": "质量管理项数",
    "niche_market_share": "细分市场全国占有率",
    "niche_market_rank": "细分市场全国排名",
    "global_market_rank": "全球市场占有率排名",
    "equity_financing_2y": "近2年新增股权融资额",
    "equity_financing_3y": "近3年新增股权融资额",
    "award_level": "近3年科技奖励级别",
    "award_rank": "科技奖励排名",
    "maker_china_top500": "“创客中国”全国500强情况",
    "high_tech_title": "高新技术企业等称号情况",
    "strategic_emerging_product": "主导产品是否属于战略性新兴产业",
    "main_product_field": "主导产品所属领域",
    "fills_key_gap": "是否属于补短板领域",
    "platform_score": "平台评分",
    "evaluation_score": "评价得分",
    "new_product": "是否为新产品",
}

_EXPONENTS = {places: Decimal(1).scaleb(-places) for places in range(9)}


def plain_number(value, places=2) -> str:
    """12.50 → "12.5", 2000 → "2000", rounded half-up to `places` decimals."""
    if not isinstance(value, Decimal):
        return str(value)
    return _format(value.quantize(_EXPONENTS[places], ROUND_HALF_UP))


def number_near(value, limit) -> str:
    """Show `value` with enough decimals that it never reads as equal to `limit`."""
    if not isinstance(value, Decimal):
        return str(value)
    for places in (2, 4, 6, 8):
        rounded = value.quantize(_EXPONENTS[places], ROUND_HALF_UP)
        if rounded != limit or value == limit:
            return _format(rounded)
    return str(value)


def _format(rounded):
    # str() of a quantized Decimal is plain notation ("2.40"); drop the trailing zeros
    text = str(rounded).rstrip("0").rstrip(".") if rounded else "0"
    return text


def missing_field(year: int, field: str) -> str:
    return f"缺少{year}年{FIELD_LABELS[field]}"


def missing_year(year: int) -> str:
    return f"缺少{year}年年度数据"
