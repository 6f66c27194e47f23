from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "yuanqu.accounts"
    verbose_name = "用户与角色"
