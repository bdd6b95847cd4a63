"""SLA: policies per brand, country and channel; the working-day clock."""
