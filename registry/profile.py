"""一企一档: a firm's read-only, printable page. The registry shows the master data and the responsible officers;
the sections other apps declare in their workbench.py follow, each within the user's permissions."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from . import dates, workbench
from .models import StaffProfile, display_name


def officer_phone(user):
    """The 助企专员's phone from their staff profile; blank when they have none."""
    if user is None:
        return ""
    return StaffProfile.objects.filter(user=user).values_list("phone", flat=True).first() or ""


def profile_view(request, object_id, *, model_admin):
    # get_object applies the user's area and refuses an id no row could have: both are "not found".
    firm = model_admin.get_object(request, unquote(object_id))
    if firm is None:
        raise Http404(gettext("不存在或无权访问"))
    if not model_admin.has_view_permission(request, firm):
        raise PermissionDenied
    # Each section renders with its own context, so two apps' sections cannot clash over a name.
    sections = [(section, render_to_string(section.template, section.context(request, firm), request)) for section in workbench.profile_sections(request)]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("一企一档：%(name)s") % {"name": firm.name},
        "opts": model_admin.opts,
        "firm": firm,
        "chains": gettext("、").join(chain.name for chain in firm.chains.all()),
        "clusters": gettext("、").join(cluster.name for cluster in firm.clusters.all()),
        "officer_name": display_name(firm.service_officer) if firm.service_officer_id else "",
        "officer_phone": officer_phone(firm.service_officer),
        "sections": sections,
        "printed_on": dates.today(),
    }
    return TemplateResponse(request, "admin/registry/enterprise/profile.html", context)
