"""The project progress importer the admin's one import page and `import_project_progress` run (registry/sheets/)."""

from django.utils.translation import gettext_lazy as _

from cultivation.monitoring.views import MonthlyImporter

from .forms import ProgressImportForm
from .importer import import_progress
from .resources import PROGRESS_COLUMNS


class ProgressImporter(MonthlyImporter):
    """The monthly import's pages and messages (single months or 1–N月累计, periods in the summary), on project progress."""

    upload_form_class = ProgressImportForm
    title = _("导入项目月度进度")
    intro = _("每行一个项目一个月：项目编号、统计期（如 2026-03）、当月完成投资（万元）和进展情况。同一项目同一统计期已有进度的，导入时更新。")
    columns = PROGRESS_COLUMNS

    def __init__(self, *, projects=None):
        self.projects = projects  # the projects a row may name: the importing officer's, or every project

    def run(self, *, content, file_name, user=None, dry_run, preview=False, progress=None, log_user=None, cumulative=False):
        return import_progress(content=content, file_name=file_name, user=user, cumulative=cumulative, dry_run=dry_run, preview=preview, projects=self.projects, progress=progress)
