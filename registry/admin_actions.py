"""Bulk admin actions that ask for details first, then run a service per row and report every refusal."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext


def confirm_and_run(modeladmin, request, queryset, form_class, step, *, describe=str, form_kwargs=None):
    form = form_class(request.POST if "confirm" in request.POST else None, **(form_kwargs or {}))
    if form.is_bound and form.is_valid():
        done, refusals = 0, []
        for obj in queryset:
            try:
                step(obj, form.cleaned_data, request.user)
                done += 1
            except ValidationError as refusal:
                refusals.extend(refusal.messages)
        if done:
            modeladmin.message_user(request, gettext("%(title)s：成功 %(done)s 条") % {"title": form.title, "done": done}, messages.SUCCESS)
        for message in refusals:
            modeladmin.message_user(request, gettext("未处理：%(message)s") % {"message": message}, messages.ERROR)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": form.title,
        "form": form,
        "objects": [(obj.pk, describe(obj)) for obj in queryset],
        "action": request.POST.get("action"),
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/confirm_action.html", context)
