"""Settings of the gunicorn that `bench/load.py` starts: production settings (DEBUG off), with the
loopback standing in for the TLS proxy. Plain HTTP on 127.0.0.1 means cookies without the Secure
flag and no redirect to HTTPS; static files are served without a manifest, since nothing was
collected (the load test requests pages, not their assets, which a browser caches)."""

import warnings

from config.settings import *  # noqa: F403
from config.settings import STORAGES

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collected files
