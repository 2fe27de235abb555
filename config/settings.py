"""One settings file, driven by the environment.

With no environment at all a fresh clone runs on SQLite with Celery tasks executed eagerly, so
`make run` needs no server. DATABASE_URL and CELERY_BROKER_URL switch to PostgreSQL and Redis.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=True)
DEV_SECRET_KEY = "dev-only-insecure-key-change-me"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY in ("", DEV_SECRET_KEY):
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY: production must not run on the development key.")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "csp",
    "branches",
    "meetings",
    "ratings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: private, no-store on every response to a signed-in user (member data).
    "branches.privacy.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "branches.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Vietnamese 404/400/500 pages under DEBUG too (make run); inside CSP so they carry its header.
    "branches.errors.ErrorPagesMiddleware",
    # axes must be last: it turns a locked-out login into the lockout page.
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
                "csp.context_processors.nonce",
                "branches.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Connections kept for a minute: opening one costs a PostgreSQL process start on every request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2 first: a PBKDF2 hash, or an Argon2 hash with Django's heavier default parameters, made before
# it is upgraded at the user's next login.
PASSWORD_HASHERS = [
    "branches.passwords.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "branches.passwords.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# The link mailed for a forgotten password works once, for a day (the mail says so).
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60

# Province-wide summaries (branches/summaries.py) are kept this long. The cache is local memory, one per
# process, unless CACHE_URL names a shared one (in production Redis, e.g. redis://127.0.0.1:6379/1):
# then the server's processes share each summary and work it out once.
SUMMARY_SECONDS = env.int("SUMMARY_SECONDS", default=300)
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# Five wrong passwords for one username from one address lock it for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# The interface is Vietnamese whatever the browser asks for: following Accept-Language would also
# switch date parsing to month-first for an English-language phone.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Collected files exist only in production; while debugging whitenoise serves from the finders.
STATIC_ROOT = env.str("STATIC_ROOT", default="" if DEBUG else str(BASE_DIR / "staticfiles")) or None
MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads: branches.uploads counts each file as it streams in and drops it past 5 MB, before the
# memory (up to 2.5 MB a request) or temporary-file handlers keep more. Form fields alone: 2.5 MB.
FILE_UPLOAD_HANDLERS = [
    "branches.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Scripts only from our own origin (and nonce'd inline config); no inline styles either.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

# Production hardening: on whenever DEBUG is off.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("DJANGO_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The client address axes keys the lockout on (with the username). Without a proxy it is the
# socket's address and X-Forwarded-For is ignored, so a client cannot choose its own address.
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_CLIENT_IP_CALLABLE = "branches.client_ip.client_ip"
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Behind the proxy every request comes from its address: without this, five wrong passwords
    # from anyone would lock a secretary out for everyone. Each of the DJANGO_PROXY_COUNT trusted
    # proxies appends the address it saw to X-Forwarded-For; the client is the entry the outermost
    # one appended, counted from the right, whatever a client put in front of it. ipware counts
    # only the proxies listed in the header, not the one that connects to us, hence the minus one;
    # non-strict so that a forged prefix is skipped rather than the header dropped.
    PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=1)
    if PROXY_COUNT < 1:
        raise ImproperlyConfigured(
            "DJANGO_PROXY_COUNT is the number of proxies in front of the app: 1 or more."
        )
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    IPWARE_STRICT = False

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# No broker configured: run tasks in-process, so development and `make run` need no server.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Rendering a job's part (a report's PDF chunk) holds it whole in memory: parts and merges have their
# own queue, so a `pdf` worker can run with --max-tasks-per-child and little concurrency while other
# tasks go on (see README).
CELERY_TASK_ROUTES = {
    "branches.tasks.task_render_part": {"queue": "pdf"},
    "branches.tasks.task_merge_job": {"queue": "pdf"},
}
# Background jobs (branches.jobs). Each limit is read from JOB_…, or from REPORT_…, its name from
# when reports were the only jobs.
JOB_TIME_LIMIT = env.int(
    "JOB_TIME_LIMIT", default=env.int("REPORT_TIME_LIMIT", default=960)
)  # seconds; a job running longer is stale
# seconds a job may wait for a worker; after that no worker is consuming the queue and it is ended
JOB_QUEUE_LIMIT = env.int("JOB_QUEUE_LIMIT", default=env.int("REPORT_QUEUE_LIMIT", default=900))
JOB_KEEP_DAYS = env.int(
    "JOB_KEEP_DAYS", default=env.int("REPORT_KEEP_DAYS", default=30)
)  # then its file is deleted
# Excel/CSV imports (branches.imports): what a file may weigh before it is read at all. An .xlsx is a
# zip: its unpacked size and its parts' compression ratios are bounded too (a zip bomb claims GBs).
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=500 * 1024 * 1024)
IMPORT_MAX_COMPRESSION_RATIO = env.int("IMPORT_MAX_COMPRESSION_RATIO", default=200)
CELERY_TASK_SOFT_TIME_LIMIT = JOB_TIME_LIMIT - 60
CELERY_TASK_TIME_LIMIT = JOB_TIME_LIMIT
# The web request queues a job: with the broker down it must know within a couple of seconds
# (the job then ends as failed with a message), not hang. A closed port fails at once; an address
# that does not answer gives up after the connect timeout, a broker that stops answering after the
# socket timeout (above kombu's 1 s BRPOP, so an idle worker is not cut off).
CELERY_BROKER_CONNECTION_TIMEOUT = 2  # seconds spent connecting, re-tries included, per publish
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# A task not acknowledged within this time is delivered again: keep it above the hard time limit.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2 * JOB_TIME_LIMIT,
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
}
CELERY_BEAT_SCHEDULE = {
    # What is due for each user (branches.reminders), and the day's email digest, early each morning.
    "send-reminders": {
        "task": "branches.tasks.task_send_reminders",
        "schedule": crontab(hour=env.int("REMINDER_HOUR", default=6), minute=0),
    },
    "clean-old-job-files": {"task": "branches.tasks.task_clean_jobs", "schedule": 24 * 3600},
    # A job whose worker died, or that no worker took, is ended with a message within minutes.
    "end-stale-jobs": {"task": "branches.tasks.task_end_stale_jobs", "schedule": 5 * 60},
}

# Reminders (branches.reminders). [U] parameters with their defaults: last month's minutes are due
# by this day of the month; a discipline's end is announced this many days before; the rating
# year's steps are reminded from this many days before its deadline.
REMINDER_RECORD_BY_DAY = env.int("REMINDER_RECORD_BY_DAY", default=5)
REMINDER_DISCIPLINE_NOTICE_DAYS = env.int("REMINDER_DISCIPLINE_NOTICE_DAYS", default=14)
REMINDER_RATING_LEAD_DAYS = env.int("REMINDER_RATING_LEAD_DAYS", default=45)
# The daily digest goes through SMTP when EMAIL_HOST is set; without it mail is written to the
# console (make run), so no mail server is needed to develop. Links in it start with SITE_URL.
EMAIL_HOST = env.str("EMAIL_HOST", default="")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
# STARTTLS on the submission port by default; EMAIL_USE_SSL for a server on 465 (never both).
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=not EMAIL_USE_SSL)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Công tác đảng <noreply@localhost>")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# The covering indexes are PostgreSQL's; SQLite (`make run`) builds them without the included columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
