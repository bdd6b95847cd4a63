"""Administration of the platform: accounts and the network overview (platform admins)."""
