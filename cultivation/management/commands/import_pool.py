"""python manage.py import_pool FILE --tier CODE [--batch NAME] [--status recognised] [--create-missing] [--dry-run]."""

from django.core.management.base import CommandError

from cultivation.ladder.services import LadderRefusal, tier_by_code
from cultivation.models.ladder import PoolStatus
from cultivation.resources.ladder import BATCH, IMPORTABLE_STATUSES, STATUS, TIER, PoolEntryResource
from registry.sheets.command import SheetImportCommand
from registry.sheets.language import sheet_labels


class Command(SheetImportCommand):
    help = "导入省、市公布的培育库或认定名单：按统一社会信用代码匹配企业，逐行登记入库、申报或认定；任何一行有错误时不写入任何数据。"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--tier", required=True, help="培育层级代码，如 innovative_sme、srdi_sme、little_giant")
        parser.add_argument("--batch", help="批次名称，如“2024年第二批”；该层级下没有此批次时新建")
        parser.add_argument("--status", choices=list(IMPORTABLE_STATUSES), help="名单中企业导入后的状态（文件中“状态”列留空的行）")
        parser.add_argument("--create-missing", action="store_true", help="系统中没有的企业按名单新建（须有企业名称、县(区)、行业代码列）")

    def get_resource(self, options):
        try:
            tier = tier_by_code(options["tier"])
        except LadderRefusal as refusal:
            raise CommandError(refusal.message) from None
        defaults = {TIER: tier.code}
        batch = None
        if options["batch"]:
            # A batch named on the command line is the province's: it is registered if new.
            defaults[BATCH] = options["batch"].strip()
            batch = (tier, defaults[BATCH])
        if options["status"]:
            defaults[STATUS] = sheet_labels(PoolStatus.choices)[options["status"]]
        return PoolEntryResource(create_missing=options["create_missing"], defaults=defaults, batch_to_register=batch)
