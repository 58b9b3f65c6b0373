import datetime

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from cultivation.models import Batch
from tests.factories import make_enterprise, make_entry, make_profile_years, tier


def export(tmp_path, *args):
    output = tmp_path / "名单.xlsx"
    call_command("export_candidates", *args, "--output", str(output), stdout=None)
    return output


@pytest.mark.django_db
class ExportCandidatesCommandTests:
    def test_it_writes_the_list_for_a_tier_batch_and_county(self, tmp_path, capsys):
        batch = Batch.objects.create(tier=tier("innovative_sme"), year=2026, name="2026年第一批")
        firm = make_enterprise(name="定海甲公司", county_id="330902")
        make_profile_years(firm, 2025)
        make_entry(firm, "innovative_sme", batch=batch)
        make_entry(make_enterprise(name="普陀乙公司", county_id="330903"), "innovative_sme", batch=batch)
        output = export(tmp_path, "--tier", "innovative_sme", "--batch", "2026年第一批", "--county", "330902", "--date", "2026-06-01")
        sheet = load_workbook(output).active
        assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["定海甲公司"]
        assert "创新型中小企业候选名单：1 家企业，其中符合条件 1 家" in capsys.readouterr().out

    def test_it_accepts_the_rule_tier_code_for_the_above_scale_pool(self, tmp_path):
        make_entry(make_enterprise(), "above_scale_candidate")
        assert export(tmp_path, "--tier", "above_scale").exists()

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (("--tier", "gazelle"), "未知的培育层级代码：gazelle。可用：above_scale_candidate（上规升级培育企业（小升规））"),
            (("--tier", "chain_leader"), "“链主企业”按认定记录管理，没有数值测算条件，无法生成候选名单"),
            (("--tier", "srdi_sme", "--batch", "第九批"), "“省级专精特新中小企业”没有名为“第九批”的批次。已有批次：（该层级尚无批次）"),
            (("--tier", "srdi_sme", "--county", "330999"), "未知的县（区）代码：330999。可用：330902（定海区）"),
            (("--tier", "srdi_sme", "--rule-version", "2019"), "“专精特新中小企业”没有2019版测评标准。可用版本：2022、2026"),
            (("--tier", "srdi_sme", "--date", "2026/06/01"), "--date 应为 YYYY-MM-DD 格式的日期，收到：2026/06/01"),
            (("--tier", "srdi_sme", "--date", "0001-01-01"), "--date 应在1900年至2100年之间，收到：0001-01-01"),
            (("--tier", "srdi_sme", "--layout", "missing"), "未找到导出版式“missing”"),
        ],
    )
    def test_it_refuses_bad_input_in_chinese(self, tmp_path, args, message):
        with pytest.raises(CommandError) as refusal:
            export(tmp_path, *args)
        assert message in str(refusal.value)
        assert not (tmp_path / "名单.xlsx").exists()

    def test_it_refuses_an_output_that_is_not_xlsx_or_has_no_folder(self, tmp_path):
        with pytest.raises(CommandError, match="输出文件应以 .xlsx 结尾"):
            call_command("export_candidates", "--tier", "srdi_sme", "--output", str(tmp_path / "list.csv"))
        with pytest.raises(CommandError, match="输出目录不存在"):
            call_command("export_candidates", "--tier", "srdi_sme", "--output", str(tmp_path / "nowhere" / "list.xlsx"))
        (tmp_path / "folder.xlsx").mkdir()
        with pytest.raises(CommandError, match="输出路径是一个目录"):
            call_command("export_candidates", "--tier", "srdi_sme", "--output", str(tmp_path / "folder.xlsx"))

    def test_it_writes_an_empty_list_with_its_header_row(self, tmp_path):
        sheet = load_workbook(export(tmp_path, "--tier", "little_giant", "--date", str(datetime.date(2026, 6, 1)))).active
        assert sheet.max_row == 1 and sheet["A1"].value == "序号"
