"""The central server: accounts, the merged record of every store, and the sync API."""
