"""Spreadsheet columns of 助企服务: the officers' service sheet (服务记录, imported and exported) and the problem list (exported)."""

from django.core.exceptions import ValidationError
from import_export.instance_loaders import BaseInstanceLoader

from registry.models import Enterprise
from registry.sheets.columns import Column
from registry.sheets.resources import SheetResource
from registry.sheets.widgets import BoolCell, ChoiceCell, DateCell, RefCell, RefListCell, TextCell, UsccCell, UserCell

from . import services
from .models import AssigneeUnit, Problem, ProblemCategory, ServiceRecord, ServiceWay
from .scope import served_firms

ACTIVE = {"active": True}  # a retired way, category or unit is refused in a new row
IMPORT_KIND = "service_records"  # ImportRecord.kind of this sheet
PROBLEM_ATTRIBUTES = ("problem_category", "problem_description", "problem_unit", "problem_due_on", "problem_confirm_past_due")
PROBLEM_FIELDS = {"category": "problem_category", "description": "problem_description", "due_on": "problem_due_on", "unit": "problem_unit", "confirm_past_due": "problem_confirm_past_due"}
RECORD_FIELDS = {"enterprise": "firm_uscc", "served_on": "served_on", "officers": "officers", "way": "way", "discussed": "discussed"}


class UserListCell(RefListCell):
    """Several staff members in one cell, each by full name or user name."""

    def __init__(self, *, label):
        super().__init__(UserCell(label=label).model, label=label)
        self.ref = UserCell(label=label)
        self.format_hint = f"{label}的姓名或登录名，多个用顿号“、”分隔"


class FirmColumnsMixin:
    """The firm's code and name, exported beside the rows of a firm."""

    def dehydrate_firm_uscc(self, row):
        return row.enterprise.uscc

    def dehydrate_firm_name(self, row):
        return row.enterprise.name


class NoInstanceLoader(BaseInstanceLoader):
    """Every row is a new contact: service records have no key a sheet could match."""

    def get_instance(self, row):
        return None


