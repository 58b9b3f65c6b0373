"""A base for the admin's read-only lists."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """A list whose rows only the registry's own steps write (an import, its preview, a job) or that only shows what
    other pages keep: nobody adds, edits or deletes one here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
