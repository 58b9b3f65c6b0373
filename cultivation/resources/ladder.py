"""Pool lists (培育库名单) in and out: each imported row becomes ladder steps through the ladder services."""

from django.core.exceptions import ValidationError
from import_export.results import RowResult

from cultivation.ladder import services
from cultivation.models import Batch, PoolEntry, Tier
from cultivation.models.ladder import OPEN_STATUSES, PoolStatus
from registry.models import Enterprise, Industry, Region
from registry.resources import CITY_PREFIXES
from registry.scope import visible_enterprises
from registry.services import enterprise_check, enterprise_create
from registry.sheets.columns import Column
from registry.sheets.headers import canonical_header
from registry.sheets.resources import SheetResource
from registry.sheets.values import clean_text
from registry.sheets.widgets import ChoiceCell, DateCell, RefCell, TextCell, UsccCell, YearCell
from registry.uscc import EXAMPLE_USCC

IMPORTABLE_STATUSES = (PoolStatus.CANDIDATE, PoolStatus.APPLIED, PoolStatus.RECOGNISED)
ROW_ONLY_ATTRIBUTES = ("firm_uscc", "firm_name", "firm_county", "firm_industry", "target_status", "batch_name")
USCC, NAME, COUNTY, INDUSTRY, TIER, STATUS, BATCH = "统一社会信用代码", "企业名称", "县(区)", "行业代码", "培育层级", "状态", "批次"
FIRM_COLUMNS = {"uscc": "firm_uscc", "name": "firm_name", "county": "firm_county", "industry": "firm_industry"}  # a new firm's fields → the row's columns


