"""Staff accounts: the rights a user may hand on (never more than their own), the one write that saves an account with
its roles and 人员属地, and permission names in the page's language."""

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy as _

from .models import StaffProfile
from .roles import OFFICER
from .scope import allowed_areas

# Permission codenames are "<action>_<model name>"; their stored names are English, fixed at migrate time.
ACTIONS = {
    "add": _("可以增加 %(name)s"),
    "change": _("可以修改 %(name)s"),
    "delete": _("可以删除 %(name)s"),
    "view": _("可以查看 %(name)s"),
    "import": _("可以导入 %(name)s"),
    "export": _("可以导出 %(name)s"),
}


def permission_label(permission):
    """"可以增加 产业链" (English: "Can add industrial chain"), for the permission pickers; the content type's load is the caller's select_related."""
    model = permission.content_type.model_class()
    action, _, model_name = permission.codename.partition("_")
    if model is not None and model_name == model._meta.model_name and action in ACTIONS:
        name = ACTIONS[action] % {"name": model._meta.verbose_name}
    else:
        name = gettext(permission.name)
    return f"{permission.content_type} | {name}"


def permissions_of(user):
    """The permissions a user holds, through their roles or given one by one (a superuser's are implicit, not listed)."""
    return Permission.objects.filter(Q(group__user=user) | Q(user=user)).distinct() if user.pk else Permission.objects.none()


def held_permissions(user):
    """The (app_label, codename) pairs of permissions_of(user)."""
    return set(permissions_of(user).values_list("content_type__app_label", "codename"))


def role_codes(role):
    return set(role.permissions.values_list("content_type__app_label", "codename"))


def grantable_roles(acting_user, roles):
    """The roles (groups) among `roles` whose every right the acting user holds themselves."""
    if acting_user.is_superuser:
        return roles
    held = held_permissions(acting_user)
    return roles.filter(pk__in=[role.pk for role in roles if role_codes(role) <= held])


def may_manage(acting_user, user):
    """Whether `acting_user` may change `user`'s account: never a superuser, nobody holding a right they lack, nobody outside their area."""
    if acting_user.is_superuser:
        return True
    if user.is_superuser:
        return False
    if user.pk == acting_user.pk:
        return True  # their own name and password; grant_refusals bounds what they give themselves
    if not held_permissions(user) <= held_permissions(acting_user):
        return False
    areas = allowed_areas(acting_user)
    if not areas:
        return True
    profile = StaffProfile.objects.filter(user=user).first()
    return profile is not None and (profile.county_id in areas["county"] or profile.zone_id in areas["zone"])


def grant_refusals(acting_user, *, roles, permissions=(), is_superuser=False, county=None, zone=None):
    """{field: reason} for each right or area the acting user may not give; empty when everything asked is theirs to give."""
    refusals = {}
    if acting_user.is_superuser:
        return refusals
    held = held_permissions(acting_user)
    beyond = [role.name for role in roles if not role_codes(role) <= held]
    if beyond:
        refusals["groups"] = gettext("您不能授予自己没有的权限：%(roles)s") % {"roles": "、".join(beyond)}
    if any((permission.content_type.app_label, permission.codename) not in held for permission in permissions) or is_superuser:
        refusals["user_permissions"] = gettext("您不能授予自己没有的权限")
    areas = allowed_areas(acting_user)
    if areas and not ((county and county.pk in areas["county"]) or (zone and zone.pk in areas["zone"])):
        refusals["county"] = gettext("只能把人员属地设在您负责的县（区）或功能区")
    return refusals


def area_problem(*, roles, county=None, zone=None):
    """Why the account's area cannot stand, or None: one area at most, and an officer always has one (else they see nothing)."""
    if county and zone:
        return gettext("人员只能属于一个县（区）或一个功能区")
    if not (county or zone) and any(role.name == OFFICER for role in roles):
        return gettext("县区/功能区经办人须填写人员属地（县（区）或功能区）")
    return None


@transaction.atomic
def staff_member_save(*, acting_user, user, roles, county=None, zone=None, phone="", level="", unit="", permissions=None):
    """Saves a staff account with its roles and area; `user` carries the form's other fields (name, password hash, active).

    A staff account can always sign in to the admin (is_staff), so a new colleague is never locked out by a hidden box.
    """
    if user.pk and not may_manage(acting_user, type(user).objects.get(pk=user.pk)):
        raise PermissionDenied(gettext("您无权修改该用户"))
    refusals = grant_refusals(acting_user, roles=roles, permissions=permissions or (), is_superuser=user.is_superuser, county=county, zone=zone)
    if refusals:
        raise PermissionDenied(" ".join(refusals.values()))
    problem = area_problem(roles=roles, county=county, zone=zone)
    if problem:
        raise ValidationError({"county": problem})
    adding = user.pk is None
    user.is_staff = True
    user.save()
    user.groups.set(roles)
    if permissions is not None:
        user.user_permissions.set(permissions)
    StaffProfile.objects.update_or_create(user=user, defaults={"county": county, "zone": zone, "phone": phone, "level": level, "unit": unit})
    LogEntry.objects.log_actions(
        user_id=acting_user.pk,
        queryset=[user],
        action_flag=ADDITION if adding else CHANGE,
        change_message=[{"added" if adding else "changed": {"name": str(user._meta.verbose_name), "object": str(user), "fields": ["groups", "staff_profile"]}}],
        single_object=True,
    )
    return user

