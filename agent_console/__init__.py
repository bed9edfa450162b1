"""agent-console: a keyboard-first terminal workstation for after-sales technical service."""

__version__ = "0.1.0"
