"""后台任务: the jobs a user started, each with its progress (refreshed in place), its outcome, a download and a retry."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, gettext_lazy as _

from .admin_guards import is_database_id
from .jobs import JobRefusal, fail_stuck_jobs, job_retry, jobs_to_follow
from .models import Job, display_name
from .scope import user_is_scoped

S = Job.Status


def progress_of(job):
    """What the page shows and the progress endpoint returns: status, counts and a percentage when the total is known."""
    percent = min(100, job.rows_read * 100 // job.rows_total) if job.rows_total else None
    return {
        "status": job.status,
        "status_text": str(job.get_status_display()),
        "rows_total": job.rows_total,
        "rows_read": job.rows_read,
        "rows_written": job.rows_written,
        "percent": 100 if job.status == S.DONE else percent,
        "finished": job.status in (S.DONE, S.FAILED),
        "stage": job.message if job.status == S.RUNNING else "",  # what the work is doing now (读取文件, 写入数据库…)
    }


class MyJobsFilter(admin.SimpleListFilter):
    """The home page's job to-dos open the list through this filter, so the list shows exactly what they count."""

    title = _("我的任务")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("running", _("进行中")), ("failed", _("近7天失败"))]

    def queryset(self, request, queryset):
        if self.value() in ("running", "failed"):
            return queryset & jobs_to_follow(request.user, self.value())
        return queryset


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("label", "status", "progress", "starter", "created_at", "finished_at")
    list_filter = (MyJobsFilter, "status")
    list_select_related = ("user",)
    search_fields = ("label",)
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        queryset = super().get_queryset(request).defer("result_file")
        # An officer sees the jobs they started; the city sees all of them.
        return queryset.filter(user=request.user) if user_is_scoped(request.user) else queryset

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("发起人"), ordering="user__last_name")
    def starter(self, obj):
        return display_name(obj.user)

    @admin.display(description=_("进度"))
    def progress(self, obj):
        if obj.rows_total:
            return gettext("%(read)s / %(total)s 行") % {"read": obj.rows_read, "total": obj.rows_total}
        return gettext("%(read)s 行") % {"read": obj.rows_read} if obj.rows_read else "—"

    def changelist_view(self, request, extra_context=None):
        fail_stuck_jobs()
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<str:job_id>/progress/", view(self.progress_view), name="registry_job_progress"),
            path("<str:job_id>/retry/", view(self.retry_view), name="registry_job_retry"),
            path("<str:job_id>/download/", view(self.download_view), name="registry_job_download"),
            *super().get_urls(),
        ]

    def job_or_404(self, request, job_id):
        if not self.has_view_permission(request) or not is_database_id(job_id):
            raise Http404
        job = self.get_queryset(request).filter(pk=job_id).first()
        if job is None:
            raise Http404
        return job

    def change_view(self, request, object_id, form_url="", extra_context=None):
        fail_stuck_jobs()
        job = self.job_or_404(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "title": job.label,
            "opts": self.opts,
            "job": job,
            "progress": progress_of(job),
            "progress_url": reverse("admin:registry_job_progress", args=[job.pk]),
            "can_retry": job.status == S.FAILED and self.may_retry(request, job),
            "has_result": job.status == S.DONE and bool(job.result_name),
        }
        return TemplateResponse(request, "admin/registry/job.html", context)

    def progress_view(self, request, job_id):
        fail_stuck_jobs()
        return JsonResponse(progress_of(self.job_or_404(request, job_id)))

    def may_retry(self, request, job):
        return job.user_id == request.user.pk or not user_is_scoped(request.user)

    def retry_view(self, request, job_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self.job_or_404(request, job_id)
        if not self.may_retry(request, job):
            raise PermissionDenied
        try:
            job_retry(job=job, acting_user=request.user)
        except JobRefusal as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        else:
            self.message_user(request, gettext("已重新排队：%(job)s") % {"job": job.label}, messages.SUCCESS)
        return redirect("admin:registry_job_change", job.pk)

    def download_view(self, request, job_id):
        job = self.job_or_404(request, job_id)
        content = Job.objects.filter(pk=job.pk, status=S.DONE).values_list("result_file", flat=True).first()
        if not content or not job.result_name:
            raise Http404
        response = HttpResponse(bytes(content), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = content_disposition_header(True, job.result_name)
        return response
