"""Where the shipped service content (kb/) is."""

from pathlib import Path


def bundled_kb_dir() -> Path:
    """Inside the installed package, or kb/ beside the package in a checkout."""
    package = Path(__file__).parent
    bundled = package / "_kb"
    return bundled if bundled.is_dir() else package.parent / "kb"
