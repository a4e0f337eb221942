"""Pages that features extend without being imported by them: the case page's tabs, the person
page's sections. The page owns a ``PanelRegistry``; each feature registers its panels in its
``AppConfig.ready`` with its own template and a builder for that template's context."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

Builder = TypeVar("Builder", bound=Callable[..., Mapping[str, Any]])


@dataclass(frozen=True)
class Panel(Generic[Builder]):
    key: str  # in URLs (?tab=flags) and element ids
    label: str
    template: str  # in the registering app's own namespace, e.g. "documents/tabs/flags.html"
    build: Builder | None = None  # context for the template; None: the page's own context is enough
    roles: frozenset[str] | None = None  # None: everyone who may see the page
    slot: str = ""  # where on the page, for pages with more than one place for panels
    sections: tuple[str, ...] = ()  # the case record's editable sections shown on the panel
    more: bool = False  # a tab used less often: listed under "More" unless it is the open one

    def visible_to(self, role: str) -> bool:
        return self.roles is None or role in self.roles


class PanelRegistry(Generic[Builder]):
    """Panels in display order. Registering a key again replaces that panel in place."""

    def __init__(self) -> None:
        self._panels: dict[str, Panel[Builder]] = {}

    def register(self, panel: Panel[Builder], *, after: str | None = None) -> None:
        items = [(key, p) for key, p in self._panels.items() if key != panel.key]
        if panel.key in self._panels and after is None:
            items = [(key, panel if key == panel.key else p) for key, p in self._panels.items()]
        elif after is not None:
            keys = [key for key, _ in items]
            if after not in keys:
                raise KeyError(f"no panel {after!r} to place {panel.key!r} after")
            items.insert(keys.index(after) + 1, (panel.key, panel))
        else:
            items.append((panel.key, panel))
        self._panels = dict(items)

    def __contains__(self, key: object) -> bool:
        return key in self._panels

    def __getitem__(self, key: str) -> Panel[Builder]:
        return self._panels[key]

    def __iter__(self) -> Iterator[Panel[Builder]]:
        return iter(list(self._panels.values()))

    def visible(self, role: str, slot: str | None = None) -> list[Panel[Builder]]:
        return [p for p in self if p.visible_to(role) and (slot is None or p.slot == slot)]