class ServiceRecordResource(FirmColumnsMixin, SheetResource):
    """服务记录: one row per contact, with at most one problem raised in it; rows naming the same firm, date, way and content are one contact."""

    import_kind = IMPORT_KIND
    columns = (
        Column("统一社会信用代码", "firm_uscc", UsccCell(), required=True, meaning="服务企业的统一社会信用代码", example="91330902MA2A1B2C3D"),
        Column("企业名称", "firm_name", TextCell(), readonly=True, meaning="导出时填写，供核对；导入时不读取"),
        Column("服务日期", "served_on", DateCell(), required=True, meaning="走访、电话或座谈的日期，不能晚于今天", example="2026-03-12", aliases=("走访日期", "服务时间")),
        Column("服务方式", "way", RefCell(ServiceWay, label="服务方式", filters=ACTIVE), required=True, example="走访", aliases=("方式",)),
        Column("服务人员", "officers", UserListCell(label="服务人员"), required=True, meaning="系统中的工作人员，多个用顿号分隔", example="周海军、王丽娜", aliases=("走访人员",)),
        Column("交流内容", "discussed", TextCell(), required=True, meaning="了解到的生产经营情况和企业反映的事项", example="了解一季度订单和用工情况", aliases=("服务内容", "走访内容")),
        Column("后续措施", "follow_up", TextCell(), example="协调人社部门组织专场招聘", aliases=("跟进措施",)),
        Column("问题类别", "problem_category", RefCell(ProblemCategory, label="问题类别", filters=ACTIVE), meaning="本次提出问题时填写，一行一个问题", example="用工"),
        Column("问题描述", "problem_description", TextCell(), meaning="企业提出的问题或诉求；填写问题类别时必填", example="缺少焊工20名", aliases=("问题诉求", "企业诉求")),
        Column("交办单位", "problem_unit", RefCell(AssigneeUnit, label="交办单位", filters=ACTIVE), meaning="已交办的填写，问题状态为“已交办”", example="市人力社保局"),
        Column("办结时限", "problem_due_on", DateCell(), meaning="不能早于服务日期；早于今天时须在“确认时限已过”填“是”", example="2026-04-30"),
        Column("确认时限已过", "problem_confirm_past_due", BoolCell(), meaning="补录已过时限的问题时填“是”", example=""),
    )

    class Meta:
        model = ServiceRecord
        import_id_fields = ("firm_uscc",)
        instance_loader_class = NoInstanceLoader
        skip_unchanged = False
        name = "服务记录"

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.firms = {firm.uscc: firm for firm in served_firms(self.user)} if self.user is not None else None
        self.contacts = {}  # (firm, date, way, content) → the record this import made for it

    def _check_duplicate(self, row, row_number, errors):
        pass  # rows are contacts, not keys: one firm has many

    def firm(self, uscc):
        if self.firms is not None:
            return self.firms.get(uscc)
        return Enterprise.objects.filter(uscc=uscc).first()  # a command: the whole city

    def import_instance(self, instance, row, **kwargs):
        for attribute in (*PROBLEM_ATTRIBUTES, "firm_uscc"):
            setattr(instance, attribute, None)  # a column the file lacks must not leak a value from an earlier row
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "firm_uscc" not in errors and instance.firm_uscc:
            firm = self.firm(instance.firm_uscc)
            if firm is None:
                errors["firm_uscc"] = ValidationError(f"系统中没有统一社会信用代码为 {instance.firm_uscc} 的企业（或不在您负责的范围）")
            else:
                instance.enterprise = firm
        officers = self.row_officers(row, errors)
        if not errors:
            self.check_row(instance, officers, errors)
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if instance.enterprise_id is None and "firm_uscc" in (import_validation_errors or {}):
            raise ValidationError(self._by_column(import_validation_errors))  # the firm's column says why; the model's checks need a firm
        super().validate_instance(instance, import_validation_errors, validate_unique)

    def row_officers(self, row, errors):
        field = self.fields["officers"]
        if field.column_name not in row or "officers" in errors:
            return []
        try:
            return list(field.clean(row))
        except ValueError as error:
            errors["officers"] = ValidationError(str(error))
            return []

    def check_row(self, instance, officers, errors):
        """The services' own checks, keyed by the row's columns."""
        try:
            services.service_record_check(enterprise=instance.enterprise, served_on=instance.served_on, officers=officers, acting_user=self.user)
            if instance.problem_category or instance.problem_description or instance.problem_unit or instance.problem_due_on:
                if instance.problem_category is None:
                    raise services.AssistanceRefusal({"category": "填写问题时须填写问题类别"})
                services.problem_check(raised_on=instance.served_on, description=instance.problem_description, due_on=instance.problem_due_on, confirm_past_due=bool(instance.problem_confirm_past_due), acting_user=self.user)
        except services.AssistanceRefusal as refusal:
            for field, messages in refusal.error_dict.items():
                errors.setdefault(PROBLEM_FIELDS.get(field) or RECORD_FIELDS.get(field, field), []).extend(messages)

    def save_instance(self, instance, is_create, row, **kwargs):
        """Through the services: the contact once, then its problem, assigned when the row names a unit."""
        self.before_save_instance(instance, row, **kwargs)
        key = (instance.enterprise.pk, instance.served_on, instance.way_id, instance.discussed)
        record = self.contacts.get(key)
        if record is None:
            record = services.service_record_create(
                enterprise=instance.enterprise, served_on=instance.served_on, way=instance.way, officers=list(self.fields["officers"].clean(row)),
                discussed=instance.discussed, follow_up=instance.follow_up or "", acting_user=self.user,
            )
            self.contacts[key] = record
        if instance.problem_category is not None:
            problem = services.problem_collect(
                enterprise=record.enterprise, raised_on=record.served_on, way=record.way, service_record=record, category=instance.problem_category,
                description=instance.problem_description, due_on=instance.problem_due_on, confirm_past_due=bool(instance.problem_confirm_past_due), acting_user=self.user,
            )
            if instance.problem_unit is not None:
                services.problem_assign(problem=problem, unit=instance.problem_unit, acting_user=self.user, note="导入时已交办")
        instance.pk = record.pk
        self.after_save_instance(instance, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        pass  # saved by the service with the record

    def _problems(self, record, value):
        return "；".join(str(value(problem) or "") for problem in record.problems.all()) or None

    def dehydrate_problem_category(self, record):
        return self._problems(record, lambda problem: problem.category.name)

    def dehydrate_problem_description(self, record):
        return self._problems(record, lambda problem: problem.description)

    def dehydrate_problem_unit(self, record):
        return self._problems(record, lambda problem: problem.unit.name if problem.unit else "")

    def dehydrate_problem_due_on(self, record):
        problems = list(record.problems.all())
        if len(problems) == 1:
            return problems[0].due_on
        return self._problems(record, lambda problem: problem.due_on or "")

    def dehydrate_problem_confirm_past_due(self, record):
        return None

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("enterprise", "way").prefetch_related("officers", "problems__category", "problems__unit")


class ProblemResource(FirmColumnsMixin, SheetResource):
    """问题诉求 as a list to read and pass on (exported only: problems come in with their visit)."""

    columns = (
        Column("统一社会信用代码", "firm_uscc", UsccCell(), readonly=True),
        Column("企业名称", "firm_name", TextCell(), readonly=True),
        Column("县(区)", "firm_county", TextCell(), readonly=True),
        Column("提出日期", "raised_on", DateCell(), readonly=True),
        Column("提出方式", "way", RefCell(ServiceWay, label="服务方式"), readonly=True),
        Column("问题类别", "category", RefCell(ProblemCategory, label="问题类别"), readonly=True),
        Column("问题描述", "description", TextCell(), readonly=True),
        Column("交办单位", "unit", RefCell(AssigneeUnit, label="交办单位"), readonly=True),
        Column("责任人", "officer", UserCell(label="责任人"), readonly=True),
        Column("办结时限", "due_on", DateCell(), readonly=True),
        Column("状态", "status", ChoiceCell(Problem.Status.choices), readonly=True),
        Column("办理结果", "resolution", TextCell(), readonly=True),
        Column("办结日期", "resolved_on", DateCell(), readonly=True),
        Column("无法化解或撤回原因", "closing_reason", TextCell(), readonly=True),
        Column("企业满意度", "satisfaction", ChoiceCell(Problem.Satisfaction.choices), readonly=True),
    )

    class Meta:
        model = Problem
        import_id_fields = ("firm_uscc",)
        name = "问题诉求"

    def dehydrate_firm_county(self, problem):
        return problem.enterprise.county.name

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("enterprise__county", "way", "category", "unit", "officer")
