"""The `aftersales` command line."""
