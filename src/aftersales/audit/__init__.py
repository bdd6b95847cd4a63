"""The audit log: who changed what outside the repair history, and from what to what."""
