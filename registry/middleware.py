from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from .sheets.limits import SheetRefused, check_upload_size

# Room for the form fields and multipart headers around the file; the proxy's body limit leaves the same room.
UPLOAD_FORM_ALLOWANCE = 1024 * 1024


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Chinese unless the user picked another language: the browser's Accept-Language is not enough."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class UploadSizeLimitMiddleware:
    """Refuses a request body larger than an upload may be before anything reads it, and says so on the page it came from.

    The import forms check the file's size too, but only after Django has spooled the whole body to disk.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django reads no body without a valid length
        if declared > settings.SHEETS_MAX_UPLOAD_BYTES + UPLOAD_FORM_ALLOWANCE:
            return self.refuse(request, declared)
        return self.get_response(request)

    def refuse(self, request, declared):
        try:
            check_upload_size(declared)
        except SheetRefused as refusal:  # always: the body is larger than any file may be
            messages.error(request, refusal.message)
        # Back to the same page by GET: the import form, now with the reason above it; nothing was read or written.
        page = request.get_full_path()
        # A path such as //elsewhere.example/ would make the redirect leave the site.
        return HttpResponseRedirect(page if url_has_allowed_host_and_scheme(page, allowed_hosts=None) else "/")
