"""Settings, read from the environment (README: "Configuration" and "Security settings").

DATABASE_URL      default: sqlite:///var/yuanqu.sqlite3 (WAL, busy timeout); postgres://… uses psycopg 3
YUANQU_SECRET_KEY default: the published development key, refused unless YUANQU_DEBUG=1 (core.security)
YUANQU_DEBUG      "1" to turn debug on (the demo: `make run`); off unless set
YUANQU_HTTPS      "1": HTTPS only (redirect, secure cookies, HSTS); default on when debug is off
YUANQU_ALLOWED_HOSTS comma-separated, default "127.0.0.1,localhost"
"""
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("YUANQU_VAR_DIR", BASE_DIR / "var"))


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if value == "" else value in ("1", "true", "yes", "on")


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, "").strip() or default)


# The published key of the development setup: yuanqu.core.security refuses it when debug is off.
DEVELOPMENT_SECRET_KEY = "dev-only-not-secret-yuanqu"
SECRET_KEY = os.environ.get("YUANQU_SECRET_KEY") or DEVELOPMENT_SECRET_KEY
DEBUG = _env_flag("YUANQU_DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("YUANQU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "yuanqu.core.admin_site.AdminConfig",  # django.contrib.admin for 系统管理员 only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "yuanqu.core",
    "yuanqu.accounts",
    "yuanqu.org",
    "yuanqu.chains",
    "yuanqu.enterprises",
    "yuanqu.projects",
    "yuanqu.land",
    "yuanqu.service",
    "yuanqu.policies",
    "yuanqu.factors",
    "yuanqu.targets",
    "yuanqu.figures",
    "yuanqu.demo",
    "yuanqu.cockpit",
    "yuanqu.imports",
    "yuanqu.reports",
    "yuanqu.system",
    "yuanqu.workdays",
    "yuanqu.notifications",
    "django_tasks",
    "yuanqu.core.worker.TasksDatabaseConfig",  # django-tasks' database backend (its queue), named in Chinese
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "yuanqu.core.security.RequestSizeLimit",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "yuanqu.core.security.IdleSession",
    "yuanqu.core.security.NoStoreWhenSignedIn",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yuanqu.urls"
WSGI_APPLICATION = "yuanqu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "yuanqu" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yuanqu.cockpit.context.nav",
            ],
        },
    },
]


