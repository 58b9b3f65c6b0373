"""Spreadsheet columns of the registry: the firm list (企业名录), imported and exported through SheetResource."""

from django.core.exceptions import ValidationError

from .models import Cluster, Enterprise, Industry, IndustryChain, Region, Zone
from .scope import area_refusals, fixed_area_fields, user_is_scoped, visible_enterprises
from .services import LINKS, changed_values, enterprise_create, enterprise_update, field_values
from .sheets.columns import Column
from .sheets.resources import SheetResource
from .sheets.widgets import BoolCell, ChoiceCell, DateCell, RefCell, RefListCell, TextCell, UserCell, UsccCell, YearCell
from .uscc import EXAMPLE_USCC

STATUS_ALIASES = {"存续": "operating", "在业": "operating", "开业": "operating", "营业": "operating", "迁往外地": "moved_out"}
SIZE_ALIASES = {"大": "large", "中": "medium", "小": "small", "微": "micro", "大型企业": "large", "中型企业": "medium", "小型企业": "small", "微型企业": "micro"}
CITY_PREFIXES = ("浙江省舟山市", "浙江省", "舟山市", "舟山")


class EnterpriseResource(SheetResource):
    """企业名录: one row per firm, matched by its unified social credit code."""

    import_kind = "enterprises"
    columns = (
        Column("统一社会信用代码", "uscc", UsccCell(), required=True, meaning="18位统一社会信用代码；已在系统中的企业按此代码更新，不在系统中的新增", example=EXAMPLE_USCC, aliases=("信用代码", "社会信用代码", "统一代码", "USCC", "统一社会信用代码证号")),
        Column("企业名称", "name", TextCell(), required=True, meaning="工商登记的企业全称", example="舟山海星船舶修造有限公司", aliases=("名称", "企业(单位)名称", "单位名称", "企业名", "公司名称", "单位详细名称")),
        Column("企业简称", "short_name", TextCell(), meaning="常用简称", example="海星船舶", aliases=("简称",)),
        Column("县(区)", "county", RefCell(Region, label="县(区)", prefixes=CITY_PREFIXES, suffixes=("区", "县")), meaning="注册地所在县（区），新增企业时必填", example="定海区", aliases=("县区", "所在县区", "区县", "所在县(区)", "所属县区", "所属县(区)", "县(市、区)", "县市区")),
        Column("功能区", "zone", RefCell(Zone, label="功能区", prefixes=CITY_PREFIXES), meaning="管理企业的功能区，不属于功能区的留空", example="金塘", aliases=("所在功能区", "所属功能区")),
        Column("行业代码", "industry", RefCell(Industry, label="行业小类", code_width=4, render_field="code", hint="GB/T 4754-2017 小类4位代码（如 3731），也可填“3731 金属船舶制造”或小类名称"), meaning="国民经济行业小类，新增企业时必填", example="3731", aliases=("行业", "国民经济行业代码", "所属行业代码", "行业小类代码", "国民经济行业")),
        Column("产业链", "chains", RefListCell(IndustryChain, label="产业链"), meaning="所属产业链，可填多个", example="船舶海工、清洁能源装备", aliases=("所属产业链",)),
        Column("特色产业集群", "clusters", RefListCell(Cluster, label="特色产业集群"), meaning="所属特色产业集群，可填多个", example="机械螺杆", aliases=("产业集群", "所属产业集群")),
        Column("主导产品", "main_products", TextCell(), meaning="主要产品，多个用顿号分隔", example="船用甲板机械、船用阀门", aliases=("主要产品",)),
        Column("细分市场", "niche_market", TextCell(), meaning="企业深耕的细分市场", example="船用配套设备"),
        Column("进入细分市场年份", "niche_entry_year", YearCell(), meaning="开始从事该细分市场的年份", example="2012"),
        Column("成立日期", "established_on", DateCell(), meaning="营业执照上的成立日期", example="2008-06-18", aliases=("成立时间", "注册日期")),
        Column("法定代表人", "legal_representative", TextCell(), example="张伟", aliases=("法人代表", "法人")),
        Column("联系人", "contact_person", TextCell(), example="李娜"),
        Column("联系电话", "contact_phone", TextCell(), example="0580-2021234", aliases=("电话", "手机", "联系方式")),
        Column("地址", "address", TextCell(), meaning="生产经营地址", example="浙江省舟山市定海区金塘镇某某路1号", aliases=("企业地址", "注册地址", "生产经营地址")),
        Column("是否规上", "is_above_scale", BoolCell(), meaning="是否为规模以上工业企业（年主营业务收入2000万元及以上）；留空按“否”", example="是", aliases=("规上企业", "是否规上企业", "规上")),
        Column("入规日期", "above_scale_since", DateCell(), meaning="纳入规上统计的日期；填写时“是否规上”应为“是”", example="2021-01-01", aliases=("入规时间",)),
        Column("企业规模", "size_class", ChoiceCell(Enterprise.SizeClass.choices, aliases=SIZE_ALIASES), meaning="按工信部中小企业划型标准", example="小型", aliases=("规模",)),
        Column("助企专员", "service_officer", UserCell(label="助企专员"), meaning="负责联系服务该企业的工作人员（系统用户）", example="周海军", aliases=("服务专员", "专员")),
        Column("经营状态", "status", ChoiceCell(Enterprise.Status.choices, aliases=STATUS_ALIASES), meaning="留空按“在营”；“存续”“在业”视同在营", example="在营", aliases=("登记状态", "企业状态")),
        Column("备注", "notes", TextCell(), example=""),
    )

    class Meta:
        model = Enterprise
        import_id_fields = ("uscc",)
        name = "企业名录"

    def get_queryset(self):
        # An officer's file can only find, and so update, the firms of their own area.
        queryset = super().get_queryset()
        return queryset if self.user is None else visible_enterprises(self.user, queryset)

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            # An area the user may not change stays as stored when its cell is blank.
            for name in fixed_area_fields(self.user, self.stored_instance):
                if getattr(instance, f"{name}_id") is None:
                    setattr(instance, name, getattr(self.stored_instance, name))

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if self.user is not None:
            if instance.pk is None and "uscc" not in errors and user_is_scoped(self.user) and Enterprise.objects.filter(uscc=instance.uscc).exists():
                errors["uscc"] = ValidationError("该企业已在系统中登记，但不在您负责的县（区）或功能区，不能通过导入修改")
            for name, reason in area_refusals(self.user, instance, self.stored_instance).items():
                errors.setdefault(name, ValidationError(reason))
        super().validate_instance(instance, errors, validate_unique)

    def save_instance(self, instance, is_create, row, **kwargs):
        """Through the firm services, like every other write to a firm; the chains and clusters with it."""
        self.before_save_instance(instance, row, **kwargs)
        links = {field.attribute: list(field.clean(row)) for field in self.get_import_fields() if field.attribute in LINKS and field.column_name in row}
        if is_create:
            instance.pk = enterprise_create(acting_user=self.user, **links, **field_values(instance)).pk
        else:
            enterprise_update(enterprise=instance, acting_user=self.user, **links, **changed_values(instance, self.stored_instance))
        self.after_save_instance(instance, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        pass  # saved by the service with the firm

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("county", "zone", "industry", "service_officer").prefetch_related("chains", "clusters")
