"""Settings, read from the environment.

DATABASE_URL      default: sqlite:///var/yuanqu.sqlite3 (WAL, busy timeout); postgres://… uses psycopg 3
YUANQU_SECRET_KEY default: a development key (set it in production)
YUANQU_DEBUG      "1" to turn debug on (default on for the embedded SQLite setup)
YUANQU_ALLOWED_HOSTS comma-separated, default "127.0.0.1,localhost"
"""
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("YUANQU_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("YUANQU_SECRET_KEY", "dev-only-not-secret-yuanqu")
DEBUG = os.environ.get("YUANQU_DEBUG", "1") == "1"
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

# Object rules (django-rules, answered by yuanqu.core.access) and the groups' model permissions.
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

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
    # §11 tickets
    "ticket_on_time_workdays": 5,
    "ticket_escalate_days": [7, 14, 21],
    "ticket_abandon_days": 30,
    # import 数据审核: growth beyond ± this share is a warning to confirm
    "import_outlier_growth": "0.50",
    # import limits: a larger file or sheet is refused with a message
    "import_max_mb": 50,
    "import_max_rows": 200000,
}
