"""The shape every import command shares: the admin's importer, a summary line, every error, non-zero exit on any."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from .importers import ResourceImporter
from .limits import SheetRefused, check_upload_size

PROGRESS_FROM_ROWS = 1000  # smaller files finish before a progress line would help


class ProgressLine:
    """Rewrites one terminal line with the rows done, about a hundred times per file."""

    def __init__(self, stream):
        self.stream = stream
        self.shown = False

    def __call__(self, done, total):
        if total < PROGRESS_FROM_ROWS or (done % max(total // 100, 1) and done != total):
            return
        self.stream.write(f"\r已处理 {done}/{total} 行", ending="")
        self.stream.flush()
        self.shown = True

    def finish(self):
        if self.shown:
            self.stream.write("")


class SheetImportCommand(BaseCommand):
    """Subclasses say which resource reads the file, `get_resource(options)`, or give an importer, `get_importer(options)`."""

    def add_arguments(self, parser):
        parser.add_argument("file", help="xlsx 或 csv 文件（CSV 可为 UTF-8 或 GBK 编码）")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入数据库")

    def get_resource(self, options):
        raise NotImplementedError

    def get_importer(self, options):
        return ResourceImporter(self.get_resource(options))

    def get_user(self, options):
        """Who the ImportRecord names: nobody, unless the command takes a user."""
        return None

    def import_options(self, options):
        """The importer's options, as the admin's upload form gives them."""
        return {}

    def progress(self):
        # Rows done, on a terminal only: a log file gets the summary alone.
        return ProgressLine(self.stdout) if self.stdout.isatty() else None

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        try:
            check_upload_size(path.stat().st_size)
        except SheetRefused as refusal:
            raise CommandError(refusal.message) from None
        importer, user, progress = self.get_importer(options), self.get_user(options), self.progress()
        try:
            outcome = importer.run(content=path.read_bytes(), file_name=path.name, user=user, dry_run=dry_run, progress=progress, **self.import_options(options))
        finally:
            if isinstance(progress, ProgressLine):
                progress.finish()
        for warning in outcome.warnings:
            self.stdout.write(self.style.WARNING(f"提示：{warning}"))
        if outcome.file_errors:
            raise CommandError(" ".join(outcome.file_errors))
        described = importer.describe(outcome, **self.import_options(options))
        self.stdout.write(outcome.summary + (f"（{described}）" if described else ""))
        for error in outcome.errors:
            self.stdout.write(str(error))
        if outcome.errors:
            raise CommandError(f"共 {len(outcome.errors)} 处错误，没有写入任何数据。请修改文件后重新导入。")
        if dry_run:
            self.stdout.write("试运行：检查通过，未写入数据库。")
        elif outcome.record is not None:
            self.stdout.write(self.style.SUCCESS(f"已导入，导入记录编号 {outcome.record.pk}"))
