"""Two `import_monthly` processes load files of the same new period at the same moment, on either database.

Each process has its own connection, as two staff at two terminals do: the second import must wait for the
first, count its rows as updates, keep the first file's figures as history, and its import record must say so.
"""

import json

from tests.factories import monthly_xlsx
from tests.processes import finished, fresh_database, manage  # noqa: F401  (fresh_database is a fixture)

FIRMS = 3600
SEED_FIRMS = f"""
from registry.models import Enterprise
from registry.uscc import make_uscc
Enterprise.objects.bulk_create(Enterprise(uscc=make_uscc(f"91330902{{n:09d}}"), name=f"并发企业{{n}}有限公司", county_id="330902", industry_id="3731") for n in range({FIRMS}))
"""
REPORT = """
import json
from cultivation.models import MonthlyReport
from registry.models import ImportRecord
records = {r.file_name: [r.rows_added, r.rows_updated, r.monthly_reports.count()] for r in ImportRecord.objects.all()}
history = sorted(MonthlyReport.history.values_list("history_type", flat=True))
outputs = sorted({str(value) for value in MonthlyReport.objects.values_list("output_value", flat=True)})
print(json.dumps({"records": records, "plus": history.count("+"), "tilde": history.count("~"), "outputs": outputs}))
"""


def monthly_file(path, output):
    from registry.uscc import make_uscc

    rows = [(make_uscc(f"91330902{n:09d}"), f"并发企业{n}有限公司", "2025-03", output, 1, 1, 1) for n in range(FIRMS)]
    path.write_bytes(monthly_xlsx(rows))
    return path


class ConcurrentMonthlyCommandTests:
    def test_it_serialises_two_imports_of_one_new_period(self, fresh_database, tmp_path):
        finished(manage(fresh_database, "migrate", "--no-input"))
        finished(manage(fresh_database, "shell", "-c", SEED_FIRMS))
        files = [monthly_file(tmp_path / "甲.xlsx", 10), monthly_file(tmp_path / "乙.xlsx", 20)]

        outputs = [finished(process) for process in [manage(fresh_database, "import_monthly", str(path)) for path in files]]

        report = json.loads(finished(manage(fresh_database, "shell", "--verbosity", "0", "-c", REPORT)))
        # One import came first and added every row; the other updated them all and now owns them.
        counts = sorted(tuple(values) for values in report["records"].values())
        assert counts == [(0, FIRMS, FIRMS), (FIRMS, 0, 0)], (outputs, report)
        assert sorted(line.split("（")[0] for text in outputs for line in text.splitlines() if "新增" in line) == [f"新增 0 条，更新 {FIRMS} 条，跳过 0 条", f"新增 {FIRMS} 条，更新 0 条，跳过 0 条"]
        # The first file's figures were kept before the second replaced them.
        assert (report["plus"], report["tilde"]) == (FIRMS, FIRMS)
        assert len(report["outputs"]) == 1
