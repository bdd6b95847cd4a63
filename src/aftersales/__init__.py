"""aftersales: after-sales service platform for smartphones."""

__version__ = "0.1.0"
