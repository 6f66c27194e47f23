"""Password rules (AUTH_PASSWORD_VALIDATORS): Django's four validators with the platform's Chinese
messages (Django's own zh-hans catalogue misses some of them)."""
from django.contrib.auth import password_validation as base


class MinimumLength(base.MinimumLengthValidator):
    def get_error_message(self):
        return f"密码太短：至少需要{self.min_length}个字符。"

    def get_help_text(self):
        return f"密码至少{self.min_length}个字符。"


class NotLikeTheUser(base.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return "密码与%(verbose_name)s太相似，请换一个。"

    def get_help_text(self):
        return "密码不能与用户名、姓名等个人信息相似。"


class NotCommon(base.CommonPasswordValidator):
    def get_error_message(self):
        return "这个密码太常见，容易被猜中，请换一个。"

    def get_help_text(self):
        return "密码不能是常用密码。"


class NotOnlyDigits(base.NumericPasswordValidator):
    def get_error_message(self):
        return "密码不能全都是数字。"

    def get_help_text(self):
        return "密码不能全都是数字。"
