"""factory_boy factories for notifications."""
import factory
from factory.django import DjangoModelFactory

from yuanqu.accounts.factories import UserFactory

from .models import Notification


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"示例通知{n}")
    body = "诉求SQ001已交办5个工作日，尚未办结。"
    link = "/service/"
