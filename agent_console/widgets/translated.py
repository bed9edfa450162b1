"""Key descriptions in the language of the moment.

BINDINGS are class attributes, made once at import; their descriptions here are translation
keys ("key.take"), translated when each screen or widget is created. So the language chosen
by --lang, or switched between two test runs in one process, is the one the Footer, the help
screen and the command palette show.
"""

from dataclasses import replace
from typing import Any

from agent_console.i18n import t


class TranslatedBindings:
    """Mix in before the Textual base class: ``class QueueScreen(TranslatedBindings, Screen)``."""

    _bindings: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Textual copies the class bindings into each node's own map; translate that copy.
        mapping = self._bindings.key_to_bindings
        for key, bindings in mapping.items():
            mapping[key] = [
                replace(binding, description=t(binding.description))
                if binding.description
                else binding
                for binding in bindings
            ]
