"""Software: each model's releases, the version each phone runs, the share on the latest."""
