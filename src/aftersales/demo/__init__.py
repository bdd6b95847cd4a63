"""Demo data: a true-to-life catalogue, staff, phones and repair histories."""
