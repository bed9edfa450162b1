"""Offline-first sync with the central server: the wire protocol and the client."""