def _database():
    url = os.environ.get("DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'yuanqu.sqlite3'}"
    db = dj_database_url.parse(url, conn_max_age=int(os.environ.get("YUANQU_CONN_MAX_AGE", "0")))
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db["OPTIONS"] = {
            # WAL lets the web server read while an import writes; IMMEDIATE avoids
            # "database is locked" upgrades inside transactions; wait up to 20 s.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        db["TEST"] = {"NAME": None}
    return db


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# The county model core's records point at (as AUTH_USER_MODEL for users: core imports no domain app).
REGION_MODEL = "org.Region"

# Applied where a password is set (admin, password change, createsuperuser, changepassword), not to
# stored hashes: the demo users' shared password stays as the demo sets it.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "yuanqu.accounts.passwords.NotLikeTheUser"},
    {"NAME": "yuanqu.accounts.passwords.MinimumLength", "OPTIONS": {"min_length": 8}},
    {"NAME": "yuanqu.accounts.passwords.NotCommon"},
    {"NAME": "yuanqu.accounts.passwords.NotOnlyDigits"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# ---------------------------------------------------------------------------
# Security (README "Security settings"). Production is debug off; HTTPS follows it unless told.
# ---------------------------------------------------------------------------
# Login throttling (django-axes): a user name or address is locked after this many failures in a row, for the
# cool-off; a lockout is logged (logger "axes", WARNING), every failure kept (admin: Axes).
# The login throttle first (django-axes), then object rules (django-rules, answered by
# yuanqu.core.access) and the groups' model permissions.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = _env_int("YUANQU_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=_env_int("YUANQU_LOGIN_COOLOFF_MINUTES", 30))
# Either the user name or the client address reaching the limit locks (guessing one password, or trying
# one password on many users); a successful login clears that name's and address's failures.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # one row per failure (address, browser, time), besides the counts
AXES_LOCKOUT_CALLABLE = "yuanqu.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "yuanqu.core.security.client_ip"

# Sessions end after this much inactivity (refreshed on activity by core.security.IdleSession)
# and when the browser closes.
SESSION_COOKIE_AGE = _env_int("YUANQU_SESSION_IDLE_MINUTES", 120) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# HTTPS only: on in production unless an intranet office serves plain http (YUANQU_HTTPS=0).
HTTPS = _env_flag("YUANQU_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = _env_int("YUANQU_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind one reverse proxy (nginx …) that ends TLS and sets X-Forwarded-Proto and X-Forwarded-For.
BEHIND_PROXY = _env_flag("YUANQU_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("YUANQU_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): scripts and styles from our own static files only; no inline
# script, event handler or style attribute (templates use classes and static JS). data: images are the
# report preview's charts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Request bodies: a larger upload is refused with a Chinese page (core.security.RequestSizeLimit) before
# it is read; the forms bound each file again (imports: YUANQU_RULES["import_max_mb"], the draft checker:
# YUANQU_RULES["draft_max_mb"]). Form fields other than files: at most 5 MB and 2,000 fields.
YUANQU_MAX_REQUEST_MB = _env_int("YUANQU_MAX_REQUEST_MB", 60)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # larger uploads are spooled to a temporary file

# The county this installation serves (行政区划代码); empty: the only (or first) county.
YUANQU_REGION = os.environ.get("YUANQU_REGION", "")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request otherwise
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("YUANQU_LOG_LEVEL", "WARNING")},
}

# ---------------------------------------------------------------------------
# Domain rules that vary by place (DOMAIN.md). Each has the rulebook's default;
# override in the environment-specific settings module, never in code.
# ---------------------------------------------------------------------------
YUANQU_RULES = {
    # §2 规上 threshold (主营业务收入, 万元)
    "above_scale_revenue_wan": 2000,
    # §4 traffic lights: points behind time progress
    "traffic_yellow_behind": 10,
    "traffic_red_behind": 30,
    "traffic_red_start_late_months": 3,
    # §7 low-efficiency land: plot ratio below, or 亩均税收 below this share of last year's average
    "low_efficiency_plot_ratio": "1.0",
    "low_efficiency_tax_share": "0.40",
    # §7 53号令 idle land
    "idle_unstarted_days": 365,
    "idle_developed_share": "0.3333333333",
    "idle_invested_share": "0.25",
    "idle_stopped_days": 365,
    # §8 亩均 evaluation
    "mujun_min_land_mu": 5,
    "mujun_weights_above": {"tax": 30, "value_added": 20, "labour_productivity": 20,
                            "energy": 10, "emission": 10, "rnd": 10},
    "mujun_weights_below": {"tax": 50, "electricity_tax": 50},
    "mujun_class_percentiles": {"A": 25, "B": 70, "C": 95},
    # §8 benchmarks per indicator (same keys as the weights); an indicator left out is
    # benchmarked against the evaluated group's own average (Σ numerator ÷ Σ denominator)
    "mujun_benchmarks_above": {},
    "mujun_benchmarks_below": {},
    # sample "10亿级企业" and "百亿级产业集群": output thresholds (万元)
    "billion_firm_output_wan": 100000,
    "hundred_billion_chain_output_wan": 1000000,
    # §11 rankings
    "red_list_top": 5,
    "black_list_bottom": 4,
    "steed_exceed_share": "0.30",
    "steed_exceed_wan": 5000,
    # §11, §14 tickets: on time within this many working days of receipt when a ticket has no deadline
    "ticket_on_time_workdays": 5,
    # the deadline: working days after 交办 when the ticket's category sets none
    "ticket_deadline_workdays": 10,
    # the reminder ladder, in working days after 交办 while not 办结 (and the handler on the deadline day)
    "ticket_reminder_workdays": {"handler": 5, "head": 10, "leader": 15, "stalled": 30},
    # import 数据审核: growth beyond ± this share is a warning to confirm
    "import_outlier_growth": "0.50",
    # briefings: default 成文日期 — this day of the month after the period (月调度) or quarter (季盘点),
    # this weekday (1 = Monday) of the week after the week (周监测); a weekend moves to the Monday
    "report_issue": {"monthly_day": 10, "quarterly_day": 15, "weekly_weekday": 1},
    # import limits: a larger file or sheet is refused with a message
    "import_max_mb": 50,
    "import_max_rows": 200000,
    # 材料数字核对: a larger draft is refused with a message (reports.checker.Limits)
    "draft_max_mb": 10,
    "draft_max_paragraphs": 20000,
    "draft_max_chars": 500000,
    "draft_max_seconds": 30,
}

# ---------------------------------------------------------------------------
# Notifications (yuanqu.notifications): in-app always; these channels besides (README
# "Notifications"). A channel is on when its environment variable is set; YUANQU_NOTIFY_CHANNELS
# (comma-separated names, empty for in-app only) chooses otherwise.
# ---------------------------------------------------------------------------
YUANQU_SITE_URL = os.environ.get("YUANQU_SITE_URL", "")  # https://… : links in e-mails and robot messages
EMAIL_HOST = os.environ.get("YUANQU_EMAIL_HOST", "")
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                 else "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT = int(os.environ.get("YUANQU_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("YUANQU_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("YUANQU_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("YUANQU_EMAIL_TLS", "0") == "1"
EMAIL_USE_SSL = os.environ.get("YUANQU_EMAIL_SSL", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("YUANQU_EMAIL_FROM", "yuanqu@localhost")

_NOTIFY = {"timeout": float(os.environ.get("YUANQU_NOTIFY_TIMEOUT", "5")),  # seconds per attempt
           "retries": int(os.environ.get("YUANQU_NOTIFY_RETRIES", "2"))}  # attempts after the first
YUANQU_NOTIFICATION_CHANNELS = {
    "email": {"BACKEND": "yuanqu.notifications.channels.email.EmailChannel", **_NOTIFY},
}
if os.environ.get("YUANQU_WECOM_WEBHOOK"):
    YUANQU_NOTIFICATION_CHANNELS["wecom"] = {
        "BACKEND": "yuanqu.notifications.channels.wecom.WeComRobot", **_NOTIFY,
        "url": os.environ["YUANQU_WECOM_WEBHOOK"], "msgtype": os.environ.get("YUANQU_WECOM_MSGTYPE", "markdown")}
if os.environ.get("YUANQU_DINGTALK_WEBHOOK"):
    YUANQU_NOTIFICATION_CHANNELS["dingtalk"] = {
        "BACKEND": "yuanqu.notifications.channels.dingtalk.DingTalkRobot", **_NOTIFY,
        "url": os.environ["YUANQU_DINGTALK_WEBHOOK"], "secret": os.environ.get("YUANQU_DINGTALK_SECRET", ""),
        "keyword": os.environ.get("YUANQU_DINGTALK_KEYWORD", "")}
YUANQU_NOTIFICATION_DEFAULT_CHANNELS = (
    [n for n in os.environ["YUANQU_NOTIFY_CHANNELS"].split(",") if n] if "YUANQU_NOTIFY_CHANNELS" in os.environ
    else [n for n in YUANQU_NOTIFICATION_CHANNELS if n != "email" or EMAIL_HOST])

# ---------------------------------------------------------------------------
# Background tasks: django-tasks with its database backend. `yuanqu worker` runs the queue and
# enqueues each scheduled task every so many minutes (README "Background worker").
# ---------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
YUANQU_SCHEDULE = {  # task path → minutes between runs
    "yuanqu.service.tasks.remind": int(os.environ.get("YUANQU_REMIND_EVERY_MINUTES", "15")),
}
