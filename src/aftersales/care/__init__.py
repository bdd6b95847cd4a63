"""Long-term care: phones still in use, the parts forecast and the commitment dashboard."""
