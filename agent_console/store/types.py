"""Column types shared by the tables."""

from enum import StrEnum
from typing import Any

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

VOCAB_LENGTH = 32


class Vocab(TypeDecorator[StrEnum]):
    """A vocabulary value (agent_console.vocab) stored as its code, read back as the member."""

    impl = String(VOCAB_LENGTH)
    cache_ok = True

    def __init__(self, vocabulary: type[StrEnum]) -> None:
        super().__init__()
        self.vocabulary = vocabulary

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else self.vocabulary(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> StrEnum | None:
        return None if value is None else self.vocabulary(value)
