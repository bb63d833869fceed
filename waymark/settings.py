"""Waymark's one settings module, driven by environment variables (see README)."""

import secrets
from collections.abc import Callable
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from lib.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("WAYMARK_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", False)
TESTING = envbool("WAYMARK_TESTING", False)


def _local_secret(name: str, make: Callable[[], str]) -> str:
    """A secret kept in var/ for local runs; production must set the variable."""
    path = VAR_DIR / name
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = envstr("SECRET_KEY")
WAYMARK_DATA_KEYS = envstr("WAYMARK_DATA_KEYS")
if not SECRET_KEY or not WAYMARK_DATA_KEYS:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY and WAYMARK_DATA_KEYS (or their *_FILE) must be set")
    from lib.crypto import new_key_spec

    SECRET_KEY = SECRET_KEY or _local_secret("secret-key", lambda: secrets.token_urlsafe(50))
    WAYMARK_DATA_KEYS = WAYMARK_DATA_KEYS or _local_secret("data-keys", lambda: new_key_spec("k1"))

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth's session list template loads it
    "django_htmx",
    "csp",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_tasks",
    "django_tasks_db",
    "lib",
    "audit",
    "accounts",
    "practice",
    "caseload",
    "connect",
    "privacy",
    "measures",
    "intake",
    "plan",
    "tracking",
    "skills",
    "sos",
    "devices",
    "safety",
    "stages",
    "homework",
    "notes",
    "goals",
    "reports",
    "learning",
    "narrative",
    "motivation",
    "api",
    "demo",
    "home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
    "privacy.middleware.RequireConsentMiddleware",
    "lib.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "waymark.urls"
WSGI_APPLICATION = "waymark.wsgi.application"

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
                "practice.context_processors.practice",
            ],
        },
    },
]

# Databases: SQLite (WAL) unless DATABASE_URL names another.
DATABASE_URL = envstr("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60))}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": envstr("SQLITE_PATH", str(VAR_DIR / "waymark.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so the audit chain's head is never
                # read by two writers at once; WAL lets readers go on meanwhile.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
]
LOGIN_URL = "account_login"
# Messages can name a client ("Alert for Alex acknowledged"): keep them server-side, not in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
LOGIN_REDIRECT_URL = "home"

# allauth: email log-in, invitation-only sign-up, MFA.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
# A reset asked for an address with no account sends nothing: a stranger's mailbox never hears of us.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Failed sign-ins: axes locks an email + address pair first (AXES_FAILURE_LIMIT); allauth's limits
# are a looser net behind it, its "key" being the email + address too (accounts.adapter).
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,10/15m/key", "reset_password": "5/m/ip,3/m/key"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = envstr("MFA_TOTP_ISSUER", "Waymark")
# Sessions are recorded at sign-in; tracking every request would cost four queries each.
USERSESSIONS_TRACK_ACTIVITY = False

# django-axes: lock on username + IP together, never on the username alone.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.lockout.username_from_request"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# One reading of the client's address for both allauth's limits and axes: REMOTE_ADDR, or, behind
# TRUSTED_PROXY_COUNT proxies, the address the outermost one saw (X-Forwarded-For from the right).
ALLAUTH_TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"

# Sessions: a new key at log-in (Django), idle and absolute timeouts (accounts.middleware).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
WAYMARK_IDLE_MINUTES_CLIENT = envint("WAYMARK_IDLE_MINUTES_CLIENT", 15)
WAYMARK_IDLE_MINUTES_STAFF = envint("WAYMARK_IDLE_MINUTES_STAFF", 30)
WAYMARK_ABSOLUTE_HOURS = envint("WAYMARK_ABSOLUTE_HOURS", 12)
# A practice's own course modules (Markdown with front matter), added to or replacing the bundled ones.
WAYMARK_LEARNING_DIR = envstr("WAYMARK_LEARNING_DIR")
SESSION_COOKIE_AGE = WAYMARK_ABSOLUTE_HOURS * 3600

WAYMARK_INVITATION_DAYS = envint("WAYMARK_INVITATION_DAYS", 7)
WAYMARK_DELETION_COOLING_OFF_DAYS = envint("WAYMARK_DELETION_COOLING_OFF_DAYS", 14)
# Risk alerts must be acknowledged within these times, or they go to the clinical lead.
WAYMARK_ALERT_ACK_MINUTES_CRITICAL = envint("WAYMARK_ALERT_ACK_MINUTES_CRITICAL", 60)
WAYMARK_ALERT_ACK_MINUTES_URGENT = envint("WAYMARK_ALERT_ACK_MINUTES_URGENT", 8 * 60)
WAYMARK_NEUTRAL_SITE = envstr("WAYMARK_NEUTRAL_SITE", "https://www.wikipedia.org/")
# Definition files of licensed instruments a practice adds (see docs/instruments.md).
WAYMARK_INSTRUMENTS_DIR = Path(envstr("WAYMARK_INSTRUMENTS_DIR", str(BASE_DIR / "var" / "instruments")))

# HTTPS and headers.
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not (DEBUG or TESTING))
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY", False) else None
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not (DEBUG or TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "manifest-src": [SELF],
    }
}

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
WHITENOISE_USE_FINDERS = DEBUG or TESTING
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if (DEBUG or TESTING)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Email goes out through the tasks queue; console by default, SMTP when EMAIL_HOST is set.
EMAIL_HOST = envstr("EMAIL_HOST")
EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "no-reply@localhost")

TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
    # Request lines never carry personal data (public UUIDs only), but keep errors terse.
    "loggers": {"axes": {"level": "WARNING"}},
}

# The cache holds used TOTP codes and sign-in rate limits, so every server process must share
# it: the database by default, Redis when REDIS_URL is set.
REDIS_URL = envstr("REDIS_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "waymark_cache"}
}
