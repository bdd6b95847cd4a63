"""The worker: sends the outbox and runs the scheduled jobs."""
