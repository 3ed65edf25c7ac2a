"""Compose YAML with limits, so a hostile file fails fast instead of exhausting the process.

PyYAML's composer recurses once per nesting level (a few thousand levels raise
`RecursionError`) and shares aliased nodes, so walking a small file of nested aliases
("billion laughs") visits an exponential number of nodes. Here every node is counted as often
as a walk would visit it — an alias counts the whole subtree it names — and nesting is bounded.
"""

from __future__ import annotations

import yaml

MAX_DEPTH = 32
MAX_NODES = 200_000


class LimitExceeded(yaml.YAMLError):
    """The document nests too deeply or expands to too many nodes."""

    def __init__(self, problem: str, mark: yaml.Mark | None):
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


class _LimitedLoader(yaml.SafeLoader):
    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0
        self._sizes: dict[int, int] = {}

    def _count(self, n: int, mark: yaml.Mark) -> None:
        self._nodes += n
        if self._nodes > MAX_NODES:
            raise LimitExceeded(f"the document expands to more than {MAX_NODES:,} values "
                                "(through aliases or sheer size)", mark)

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            node = super().compose_node(parent, index)
            self._count(self._sizes.get(id(node), 1), event.start_mark)
            return node
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise LimitExceeded(f"lists or mappings are nested more than {MAX_DEPTH} levels deep",
                                event.start_mark)
        before = self._nodes
        self._count(1, event.start_mark)
        node = super().compose_node(parent, index)
        self._sizes[id(node)] = self._nodes - before
        self._depth -= 1
        return node


def compose(text: str) -> yaml.Node | None:
    """Compose one YAML document with the safe loader and the limits above."""
    loader = _LimitedLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()
