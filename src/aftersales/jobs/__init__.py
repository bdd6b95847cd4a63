"""Scheduled jobs: the lease that lets one worker at a time run each of them."""
