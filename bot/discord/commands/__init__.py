"""Slash commands, one module each. A module registers its command with `@register(...)`;
every module in this package is imported by `load()`, so adding a command is adding a file.

A command that needs a handler the service does not have yet (`needs="who_said"`) is left
out of the tree until the handler exists."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from discord import app_commands

from retrieval.service import NewsService


@dataclass(frozen=True)
class Spec:
    command: app_commands.Command
    example: str
    needs: str | None = None  # the NewsService method it calls, when that may be missing
    order: int = 50  # place in /help

    @property
    def available(self) -> bool:
        return self.needs is None or callable(getattr(NewsService, self.needs, None))


REGISTRY: dict[str, Spec] = {}


def register(
    example: str, needs: str | None = None, order: int = 50
) -> Callable[[app_commands.Command], app_commands.Command]:
    def add(command: app_commands.Command) -> app_commands.Command:
        REGISTRY[command.name] = Spec(command, example, needs, order)
        return command

    return add


def load() -> list[Spec]:
    """Import every command module, then return the commands the service can answer."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return [spec for spec in REGISTRY.values() if spec.available]
