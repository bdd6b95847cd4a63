"""Pure helpers shared by every area: clock, working days, IMEI, codes, errors."""
