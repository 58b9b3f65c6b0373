"""Deterministic demo firms for Zhoushan: realistic sectors, valid USCCs, spread over counties and zones; and the
demo steps other apps declare, which `seed_demo` runs on these firms."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from .declarations import declared_callables
from .models import Cluster, Enterprise, IndustryChain, Region, StaffProfile, Zone
from .services import enterprise_create, enterprise_update
from .uscc import ALPHABET, make_uscc


@dataclass(frozen=True)
class Sector:
    suffix: str
    industries: tuple
    chain: str | None
    cluster: str | None
    products: tuple
    niche: str
    weight: int


SECTORS = (
    Sector("船舶修造有限公司", ("3731", "3735"), "shipbuilding_offshore", None, ("散货船修理", "LNG船改装", "化学品船建造"), "船舶修理与改装", 14),
    Sector("海洋工程装备有限公司", ("3737",), "shipbuilding_offshore", None, ("海上风电安装平台", "FPSO模块", "海工钢结构"), "海洋工程模块", 6),
    Sector("船用设备有限公司", ("3734",), "shipbuilding_offshore", None, ("船用甲板机械", "船用阀门", "船用泵"), "船用配套设备", 8),
    Sector("石化有限公司", ("2511", "2614"), "green_petrochemical", None, ("成品油", "芳烃", "乙烯下游产品"), "炼化一体化产品", 4),
    Sector("新材料科技有限公司", ("2651",), "new_materials", None, ("高性能聚烯烃", "工程塑料", "改性树脂"), "高端聚烯烃材料", 7),
    Sector("水产食品有限公司", ("1361", "1362", "1363"), "one_fish", "aquatic_processing", ("冷冻鱿鱼", "鱼糜制品", "深海鱼油"), "远洋水产品精深加工", 16),
    Sector("螺杆机械有限公司", ("3523",), None, "screws_machinery", ("注塑机螺杆", "挤出机机筒", "双合金螺杆"), "塑机螺杆机筒", 14),
    Sector("紧固件有限公司", ("3482",), None, "screws_machinery", ("高强度螺栓", "不锈钢紧固件"), "船用紧固件", 5),
    Sector("电子科技有限公司", ("3982", "3981"), "marine_electronics", "electronics_motors", ("船舶导航电子", "印制电路板", "电感元件"), "海洋电子元器件", 9),
    Sector("电机有限公司", ("3812",), "clean_energy_equipment", "electronics_motors", ("船用电动机", "风电变桨电机"), "船用及风电电机", 6),
    Sector("汽车配件有限公司", ("3670",), None, "auto_parts", ("汽车转向部件", "制动零件"), "汽车零部件", 5),
    Sector("粮油有限公司", ("1331",), None, "grain_oil", ("食用植物油",), "粮油加工", 3),
    Sector("泵业有限公司", ("3441",), "clean_energy_equipment", None, ("LNG低温泵", "海水淡化泵"), "低温及海水泵", 3),
)

PLACES = {"330902": ("定海", "舟山"), "330903": ("普陀", "舟山", "六横"), "330921": ("岱山", "舟山"), "330922": ("嵊泗", "舟山")}
COUNTY_WEIGHTS = (("330902", 38), ("330903", 32), ("330921", 22), ("330922", 8))
ZONE_OF_COUNTY = {"330902": ("jintang", "xincheng", "gaoxinqu"), "330903": ("liuheng", "putuoshan_zhujiajian"), "330921": ("lvse_shihua",), "330922": ()}
BRANDS = "海星 东海 金鹰 鑫亚 华泰 恒远 港龙 远洋 泰和 瑞丰 明珠 长宏 中昌 欣海 蓝鲸 海力 万邦 宏达 振华 永丰 汇通 海盛 金港 舜达 海德 佳豪 正和 凯灵 恒宇 新亚 浙海 润和 光汇 东润 博海 立洋 海峰 众诚 弘盛 安达".split()
SURNAMES = "王 李 张 刘 陈 杨 黄 赵 周 吴 徐 孙 胡 朱 高 林 何 郭 马 罗 郑 梁 谢 宋 唐 许 邓 冯 韩 曹".split()
GIVEN = "伟 芳 娜 敏 静 磊 军 洋 勇 艳 杰 涛 明 超 秀 霞 平 刚 华 斌 海 波 辉 健 峰".split()
DEMO_REASON = "演示数据"
# The demo's 助企专员: username, family and given name, level and unit (on their staff profile; no area: city-wide).
OFFICERS = (
    ("zhou_officer", "周", "海军", "city", "市经信局企业服务处"),
    ("wang_officer", "王", "丽娜", "county", "定海区经信局"),
    ("chen_officer", "陈", "建国", "county", "普陀区经信局"),
    ("li_officer", "李", "晓燕", "township", "岱山县高亭镇"),
)


def person_name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def weighted(rng, pairs):
    return rng.choices([item for item, _ in pairs], weights=[weight for _, weight in pairs])[0]


def demo_uscc(rng, county_code):
    body = "91" + county_code + "".join(rng.choice(ALPHABET[:10] if i < 2 else ALPHABET) for i in range(9))
    return make_uscc(body)


def service_officers():
    User = get_user_model()
    officers = []
    for username, last, first, level, unit in OFFICERS:
        user, _ = User.objects.get_or_create(username=username, defaults={"last_name": last, "first_name": first, "is_staff": True})
        StaffProfile.objects.update_or_create(user=user, defaults={"level": level, "unit": unit})
        officers.append(user)
    return officers


def demo_firm_values(rng, index, used_names):
    county = weighted(rng, COUNTY_WEIGHTS)
    sector = weighted(rng, [(s, s.weight) for s in SECTORS])
    place = rng.choice(PLACES[county])
    name = f"{place}{rng.choice(BRANDS)}{sector.suffix}"
    while name in used_names:
        name = f"{place}{rng.choice(BRANDS)}{rng.choice(BRANDS)}{sector.suffix}"
    used_names.add(name)
    zones = ZONE_OF_COUNTY[county]
    size = rng.choices(("large", "medium", "small", "micro"), weights=(6, 24, 50, 20))[0]
    established = datetime.date(rng.randint(1985, 2021), rng.randint(1, 12), rng.randint(1, 28))
    above_scale = size in ("large", "medium") or rng.random() < 0.3
    return sector, {
        "uscc": demo_uscc(rng, county),
        "name": name,
        "short_name": name[len(place):len(place) + 2 + 2],
        "county_id": county,
        "zone_code": rng.choice(zones) if zones and rng.random() < 0.55 else None,
        "industry_id": rng.choice(sector.industries),
        "main_products": "、".join(rng.sample(sector.products, k=min(2, len(sector.products)))),
        "niche_market": sector.niche,
        "niche_entry_year": max(established.year, rng.randint(2008, 2023)),
        "established_on": established,
        "legal_representative": person_name(rng),
        "contact_person": person_name(rng),
        "contact_phone": f"0580-{rng.randint(2000000, 8999999)}",
        "address": f"浙江省舟山市{Region.objects.get(code=county).name}{rng.choice(BRANDS)}路{rng.randint(1, 999)}号",
        "is_above_scale": above_scale,
        "above_scale_since": datetime.date(rng.randint(max(2012, established.year + 1), 2025), 1, 1) if above_scale else None,
        "size_class": size,
        "notes": "演示数据" if index % 50 == 0 else "",
    }


@transaction.atomic
def seed_enterprises(rng, count):
    """Create (or refresh) `count` demo firms; returns them in creation order."""
    officers = service_officers()
    zones = {zone.code: zone for zone in Zone.objects.all()}
    chains = {chain.code: chain for chain in IndustryChain.objects.all()}
    clusters = {cluster.code: cluster for cluster in Cluster.objects.all()}
    used_names = set()
    firms = []
    for index in range(count):
        sector, values = demo_firm_values(rng, index, used_names)
        zone_code = values.pop("zone_code")
        uscc = values.pop("uscc")
        values["zone"] = zones.get(zone_code)
        values["service_officer"] = officers[index % len(officers)]
        links = {"chains": [chains[sector.chain]] if sector.chain else [], "clusters": [clusters[sector.cluster]] if sector.cluster else []}
        existing = Enterprise.objects.filter(uscc=uscc).first()
        if existing is None:
            firm = enterprise_create(acting_user=None, reason=DEMO_REASON, uscc=uscc, **links, **values)
        else:
            firm = enterprise_update(enterprise=existing, acting_user=None, reason=DEMO_REASON, **links, **values)
        firms.append(firm)
    return firms


def demo_steps():
    """The steps each installed app declares (`demo_steps` on its AppConfig: dotted paths of `step(rng, firms, today)`),
    in INSTALLED_APPS order, then in the order each app lists them."""
    return declared_callables("demo_steps")
