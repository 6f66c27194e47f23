"""Notifications (消息通知): in-app messages and the channels that carry them out of the platform.

services.notify()   the one way to notify: records a Notification per recipient, then sends
                    through the configured channels once the transaction commits
channels/           base.py (Channel: targets, send, bounded retries, a Delivery per send) and one
                    module per channel: email.py, webhook.py (JSON over HTTP), wecom.py, dingtalk.py
models.py           Notification (in-app, per user), Delivery (one channel send: status, error)
views.py            /notifications/: a user's own notifications; mark read
"""
