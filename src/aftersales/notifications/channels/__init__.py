"""Channels: e-mail over SMTP (or files in development), SMS providers, webhooks."""
