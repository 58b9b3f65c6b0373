from django.contrib import admin


def site_names(request):
    """The admin's names for pages rendered outside an admin view (the lockout page, error pages)."""
    return {"site_header": admin.site.site_header, "site_title": admin.site.site_title}
