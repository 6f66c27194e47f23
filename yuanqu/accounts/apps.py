from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


class AccountsConfig(AppConfig):
    name = "yuanqu.accounts"
    verbose_name = "用户与角色"

    def ready(self):
        from . import roles, rules  # noqa: F401  (rules registers the User rule)

        post_migrate.connect(roles.seed_after_migrate, dispatch_uid="yuanqu.accounts.seed_groups")
        post_save.connect(roles.sync_user, sender=self.get_model("User"), dispatch_uid="yuanqu.accounts.sync_user")
