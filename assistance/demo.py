"""Demo 助企服务 on the demo firms: co-officers, visits, and problems in every status.

At the default 300 firms the city-wide figures have the review's shape: 488 problems, 化解率 95.5 %.
"""

import datetime

from django.db import transaction

from cultivation.models import Tier
from registry.demo import service_officers

from . import services
from .models import AssigneeUnit, Problem, ProblemCategory, ServiceWay, VisitInterval

DAY = datetime.timedelta(days=1)
DEFAULT_FIRMS = 300
# At 300 firms: 488 collected, 4 withdrawn, 462 resolved (462 ÷ 484 = 95.5 %); the rest open or unresolvable.
STATUS_COUNTS = (("resolved", 462), ("withdrawn", 4), ("unresolvable", 6), ("in_progress", 7), ("assigned", 5), ("collected", 4))
OPEN_STATUSES = ("collected", "assigned", "in_progress")
REOPENED = 6  # resolved ones that were reopened once and resolved again
VISIT_MONTHS = {"srdi_sme": 3, "little_giant": 3}  # other tiers: the default 6
CATEGORY_WEIGHTS = {"financing": 22, "labour": 18, "land": 10, "energy": 8, "policy": 14, "approval": 9, "market": 8, "technology": 7, "other": 4}
TOPICS = {
    "financing": ("流动资金贷款到期需续贷", "设备更新贷款贴息申请", "应收账款融资渠道"),
    "labour": ("缺少熟练焊工", "高校毕业生招聘对接", "外来务工人员子女入学"),
    "land": ("扩产用地指标", "厂房租赁到期", "闲置土地盘活"),
    "energy": ("用电容量增容", "天然气管网接入", "能耗指标调剂"),
    "policy": ("技改补助兑现进度", "专精特新奖励资金申领", "研发费用加计扣除辅导"),
    "approval": ("环评审批时限", "施工许可办理", "消防验收"),
    "market": ("参加海博会展位", "对接整船订单", "出口信用保险"),
    "technology": ("与高校共建研发中心", "数字化改造诊断", "检测认证服务"),
    "other": ("物流通道协调", "周边道路整治",),
}
RESULTS = ("已协调银行完成续贷", "已对接完成招聘", "已落实用地指标", "已完成增容", "资金已拨付到位", "审批已办结", "已完成对接", "已协调解决")


def scaled_statuses(count):
    """The demo's problem statuses for `count` firms, in the same shares as at 300."""
    share = count / DEFAULT_FIRMS
    statuses = []
    for status, number in STATUS_COUNTS:
        statuses += [status] * max(1, round(number * share))
    return statuses


def seed_visit_intervals():
    for code, months in VISIT_MONTHS.items():
        tier = Tier.objects.filter(code=code).first()
        if tier is not None:
            VisitInterval.objects.update_or_create(tier=tier, defaults={"months": months})


def take_steps(problem, status, rng, today):
    """Move a collected problem on to `status` through the services, with dates that fit."""
    if status == "withdrawn":
        return services.problem_withdraw(problem=problem, reason="企业已自行解决，申请撤回", acting_user=None)
    if status == "collected":
        return problem
    unit = rng.choice(list(AssigneeUnit.objects.filter(active=True)))
    problem = services.problem_assign(problem=problem, unit=unit, officer=problem.enterprise.service_officer, acting_user=None)
    if status == "assigned":
        return problem
    problem = services.problem_start(problem=problem, acting_user=None)
    closed_on = min(problem.raised_on + rng.randint(3, 40) * DAY, today)
    if status == "resolved":
        return services.problem_resolve(problem=problem, resolution=rng.choice(RESULTS), resolved_on=closed_on, satisfaction=rng.choices(("satisfied", "mostly", "unsatisfied"), weights=(80, 17, 3))[0], acting_user=None)
    if status == "unresolvable":
        return services.problem_give_up(problem=problem, reason="超出现行政策范围", resolution="已向企业解释政策并提供替代方案", resolved_on=closed_on, acting_user=None)
    return problem


@transaction.atomic
def seed_assistance(rng, firms, today):
    if not firms or Problem.objects.filter(enterprise__in=firms).exists():
        return  # already seeded: seed_demo may run twice
    seed_visit_intervals()
    officers = service_officers()
    ways = {way.code: way for way in ServiceWay.objects.all()}
    categories = {category.code: category for category in ProblemCategory.objects.all()}
    for index, firm in enumerate(firms):
        if index % 5 == 0:
            services.firm_officer_add(enterprise=firm, officer=officers[(index + 1) % len(officers)], acting_user=None)
    visited = [firm for firm in firms if rng.random() < 0.8]  # the rest may show on the 未走访 list
    records = []
    for firm in visited:
        for _ in range(rng.choice((1, 1, 2))):
            served_on = today - rng.randint(45, 330) * DAY
            lead = firm.service_officer or officers[0]
            records.append(services.service_record_create(
                enterprise=firm, served_on=served_on, way=ways[rng.choices(("visit", "phone", "meeting", "online"), weights=(60, 20, 10, 10))[0]],
                officers=[lead], discussed="了解企业生产经营、订单和用工情况，宣讲惠企政策", follow_up="跟踪企业反映事项办理进度", acting_user=None,
            ))
    for number, status in enumerate(scaled_statuses(len(firms))):
        record = records[number % len(records)] if records and number % 7 else None  # most problems come from a visit, some by phone or letter
        firm = record.enterprise if record else rng.choice(firms)
        raised_on = record.served_on if record else today - rng.randint(45, 330) * DAY
        code = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
        due_on = raised_on + rng.choice((15, 30, 60)) * DAY
        if status in OPEN_STATUSES:
            due_on = max(raised_on, today + rng.randint(-20, 30) * DAY)  # some open problems overdue, some not yet
        problem = services.problem_collect(
            enterprise=firm, raised_on=raised_on, way=record.way if record else ways["phone"], service_record=record, category=categories[code],
            description=rng.choice(TOPICS[code]), due_on=due_on, confirm_past_due=True, acting_user=None,
        )
        problem = take_steps(problem, status, rng, today)
        if status == "resolved" and number < REOPENED:
            problem = services.problem_reopen(problem=problem, reason="企业反映问题未完全解决", acting_user=None)
            services.problem_resolve(problem=problem, resolution="复查后已彻底解决", resolved_on=today - DAY, satisfaction="mostly", acting_user=None)
