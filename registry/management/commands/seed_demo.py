import random

from django.core.management.base import BaseCommand

from registry.dates import today
from registry.demo import demo_steps, seed_enterprises


class Command(BaseCommand):
    help = "生成舟山演示数据（企业，以及各应用声明的演示数据：培育库、月度与年度数据等），相同种子结果相同"

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=300, help="企业数量（默认300）")
        parser.add_argument("--seed", type=int, default=5428, help="随机种子（默认5428）")

    def handle(self, *args, **options):
        rng = random.Random(options["seed"])
        firms = seed_enterprises(rng, options["enterprises"])
        # One generator through every step, in the declared order: the same seed gives the same data.
        for step in demo_steps():
            step(rng, firms, today())
        self.stdout.write(self.style.SUCCESS(f"演示企业 {len(firms)} 家"))
