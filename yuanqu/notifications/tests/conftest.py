import pytest

from yuanqu.accounts.factories import UserFactory

EMAIL = "yuanqu.notifications.channels.email.EmailChannel"
WECOM = "yuanqu.notifications.channels.wecom.WeComRobot"
DINGTALK = "yuanqu.notifications.channels.dingtalk.DingTalkRobot"
WEBHOOK = "yuanqu.notifications.channels.webhook.WebhookChannel"
FAST = {"timeout": 2, "retries": 2, "retry_delay": 0}


@pytest.fixture
def people(db):
    """Two commissioners with e-mail and mobile, one without an address, and one no longer active."""
    return [UserFactory(username="zhang", display_name="张专员", email="zhang@example.cn", phone="13800000001"),
            UserFactory(username="li", display_name="李专员", email="li@example.cn", phone="13800000002"),
            UserFactory(username="wang", display_name="王专员", email=""),
            UserFactory(username="gone", display_name="离任专员", email="gone@example.cn", is_active=False)]


@pytest.fixture
def channels(settings):
    """Configure channels by name for one test: channels(wecom={"BACKEND": …, "url": …})."""
    def configure(**named):
        settings.YUANQU_NOTIFICATION_CHANNELS = named
        settings.YUANQU_SITE_URL = "https://yq.example.cn"
    return configure
