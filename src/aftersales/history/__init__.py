"""History from other systems: repairs and their dated events, imported once, counted everywhere."""
