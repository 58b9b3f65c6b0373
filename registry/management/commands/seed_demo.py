import random

from django.core.management.base import BaseCommand

from cultivation.eligibility.demo import seed_annual_profiles
from cultivation.ladder.demo import seed_ladder
from registry.dates import today
from cultivation.monitoring.demo import seed_monthly_reports
from registry.demo import seed_enterprises


class Command(BaseCommand):
    help = "生成舟山演示数据（企业、培育库、月度与年度数据），相同种子结果相同"

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=300, help="企业数量（默认300）")
        parser.add_argument("--seed", type=int, default=5428, help="随机种子（默认5428）")

    def handle(self, *args, **options):
        rng = random.Random(options["seed"])
        firms = seed_enterprises(rng, options["enterprises"])
        seed_ladder(rng, firms, today())
        seed_annual_profiles(rng, firms, today())
        seed_monthly_reports(rng, firms, today())
        self.stdout.write(self.style.SUCCESS(f"演示企业 {len(firms)} 家"))