class PoolEntryResource(SheetResource):
    """培育库名单: one row per firm and tier; firms are matched by their credit code."""

    import_kind = "pool"
    columns = (
        Column(USCC, "firm_uscc", UsccCell(), required=True, meaning="按此代码匹配系统中的企业", example=EXAMPLE_USCC),
        Column(NAME, "firm_name", TextCell(), meaning="企业全称；新建缺失企业时用作企业名称", example="舟山海星船舶修造有限公司"),
        Column(COUNTY, "firm_county", RefCell(Region, label="县(区)", prefixes=CITY_PREFIXES, suffixes=("区", "县"), filters={"level": "county"}), meaning="仅在新建缺失企业时使用", example="定海区"),
        Column(INDUSTRY, "firm_industry", RefCell(Industry, label="行业小类", code_width=4, render_field="code", filters={"level": 4}), meaning="仅在新建缺失企业时使用", example="3731"),
        Column(TIER, "tier", RefCell(Tier, label="培育层级"), required=True, meaning="层级代码或名称；命令行指定 --tier 时可省略此列", example="创新型中小企业", aliases=("层级", "培育梯度", "梯度")),
        Column(STATUS, "target_status", ChoiceCell([(code, PoolStatus(code).label) for code in IMPORTABLE_STATUSES]), meaning="导入后的状态；留空为培育中", example="已认定", aliases=("培育状态",)),
        Column(BATCH, "batch_name", TextCell(), meaning="该层级下已登记的批次名称", example="2024年第二批"),
        Column("入库日期", "entered_on", DateCell(), meaning="留空为申报日期、认定日期或今天", example="2024-03-01", aliases=("入库时间",)),
        Column("申报日期", "applied_on", DateCell(), example="2024-05-10", aliases=("申报时间",)),
        Column("认定日期", "recognised_on", DateCell(), meaning="状态为“已认定”时必填", example="2024-11-28", aliases=("认定时间",)),
        Column("有效期至", "valid_until", DateCell(), meaning="留空按层级有效期计算", example="2027-11-27", aliases=("有效期", "有效期截止")),
        Column("复核日期", "review_due_on", DateCell(), example="2027-11-27"),
        Column("计划入规年份", "target_year", YearCell(), meaning="上规升级培育企业计划纳入规上统计的年份", example="2026", aliases=("预计入规年份", "计划入规时间")),
        Column("文号", "document_number", TextCell(), meaning="认定文件文号；留空取批次文号", example="浙经信企业〔2024〕190号", aliases=("认定文号",)),
        Column("备注", "notes", TextCell()),
    )

    class Meta:
        model = PoolEntry
        import_id_fields = ("firm_uscc", "tier")
        skip_unchanged = False
        clean_model_instances = False
        name = "培育库名单"

    def __init__(self, *, create_missing=False, defaults=None, batch_to_register=None, **kwargs):
        super().__init__(**kwargs)
        self.create_missing = create_missing
        self.defaults = defaults or {}  # {header: value} given on the command line, e.g. {"培育层级": "srdi_sme"}
        self.batch_to_register = batch_to_register  # (tier, name): registered inside the import, so a failed file leaves none
        self.step_taken = False  # whether the row being saved changed the ladder

    def import_data(self, dataset, *args, **kwargs):
        apply_defaults(dataset, self.defaults)
        return super().import_data(dataset, *args, **kwargs)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        firms = Enterprise.objects.all() if self.user is None else visible_enterprises(self.user)
        self.firms = {firm.uscc: firm for firm in firms}
        self.open_entries = {(e.enterprise_id, e.tier_id): e for e in PoolEntry.objects.filter(status__in=OPEN_STATUSES)}
        if self.batch_to_register:
            services.batch_by_name(*self.batch_to_register, create=True)
        self.batches = {(b.tier_id, b.name): b for b in Batch.objects.all()}

    def get_or_init_instance(self, instance_loader, row):
        try:
            uscc, tier = self.fields["firm_uscc"].clean(row), self.fields["tier"].clean(row)
        except ValueError:
            return PoolEntry(), True  # an unreadable code or tier: import_instance reports it against its cell
        firm = self.firms.get(uscc)
        entry = self.open_entries.get((firm.pk, tier.pk)) if firm and tier else None
        return (entry, False) if entry else (PoolEntry(), True)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        for attribute in ROW_ONLY_ATTRIBUTES:
            setattr(instance, attribute, None)  # a column the file lacks must not leak a value from an earlier row
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "firm_uscc" not in errors and instance.firm_uscc:
            firm = self.firms.get(instance.firm_uscc)
            instance.new_firm = None
            if firm is None:
                instance.new_firm = self.new_firm(instance, errors)
            else:
                instance.enterprise = firm
        tier = getattr(instance, "tier", None) if instance.tier_id else None
        if tier is not None and instance.batch_name:
            batch = self.batches.get((tier.pk, instance.batch_name))
            if batch is None:
                errors["batch_name"] = ValidationError(f"“{tier.name}”没有名为“{instance.batch_name}”的批次，请先在“批次”中登记")
            instance.batch = batch
        status = instance.target_status or PoolStatus.CANDIDATE
        if status == PoolStatus.RECOGNISED and not instance.recognised_on and "recognised_on" not in errors:
            errors["recognised_on"] = ValidationError("状态为“已认定”时须填写认定日期")
        if errors:
            raise ValidationError(errors)

    def new_firm(self, row, errors):
        """The firm a row names but the registry lacks, checked as the firm form checks it; None when it may not be made."""
        if not self.create_missing:
            errors["firm_uscc"] = ValidationError(f"系统中没有统一社会信用代码为 {row.firm_uscc} 的企业（或不在您负责的范围）；如需一并新建，请使用“新建缺失企业”")
            return None
        if Enterprise.objects.filter(uscc=row.firm_uscc).exists():
            errors["firm_uscc"] = ValidationError("该企业已在系统中登记，但不在您负责的县（区）或功能区，不能通过导入新建或修改")
            return None
        firm = Enterprise(uscc=row.firm_uscc, name=row.firm_name or "", county=row.firm_county, industry=row.firm_industry)
        try:
            enterprise_check(firm, acting_user=self.user)
        except ValidationError as problems:
            for field, found in problems.error_dict.items():
                messages = ["新建缺失企业时必填" if problem.code in ("blank", "null") else message for problem in found for message in problem.messages]
                errors.setdefault(FIRM_COLUMNS.get(field, "firm_uscc"), []).extend(map(ValidationError, messages))
            return None
        return firm

    def save_instance(self, instance, is_create, row, **kwargs):
        """Write the row as ladder steps; a refused step is this row's error, and the file is rolled back."""
        try:
            new = instance.new_firm
            firm = instance.enterprise if new is None else enterprise_create(acting_user=self.user, **{name: getattr(new, name) for name in FIRM_COLUMNS})
            entry, self.step_taken = services.pool_entry_record_listing(
                enterprise=firm, tier=instance.tier, acting_user=self.user, status=instance.target_status or PoolStatus.CANDIDATE,
                listed={name: getattr(instance, name) for name in services.LISTED_FIELDS},
            )
        except ValidationError as refusal:
            raise ValidationError({STATUS: refusal.messages}) from None
        self.open_entries[(entry.enterprise_id, entry.tier_id)] = entry
        self.firms[firm.uscc] = firm
        instance.pk = entry.pk

    def after_import_row(self, row, row_result, **kwargs):
        # A row the registry already agrees with changed nothing: it is counted as skipped, not updated.
        if row_result.import_type == RowResult.IMPORT_TYPE_UPDATE and not self.step_taken:
            row_result.import_type = RowResult.IMPORT_TYPE_SKIP
        super().after_import_row(row, row_result, **kwargs)

    def dehydrate_firm_uscc(self, entry):
        return entry.enterprise.uscc

    def dehydrate_firm_name(self, entry):
        return entry.enterprise.name

    def dehydrate_firm_county(self, entry):
        return entry.enterprise.county.name

    def dehydrate_firm_industry(self, entry):
        return entry.enterprise.industry_id

    def dehydrate_target_status(self, entry):
        return entry.get_status_display()

    def dehydrate_batch_name(self, entry):
        return entry.batch.name if entry.batch_id else None

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("enterprise__county", "tier", "batch")


def apply_defaults(dataset, defaults):
    """Fill a column from the command line: add it when the file lacks it, fill its blank cells, keep what differs."""
    for header, value in defaults.items():
        present = [index for index, name in enumerate(dataset.headers or []) if canonical_header(name) == header]
        if not present:
            dataset.append_col([value] * len(dataset), header=header)
            continue
        index = present[0]
        column = [cell if clean_text(cell) else value for cell in dataset.get_col(index)]
        del dataset[dataset.headers[index]]
        dataset.insert_col(index, column, header=header)
