"""Phones: IMEI, model, owner, purchase and software version."""
