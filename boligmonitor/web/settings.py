"""Django settings. Everything that differs between the demo and a deployment comes from the environment.

* ``DATABASE_URL``: default ``sqlite:///var/web.sqlite3`` (embedded); ``postgres://user:pw@host/db`` for multi-user.
* ``BOLIGMONITOR_SECRET_KEY``: required when ``BOLIGMONITOR_DEBUG`` is off and the hosts are not loopback only;
  without it the server refuses to start (exit code 78).
* ``BOLIGMONITOR_PROXY_SSL_HEADER``: behind a TLS proxy, the header it sets (``X-Forwarded-Proto``);
  ``BOLIGMONITOR_TRUST_X_FORWARDED_FOR=1``: the client's address is the proxy's last X-Forwarded-For entry.
* ``BOLIGMONITOR_LOGIN_FAILURES_PER_ACCOUNT`` / ``_PER_ADDRESS`` / ``BOLIGMONITOR_LOGIN_WINDOW_SECONDS``: the
  failed-login throttle (default 5 per account, 20 per address, in 15 minutes).
* ``BOLIGMONITOR_EXPORT_CACHE_ENTRIES`` / ``_RENDERS_PER_MINUTE`` / ``_RENDER_SLOTS``: public downloads are cached
  (500 entries); uncached ones are rendered at most 10 a minute per address and one at a time per worker.
* ``BOLIGMONITOR_SITE_MINIMUM``: the disclosure minimum every imported cell is re-checked against (default 5).
* ``BOLIGMONITOR_UPLOAD_MAX_MB``, ``BOLIGMONITOR_UPLOAD_MAX_UNCOMPRESSED_MB``, ``BOLIGMONITOR_UPLOAD_MAX_RATIO``:
  limits for uploaded bundles (default 512 MiB, 1024 MiB unpacked, compression ratio 100).
* ``BOLIGMONITOR_OIDC_*``: municipal single sign-on (OpenID Connect), off unless the issuer is set.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from boligmonitor.web import deployment

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("BOLIGMONITOR_HOME", Path.cwd()))

DEBUG = os.environ.get("BOLIGMONITOR_DEBUG", "0") == "1"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("BOLIGMONITOR_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
                 .split(",") if h.strip()]
SECRET_KEY = os.environ.get("BOLIGMONITOR_SECRET_KEY", "")
try:
    # A site others can reach must have its own key (sessions, CSRF and password resets are signed with it);
    # the demo on the loopback interface may use the placeholder.
    _problem = deployment.secret_key_problem(SECRET_KEY, DEBUG, ALLOWED_HOSTS)
    if _problem:
        raise deployment.DeploymentError(_problem)
    SITE_MINIMUM_COUNT = deployment.env_int(os.environ, "BOLIGMONITOR_SITE_MINIMUM", 5, minimum=1)
    UPLOAD_MAX_BYTES = deployment.env_int(os.environ, "BOLIGMONITOR_UPLOAD_MAX_MB", 512, minimum=1) * 2**20
    UPLOAD_MAX_UNCOMPRESSED_BYTES = deployment.env_int(os.environ, "BOLIGMONITOR_UPLOAD_MAX_UNCOMPRESSED_MB", 1024,
                                                       minimum=1) * 2**20
    UPLOAD_MAX_RATIO = deployment.env_int(os.environ, "BOLIGMONITOR_UPLOAD_MAX_RATIO", 100, minimum=1)
    _proxy_header = deployment.proxy_ssl_header(os.environ.get("BOLIGMONITOR_PROXY_SSL_HEADER", ""))
    # failed logins: per account and per address within the window (throttle.py)
    LOGIN_FAILURES_PER_ACCOUNT = deployment.env_int(os.environ, "BOLIGMONITOR_LOGIN_FAILURES_PER_ACCOUNT", 5,
                                                    minimum=1)
    LOGIN_FAILURES_PER_ADDRESS = deployment.env_int(os.environ, "BOLIGMONITOR_LOGIN_FAILURES_PER_ADDRESS", 20,
                                                    minimum=1)
    LOGIN_WINDOW_SECONDS = deployment.env_int(os.environ, "BOLIGMONITOR_LOGIN_WINDOW_SECONDS", 900, minimum=60)
    # public downloads (exportcache.py): cached entries, renders per address a minute, renders per worker at once
    EXPORT_CACHE_ENTRIES = deployment.env_int(os.environ, "BOLIGMONITOR_EXPORT_CACHE_ENTRIES", 500, minimum=1)
    EXPORT_RENDERS_PER_MINUTE = deployment.env_int(os.environ, "BOLIGMONITOR_EXPORT_RENDERS_PER_MINUTE", 10,
                                                   minimum=1)
    EXPORT_RENDER_SLOTS = deployment.env_int(os.environ, "BOLIGMONITOR_EXPORT_RENDER_SLOTS", 1, minimum=1)
except deployment.DeploymentError as _exc:
    deployment.stop(str(_exc))
if not SECRET_KEY:
    SECRET_KEY = deployment.DEMO_KEY_PREFIX + "x" * 40
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = _proxy_header
# Behind a proxy, the client's address (for the login throttle and the audit log) is the proxy's last
# X-Forwarded-For entry; only turn this on when a proxy that sets it is the only way in.
TRUST_X_FORWARDED_FOR = os.environ.get("BOLIGMONITOR_TRUST_X_FORWARDED_FOR", "0") == "1"
# Uploads are written here (not to /tmp): one folder per upload, named with the worker's process id, removed when
# the import ends and, if a worker was killed, at the next start or import.
UPLOAD_DIR = Path(os.environ.get("BOLIGMONITOR_UPLOAD_DIR", PROJECT_DIR / "var" / "uploads"))
# Plans' attached documents (beredskabsplan, kommissorium, ...): outside the web root, served only through the plan's
# page to those who may see the plan (web/plans/storage.py); at most this many MiB each.
PLAN_ATTACHMENT_DIR = Path(os.environ.get("BOLIGMONITOR_PLAN_ATTACHMENT_DIR", PROJECT_DIR / "var" / "plan-attachments"))
try:
    PLAN_ATTACHMENT_MAX_BYTES = deployment.env_int(os.environ, "BOLIGMONITOR_PLAN_ATTACHMENT_MAX_MB", 20,
                                                   minimum=1) * 2**20
except deployment.DeploymentError as _exc:
    deployment.stop(str(_exc))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "boligmonitor.web.apps.MonitorConfig",
    "boligmonitor.web.plans.apps.PlansConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "boligmonitor.web.middleware.LanguageAndSecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "boligmonitor.web.tokens.TokenMiddleware",  # personal API tokens on /api/ (after the session's user)
    # before anything reads an upload's body (the CSRF check does, in process_view): size limits, own temp folder
    "boligmonitor.web.uploads.UploadGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "boligmonitor.web.urls"
WSGI_APPLICATION = "boligmonitor.web.wsgi.application"

TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.template.context_processors.i18n",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "boligmonitor.web.views.site_context",
    ]},
}]

DEFAULT_SQLITE = PROJECT_DIR / "var" / "web.sqlite3"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE}"),
                                              conn_max_age=60)}
if "DATABASE_URL" not in os.environ:
    DEFAULT_SQLITE.parent.mkdir(parents=True, exist_ok=True)  # the embedded default needs its folder
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # IMMEDIATE: a transaction takes the write lock when it begins, so two workers importing or publishing at the
    # same time queue up instead of one failing with "database is locked" when it upgrades a read to a write.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;",
                                       "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id first: new and changed passwords get the strongest hash Django ships.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

OIDC_OP_ISSUER = os.environ.get("BOLIGMONITOR_OIDC_ISSUER", "")
if OIDC_OP_ISSUER:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.insert(0, "boligmonitor.web.oidc.RoleMappingOIDCBackend")
    OIDC_RP_CLIENT_ID = os.environ["BOLIGMONITOR_OIDC_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ["BOLIGMONITOR_OIDC_CLIENT_SECRET"]
    OIDC_RP_SIGN_ALGO = os.environ.get("BOLIGMONITOR_OIDC_SIGN_ALGO", "RS256")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["BOLIGMONITOR_OIDC_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["BOLIGMONITOR_OIDC_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["BOLIGMONITOR_OIDC_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("BOLIGMONITOR_OIDC_JWKS_ENDPOINT", "")

# Sessions and CSRF: cookies are HttpOnly and SameSite; Secure whenever the site is served over https.
SECURE = os.environ.get("BOLIGMONITOR_HTTPS", "0") == "1"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SECURE = SECURE
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False  # years and ids must not read "2.025"; numbers use the |num filters

STATIC_URL = "/static/"
# WhiteNoise serves the files straight from the installed apps: no collectstatic step, no folder to create.
WHITENOISE_USE_FINDERS = True

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
