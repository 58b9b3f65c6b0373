import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cultivation.eligibility.candidates import PROVINCIAL_LAYOUT, batch_named, candidate_list, county_coded
from cultivation.eligibility.tiers import EligibilityError, check_override, rule_tier_of, tier_for_candidates
from cultivation.eligibility.workbook import candidate_workbook
from registry.dates import today
from registry.fields import EARLIEST_DATE, LATEST_DATE


class Command(BaseCommand):
    help = "按省级申报汇总表版式导出某培育层级的候选名单（xlsx），按县（区）、得分排序"

    def add_arguments(self, parser):
        parser.add_argument("--tier", required=True, help="培育层级代码，如 innovative_sme、srdi_sme、little_giant")
        parser.add_argument("--batch", help="批次名称，如“2026年第一批”；只列该批次的在库企业")
        parser.add_argument("--county", help="县（区）代码，如 330902")
        parser.add_argument("--output", required=True, help="输出文件（.xlsx）")
        parser.add_argument("--date", help="测评日期（YYYY-MM-DD），决定适用的标准版本与“上年”，默认今天")
        parser.add_argument("--rule-version", help="指定测评标准版本（如 2022），默认按测评日期自动选择")
        parser.add_argument("--eligible-only", action="store_true", help="只列符合条件的企业")
        parser.add_argument("--layout", default=PROVINCIAL_LAYOUT, help=f"导出版式代码，默认 {PROVINCIAL_LAYOUT}")

    def handle(self, *args, **options):
        output = Path(options["output"])
        if output.suffix.lower() != ".xlsx":
            raise CommandError(f"输出文件应以 .xlsx 结尾：{output}")
        if not output.parent.is_dir():
            raise CommandError(f"输出目录不存在：{output.parent}")
        if output.is_dir():
            raise CommandError(f"输出路径是一个目录，请给出文件名：{output}")
        on = self.evaluation_date(options["date"])
        try:
            tier = tier_for_candidates(options["tier"])
            override = check_override(rule_tier_of(tier.code), options["rule_version"])
            county = county_coded(options["county"])
            candidates = candidate_list(
                tier, on=on, batch=batch_named(tier, options["batch"]), county=county, override=override,
                eligible_only=options["eligible_only"], layout_code=options["layout"],
            )
        except EligibilityError as error:
            raise CommandError(str(error)) from None
        try:
            output.write_bytes(candidate_workbook(candidates))
        except OSError as error:
            raise CommandError(f"无法写入输出文件 {output}：{error.strerror or error}") from None
        passing = sum(1 for row in candidates.rows if row.evaluation.eligible)
        self.stdout.write(f"{tier.name}候选名单：{len(candidates.rows)} 家企业，其中符合条件 {passing} 家 → {output}")

    def evaluation_date(self, text):
        if not text:
            return today()
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"--date 应为 YYYY-MM-DD 格式的日期，收到：{text}") from None
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise CommandError(f"--date 应在{EARLIEST_DATE.year}年至{LATEST_DATE.year}年之间，收到：{text}")
        return day
