"""History from other systems: repair orders and dated events, imported once, counted."""
