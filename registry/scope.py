"""Which firms a staff user may see and change: the whole city, or one county or functional zone."""

from django.contrib.admin.utils import unquote
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext

from .fields import is_database_id
from .roles import OFFICER

NOTHING = Q(pk__in=[])


def enterprise_scope(user, prefix=""):
    """A Q object restricting firms (or rows pointing at a firm through `prefix`) to the user's area."""
    if not user or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Q()
    profile = getattr(user, "staff_profile", None) if hasattr(user, "staff_profile") else None
    if profile is not None and profile.county_id:
        return Q(**{f"{prefix}county_id": profile.county_id})
    if profile is not None and profile.zone_id:
        return Q(**{f"{prefix}zone_id": profile.zone_id})
    # An officer whose area was never set sees nothing rather than the whole city.
    if user.groups.filter(name=OFFICER).exists():
        return NOTHING
    return Q()


def allowed_areas(user):
    """For an officer: the counties and zones they may assign a firm to; {} for city-wide users."""
    from .models import Region, Zone

    if user is None:
        return {}  # a command run by the operator: the whole city
    profile = getattr(user, "staff_profile", None) if hasattr(user, "staff_profile") else None
    if user.is_superuser or profile is None or not (profile.county_id or profile.zone_id):
        return {} if enterprise_scope(user) == Q() else {"county": [], "zone": []}
    if profile.county_id:
        return {"county": [profile.county_id], "zone": list(Zone.objects.filter(county_id=profile.county_id).values_list("pk", flat=True))}
    counties = [profile.zone.county_id] if profile.zone.county_id else list(Region.objects.filter(level=Region.Level.COUNTY).values_list("pk", flat=True))
    return {"county": counties, "zone": [profile.zone_id]}


AREA_FIELDS = ("county", "zone")


def fixed_area_fields(user, firm):
    """The area fields of a stored firm that hold a value this user could not choose: shown read-only and kept.

    A county officer's firm may sit in a zone that spans counties (新城, 高新区): it stays there.
    """
    areas = allowed_areas(user)
    if not areas or firm is None or firm.pk is None:
        return ()
    return tuple(name for name in AREA_FIELDS if getattr(firm, f"{name}_id") is not None and getattr(firm, f"{name}_id") not in areas[name])


def area_refusals(user, firm, stored=None):
    """{field: reason} for each county or zone the user gives `firm` but may not; a value kept as `stored` holds it always passes."""
    areas = allowed_areas(user)
    if not areas:
        return {}
    fixed = fixed_area_fields(user, stored)
    refusals = {}
    for name in AREA_FIELDS:
        value = getattr(firm, f"{name}_id")
        if name in fixed:
            if value != getattr(stored, f"{name}_id"):
                refusals[name] = gettext("该企业的%(field)s“%(value)s”不在您的负责范围内，您不能修改；如需调整请联系市级管理员") % {"field": firm._meta.get_field(name).verbose_name, "value": getattr(stored, name)}
        elif value is not None and value not in areas[name]:
            refusals[name] = gettext("只能填写您负责的县（区）") if name == "county" else gettext("只能填写您负责的功能区")
    return refusals


def visible_enterprises(user, queryset=None):
    from .models import Enterprise

    queryset = Enterprise.objects.all() if queryset is None else queryset
    return queryset.filter(enterprise_scope(user))


def user_is_scoped(user):
    return enterprise_scope(user) != Q()


def area_name(user):
    profile = getattr(user, "staff_profile", None) if hasattr(user, "staff_profile") else None
    if profile and (profile.county_id or profile.zone_id):
        return str(profile.county or profile.zone)
    return gettext("全市")


class ScopedAdminMixin:
    """Restricts an admin's rows, its firm choices and its history pages to the user's area.

    `scope_prefix` is the path from the model to Enterprise ("" for Enterprise itself, "enterprise__" for figures).
    """

    scope_prefix = "enterprise__"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(enterprise_scope(request.user, self.scope_prefix))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "enterprise" and field is not None:
            field.queryset = field.queryset.filter(enterprise_scope(request.user))
        return field

    def ensure_in_scope(self, request, object_id):
        # get_object turns a malformed id into None, as the change page does.
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404(gettext("不存在或无权访问"))

    def history_view(self, request, object_id, extra_context=None):
        self.ensure_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not is_database_id(str(version_id)):  # simple-history queries the version id as typed
            raise Http404(gettext("不存在或无权访问"))
        self.ensure_in_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)
