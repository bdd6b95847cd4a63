"""History from other systems: repair orders and their dated events, imported once and counted everywhere."""
