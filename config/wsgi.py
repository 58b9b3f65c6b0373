import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

try:
    settings.SECRET_KEY  # Django refuses an empty key; a server never starts without one (sessions, CSRF tokens)
except ImproperlyConfigured:
    raise ImproperlyConfigured(settings.SECRET_KEY_MISSING) from None
