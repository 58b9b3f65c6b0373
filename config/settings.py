"""Settings read from the environment; defaults give a working SQLite development setup."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("REGISTRY_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Without a key and DEBUG off it stays empty: commands that sign nothing (check, makemigrations, migrate) still run,
# Django refuses any use of it, and config/wsgi.py refuses to serve.
SECRET_KEY = os.environ.get("SECRET_KEY", "") or ("django-insecure-development-only-key-do-not-use-in-production" if DEBUG else "")
SECRET_KEY_MISSING = (
    "未设置 SECRET_KEY：生产环境请设置一个长随机值（例如 python3 -c 'import secrets; print(secrets.token_urlsafe(60))'），"
    "本地开发请设置 DEBUG=1。 / SECRET_KEY is not set: set a long random value in production, or DEBUG=1 for local development."
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "registry.apps.RegistryAdminConfig",  # django.contrib.admin on the registry's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "import_export",
    "django_filters",
    "simple_history",
    "django_tasks",
    "registry.apps.TasksDatabaseConfig",  # django_tasks_db, named in Chinese
    "registry.apps.AxesConfig",
    "registry",
    "cultivation",
    "assistance",
    "projects",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "registry.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "registry.middleware.UploadSizeLimitMiddleware",  # before anything reads the body (CSRF reads the form)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "registry.context_processors.site_names",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A kept connection is pinged before reuse: after a database restart the next request reconnects instead of failing.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Each transaction takes SQLite's write lock as it begins: two imports queue instead of both counting before either writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compiling cost the dashboard's statement 0.15–0.3 s at 100,000 firms and never paid back (bench/README.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
FORMAT_MODULE_PATH = ["config.formats"]  # one date format, 2024-07-15, in both languages
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # collectstatic writes each file under a content-hashed name with a gzip copy; WhiteNoise serves those with a
    # far-future, immutable cache header, so the dashboard's ECharts is fetched once per release, not on every visit.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

# Background work on Django's task framework (the django-tasks backport) with its database backend: SQLite out of the box,
# PostgreSQL in production, where any number of `manage.py db_worker` processes on any machines share the queue safely.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
JOB_HEARTBEAT_SECONDS = float(os.environ.get("JOB_HEARTBEAT_SECONDS", 5))  # how often a running job writes its progress
IMPORTS_IN_BACKGROUND = os.environ.get("IMPORTS_IN_BACKGROUND") == "1"  # every confirmed import runs in a worker
IMPORTS_BACKGROUND_FROM_ROWS = int(os.environ.get("IMPORTS_BACKGROUND_FROM_ROWS", 20_000))  # else only files this long
EVALUATIONS_BACKGROUND_FROM = int(os.environ.get("EVALUATIONS_BACKGROUND_FROM", 500))  # firms evaluated in one go by a worker
JOB_STUCK_AFTER_MINUTES = int(os.environ.get("JOB_STUCK_AFTER_MINUTES", 10))  # no heartbeat for this long: the worker died

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Spreadsheet limits; each refusal is reported to the user in Chinese.
SHEETS_MAX_UPLOAD_BYTES = int(os.environ.get("SHEETS_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
SHEETS_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("SHEETS_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024))
SHEETS_MAX_COMPRESSION_RATIO = int(os.environ.get("SHEETS_MAX_COMPRESSION_RATIO", 100))
SHEETS_MAX_ROWS = int(os.environ.get("SHEETS_MAX_ROWS", 200_000))
SHEETS_MAX_CELL_LENGTH = int(os.environ.get("SHEETS_MAX_CELL_LENGTH", 2000))
# Each file is parsed in a child process with these caps; past them the file is refused, the worker lives on.
SHEETS_PARSE_MEMORY_MB = int(os.environ.get("SHEETS_PARSE_MEMORY_MB", 1024))
SHEETS_PARSE_SECONDS = float(os.environ.get("SHEETS_PARSE_SECONDS", 60))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Traffic light for declining output, in percent year-on-year.
MONITORING_RED_AT_OR_BELOW = float(os.environ.get("MONITORING_RED_AT_OR_BELOW", -10))
MONITORING_GREEN_AT_OR_ABOVE = float(os.environ.get("MONITORING_GREEN_AT_OR_ABOVE", 0))
# A monthly import's preview flags a figure that moves by more than this (percent) against last month or the same month last year.
MONTHLY_JUMP_THRESHOLD = float(os.environ.get("MONTHLY_JUMP_THRESHOLD", 50))
# Project lights (projects/lights.py): days before a planned date that turn a project yellow; YTD investment as a
# percentage of the share of this year's plan due by now; an indicator's actual as a percentage of its target.
PROJECTS_SCHEDULE_WARNING_DAYS = int(os.environ.get("PROJECTS_SCHEDULE_WARNING_DAYS", 30))
PROJECTS_INVESTMENT_RED_BELOW = float(os.environ.get("PROJECTS_INVESTMENT_RED_BELOW", 60))
PROJECTS_INVESTMENT_GREEN_AT_OR_ABOVE = float(os.environ.get("PROJECTS_INVESTMENT_GREEN_AT_OR_ABOVE", 90))
PROJECTS_TARGET_RED_BELOW = float(os.environ.get("PROJECTS_TARGET_RED_BELOW", 90))
PROJECTS_TARGET_GREEN_AT_OR_ABOVE = float(os.environ.get("PROJECTS_TARGET_GREEN_AT_OR_ABOVE", 100))
PROJECTS_GROWTH_YELLOW_POINTS = float(os.environ.get("PROJECTS_GROWTH_YELLOW_POINTS", 2))  # a growth target missed by at most this many points is yellow

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", 0.5))
# Lock a username from one address: a stranger cannot lock a colleague out from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registry/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_RESET_ON_SUCCESS = True

LOGIN_URL = "admin:login"

# Production is served over TLS: redirects, secure cookies and HSTS are on unless HTTPS=0 says otherwise.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies in front of the app that each append the address they saw to X-Forwarded-For (nginx alone: 1).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 1 if BEHIND_TLS_PROXY else 0))
if TRUSTED_PROXY_COUNT:
    # Login throttling counts the address the nearest proxy wrote, never entries a client put further left.
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1  # ipware counts the proxies listed inside the header
    IPWARE_STRICT = False  # a longer, client-forged header still yields the trusted proxy's entry
SESSION_COOKIE_AGE = 8 * 60 * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
