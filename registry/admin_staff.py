"""Staff administration from the screens: a user's roles and 人员属地 on the user page itself, saved by staff.py's one
write, within the rights and the area of whoever is editing; permission names in the page's language."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.contrib.auth.models import Group, Permission, User
from django.db.models import Q
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy as _

from .models import Region, StaffProfile, Zone, display_name
from .scope import allowed_areas
from .staff import area_problem, grant_refusals, grantable_roles, may_manage, permission_label, permissions_of, staff_member_save


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, permission):
        return permission_label(permission)


class StaffFields(forms.Form):
    """The account's roles and area, beside the user's own fields; `acting_user` is set by the admin for each request."""

    county = forms.ModelChoiceField(Region.objects.filter(level=Region.Level.COUNTY), label=_("县（区）"), required=False)
    zone = forms.ModelChoiceField(Zone.objects.all(), label=_("功能区"), required=False)
    phone = forms.CharField(label=_("电话"), max_length=40, required=False)
    level = forms.ChoiceField(label=_("人员层级"), choices=[("", "---------"), *StaffProfile.Level.choices], required=False)
    unit = forms.CharField(label=_("所在单位"), max_length=100, required=False)
    acting_user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        roles = self.fields["groups"]
        roles.label, roles.widget = _("角色"), forms.CheckboxSelectMultiple()
        roles.queryset = grantable_roles(self.acting_user, Group.objects.order_by("name"))
        roles.help_text = _("只能选择权限不超过您本人的角色")
        areas = allowed_areas(self.acting_user)
        if areas:  # an officer may only place a colleague in their own county or zone
            self.fields["county"].queryset = self.fields["county"].queryset.filter(pk__in=areas["county"])
            self.fields["zone"].queryset = self.fields["zone"].queryset.filter(pk__in=areas["zone"])
        self.fields["county"].help_text = _("人员属地：县（区）或功能区只填一项；都不填为全市")
        profile = getattr(self.instance, "staff_profile", None) if self.instance.pk else None
        if profile is not None:
            self.initial.update(county=profile.county_id, zone=profile.zone_id, phone=profile.phone, level=profile.level, unit=profile.unit)
        if "user_permissions" in self.fields:
            self.fields["user_permissions"].queryset = Permission.objects.select_related("content_type")

    def clean(self):
        cleaned = super().clean()
        problem = area_problem(roles=cleaned.get("groups") or (), county=cleaned.get("county"), zone=cleaned.get("zone"))
        if problem:
            self.add_error("county", problem)
            return cleaned
        refusals = grant_refusals(
            self.acting_user,
            roles=cleaned.get("groups") or Group.objects.none(),
            permissions=cleaned.get("user_permissions") or (),
            is_superuser=cleaned.get("is_superuser", self.instance.is_superuser),
            county=cleaned.get("county"),
            zone=cleaned.get("zone"),
        )
        for field, reason in refusals.items():
            self.add_error(field if field in self.fields else None, reason)
        return cleaned


class StaffCreationForm(StaffFields, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = ("username", "last_name", "first_name", "email", "groups")


class StaffChangeForm(StaffFields, UserChangeForm):
    pass


class StaffUserAdmin(UserAdmin):
    add_form = StaffCreationForm
    form = StaffChangeForm
    add_form_template = None  # Django's says "first a name and password, then the rest": here it is one page
    list_display = ("username", "full_name", "role_names", "area", "is_active", "last_login")
    list_filter = ("is_active", "groups")
    list_select_related = ("staff_profile__county", "staff_profile__zone")
    search_fields = ("username", "first_name", "last_name", "email")
    ROLE_AND_AREA = (_("角色与人员属地"), {"fields": ("groups", ("county", "zone"), "phone", ("level", "unit"))})

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return ((None, {"fields": ("username", "password1", "password2", ("last_name", "first_name"), "email")}), self.ROLE_AND_AREA)
        fieldsets = [(None, {"fields": ("username", "password", ("last_name", "first_name"), "email", "is_active")}), self.ROLE_AND_AREA]
        if request.user.is_superuser:
            fieldsets.append((_("超级用户与单项权限"), {"classes": ("collapse",), "fields": ("is_superuser", "user_permissions")}))
        fieldsets.append((_("登录"), {"fields": ("last_login", "date_joined")}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return ("last_login", "date_joined") if obj else ()

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"acting_user": request.user})

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "user_permissions":
            kwargs["form_class"] = PermissionChoiceField
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request):
        users = super().get_queryset(request).prefetch_related("groups")
        if request.user.is_superuser:
            return users
        users = users.filter(is_superuser=False)
        areas = allowed_areas(request.user)
        return users.filter(Q(staff_profile__county__in=areas["county"]) | Q(staff_profile__zone__in=areas["zone"])) if areas else users

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or may_manage(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        # An account that did work keeps its name on the records: it is switched off (有效), not deleted.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        permissions = data["user_permissions"] if "user_permissions" in form.fields else None
        staff_member_save(acting_user=request.user, user=obj, roles=data["groups"], county=data["county"], zone=data["zone"], phone=data["phone"], level=data["level"], unit=data["unit"], permissions=permissions)

    def save_related(self, request, form, formsets, change):
        # The roles and rights were set by the service with the account; only inlines would remain, and there are none.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def log_addition(self, request, obj, message):
        return None  # staff_member_save wrote the log entry in its own transaction

    def log_change(self, request, obj, message):
        return None

    @admin.display(description=_("姓名"), ordering="last_name")
    def full_name(self, obj):
        return display_name(obj)

    @admin.display(description=_("角色"))
    def role_names(self, obj):
        return "、".join(role.name for role in obj.groups.all())

    @admin.display(description=_("人员属地"))
    def area(self, obj):
        profile = getattr(obj, "staff_profile", None)
        return str(profile.county or profile.zone or gettext("全市")) if profile else gettext("全市")


class RoleAdmin(GroupAdmin):
    """Roles (groups): permissions listed as 可以增加 产业链; someone who may edit a role can only give it rights they hold."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "permissions":
            kwargs["form_class"] = PermissionChoiceField
            if not request.user.is_superuser:
                kwargs["queryset"] = permissions_of(request.user).select_related("content_type")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return ("name", "permission_names")  # read-only, Django would list each permission by its stored English name
        return super().get_fields(request, obj)

    @admin.display(description=_("权限"))
    def permission_names(self, role):
        return format_html_join(mark_safe("<br>"), "{}", ((permission_label(permission),) for permission in role.permissions.select_related("content_type")))

    def has_change_permission(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            return super().has_change_permission(request, obj) and grantable_roles(request.user, Group.objects.filter(pk=obj.pk)).exists()
        return super().has_change_permission(request, obj)


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, RoleAdmin)
