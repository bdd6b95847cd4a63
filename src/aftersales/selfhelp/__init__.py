"""Self-help: the likely fixes for a problem in the owner's words, before a repair is booked."""
