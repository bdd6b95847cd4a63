"""Notifications: the outbox, e-mail, SMS and signed webhooks, in the recipient's language."""
