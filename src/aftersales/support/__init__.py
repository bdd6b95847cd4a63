"""Support commitments: until when each model is repaired, has parts and gets updates."""
