"""The one settings module. Every value comes from the environment (see README: Settings)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from phongthu.env import (
    email_config,
    env_bool,
    env_int,
    env_list,
    env_path,
    env_site_url,
    env_str,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent

DATA_DIR = env_path("PHONGTHU_DATA_DIR", Path.cwd() / "data")
DEBUG = env_bool("PHONGTHU_DEBUG", default=False)
SECRET_KEY = secret_key(DATA_DIR)
# The address people open in a browser; e-mails link to pages under it. A local install
# answers on 127.0.0.1:8000; production must say its own (a `check --deploy` warning).
SITE_URL = env_site_url("PHONGTHU_SITE_URL", "http://127.0.0.1:8000")
SITE_URL_SET = bool(env_str("PHONGTHU_SITE_URL", "").strip())
ALLOWED_HOSTS = env_list("PHONGTHU_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("PHONGTHU_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "phongthu.org",
    "phongthu.documents",
    "phongthu.plans",
    "phongthu.imports",
    "phongthu.tracking",
    "phongthu.followup",
    "phongthu.clock",
    "phongthu.reporting",
    "phongthu.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "phongthu.urls"
WSGI_APPLICATION = "phongthu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "phongthu.web.context.navigation",
                "phongthu.followup.context.notifications",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
# SQLite is the embedded default; WAL lets readers work while one writer commits, and the
# busy timeout makes a second writer wait instead of failing at once.
_default_db = f"sqlite:///{DATA_DIR / 'phongthu.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_db))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("PHONGTHU_SQLITE_TIMEOUT", 20),
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("PHONGTHU_DB_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background work ----------------------------------------------------------------------
# "database" keeps every job as a row (`phongthu worker` runs them); "immediate" runs a job
# in the request that enqueues it, for tests of a job's effect; any other value is taken
# as the dotted path of a django.tasks backend (e.g. a Redis queue at scale).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
_task_backend = env_str("PHONGTHU_TASKS_BACKEND", "database")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS.get(_task_backend, _task_backend)}}

# --- Users and sessions --------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Language, time ------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["phongthu.formats"]

# --- Files ------------------------------------------------------------------------------------
STATIC_URL = "static/"
# Only for `collectstatic` behind a web server of one's own; WhiteNoise serves the app
# folders directly otherwise, so a fresh clone needs no build step.
STATIC_ROOT = env_str("PHONGTHU_STATIC_ROOT", "") or None
MEDIA_URL = "media/"
MEDIA_ROOT = env_path("PHONGTHU_MEDIA_ROOT", DATA_DIR / "media")
MAX_UPLOAD_BYTES = env_int("PHONGTHU_MAX_UPLOAD_MB", 50) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # The manifest storage needs collectstatic; without DEBUG we still serve straight
        # from the app folders through WhiteNoise's finders, so a fresh clone runs as is.
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage",
    },
}
WHITENOISE_USE_FINDERS = True

# --- E-mail -----------------------------------------------------------------------------------
MAILERS = {"default": email_config(env_str("EMAIL_URL", "console://"))}
DEFAULT_FROM_EMAIL = env_str("PHONGTHU_FROM_EMAIL", "phongthu@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -------------------------------------------------------------------------------
# Secure cookies and HTTPS redirects follow from PHONGTHU_HTTPS, so a plain-HTTP local demo
# works and a production host behind TLS gets all of them by setting one variable.
HTTPS = env_bool("PHONGTHU_HTTPS", default=False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("PHONGTHU_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_int("PHONGTHU_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("PHONGTHU_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused request (403) is one warning line, who and which page, not a traceback;
    # 500s keep theirs (phongthu/web/log_filters.py).
    "filters": {"forbidden_one_line": {"()": "phongthu.web.log_filters.ForbiddenOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["forbidden_one_line"]}},
    "root": {"handlers": ["console"], "level": env_str("PHONGTHU_LOG_LEVEL", "INFO")},
}
