"""How people get in: the invitation of an account made for them, and the forgotten password.

Both send a one-time link (`accounts.links`) by e-mail, or by SMS when only a mobile number is
known. This area sits above `notifications` (it queues messages) and below `repairs`.
"""
