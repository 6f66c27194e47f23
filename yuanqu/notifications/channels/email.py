"""E-mail through Django's e-mail backend (settings.EMAIL_*): one message to each recipient with an address."""
from django.core.mail import EmailMessage, get_connection

from .base import Channel, DeliveryError, Message, Target


class EmailChannel(Channel):
    label = "电子邮件"

    def __init__(self, name, *, subject_prefix="【园区调度平台】", from_email=None, **options):
        super().__init__(name, **options)
        self.subject_prefix = subject_prefix
        self.from_email = from_email  # None: settings.DEFAULT_FROM_EMAIL

    def targets(self, message: Message) -> list[Target]:
        return [Target(user.email, user) for user in message.recipients if user.email]

    def send(self, target: Target, message: Message) -> None:
        body = "\n\n".join(part for part in (message.body, message.url and f"查看：{message.url}") if part)
        email = EmailMessage(subject=f"{self.subject_prefix}{message.title}", body=body or message.title,
                             from_email=self.from_email, to=[target.address],
                             connection=get_connection(timeout=self.timeout))
        if email.send() != 1:
            raise DeliveryError("邮件服务器未接受该邮件")
