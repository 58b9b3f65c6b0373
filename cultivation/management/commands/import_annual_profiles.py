"""python manage.py import_annual_profiles FILE [--dry-run]: annual figures from xlsx or CSV, all rows or none."""

from registry.sheets.command import SheetImportCommand


class Command(SheetImportCommand):
    help = "从 xlsx 或 CSV 文件导入年度测评数据：按统一社会信用代码和年度新增或更新；任何一行有错误时不写入任何数据。"

    def get_resource(self, options):
        from cultivation.resources.eligibility import AnnualProfileResource

        return AnnualProfileResource()
