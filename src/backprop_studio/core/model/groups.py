"""Groups: named sets of nodes that the canvas can collapse into one block ("neuron h1").

A group is document data (saved in the file as ``"groups": [{"id", "label", "nodes": [...],
"collapsed": bool}]``) but changes nothing about evaluation: a reader that ignores groups
evaluates the file the same. Rules, enforced by :class:`GroupStore` (a part of
:class:`~backprop_studio.core.model.graph.Graph`):

- group ids are unique; a group names at least one node, each existing, each in no other group;
- deleting a node leaves its group's membership as it was (the id simply has no node), so an
  undo that puts the node back restores the group exactly; :meth:`GroupStore.group_nodes`
  gives the members that exist, and a saved file lists only those (a group left with none is
  not saved).

Events: ``group_added``, ``group_removed`` and ``group_changed`` (keys: the fields changed),
with the group id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from .errors import GraphError, Problem

GROUP_FIELDS = ("label", "nodes", "collapsed")


@dataclass(frozen=True)
class Group:
    """A named set of node ids, collapsed into one block on the canvas or not."""

    id: str
    label: str
    nodes: tuple[str, ...]
    collapsed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "nodes": list(self.nodes),
            "collapsed": self.collapsed,
        }


class GroupStore:
    """The group half of the Graph (mixed into it): storage, rules and events."""

    _nodes: dict[str, Any]
    _emit: Callable[..., None]  # the Graph's

    def _init_groups(self) -> None:
        self._groups: dict[str, Group] = {}  # in document order (insertion; undo restores it)

    # ----------------------------------------------------------------- queries
    def groups(self) -> list[Group]:
        """Every group, in document order."""
        return list(self._groups.values())

    def group(self, group_id: str) -> Group:
        try:
            return self._groups[group_id]
        except KeyError:
            raise GraphError(f"no group {group_id!r}") from None

    def has_group(self, group_id: str) -> bool:
        return group_id in self._groups

    def group_nodes(self, group_id: str) -> list[str]:
        """The group's members that exist now."""
        return [n for n in self.group(group_id).nodes if n in self._nodes]

    def group_of(self, node_id: str) -> str | None:
        """The id of the group holding ``node_id``, or None."""
        for g in self._groups.values():
            if node_id in g.nodes:
                return g.id
        return None

    def new_group_id(self, prefix: str = "g") -> str:
        k = len(self._groups) + 1
        while f"{prefix}{k}" in self._groups:
            k += 1
        return f"{prefix}{k}"

    # ----------------------------------------------------------------- edits
    def add_group(self, group: Group, index: int | None = None) -> Group:
        """Add a group (at ``index`` in the document order, to restore it on undo)."""
        if not group.id:
            raise GraphError("a group needs a non-empty id")
        if group.id in self._groups:
            raise GraphError(f"duplicate group id {group.id!r}")
        self._check_members(group.id, group.nodes)
        items = list(self._groups.items())
        at = len(items) if index is None else max(0, min(index, len(items)))
        items.insert(at, (group.id, group))
        self._groups = dict(items)
        self._emit("group_added", group.id)
        return group

    def remove_group(self, group_id: str) -> tuple[Group, int]:
        """Remove a group (its nodes stay); returns it and its index for an undo."""
        group = self.group(group_id)
        index = list(self._groups).index(group_id)
        del self._groups[group_id]
        self._emit("group_removed", group_id)
        return group, index

    def update_group(self, group_id: str, **changes: Any) -> Group:
        """Change ``label``, ``nodes`` or ``collapsed``; raises GraphError and changes nothing
        when the change breaks a rule."""
        unknown = set(changes) - set(GROUP_FIELDS)
        if unknown:
            raise GraphError(f"cannot change group field(s) {', '.join(sorted(unknown))}")
        group = self.group(group_id)
        if "nodes" in changes:
            changes["nodes"] = tuple(changes["nodes"])
            self._check_members(group_id, changes["nodes"])
        if "collapsed" in changes:
            changes["collapsed"] = bool(changes["collapsed"])
        new = replace(group, **changes)
        if new == group:
            return group
        self._groups[group_id] = new
        self._emit("group_changed", group_id, keys=changes)
        return new

    def _check_members(self, group_id: str, nodes: tuple[str, ...]) -> None:
        if not nodes:
            raise GraphError(f"group {group_id!r} has no nodes")
        if len(set(nodes)) != len(nodes):
            raise GraphError(f"group {group_id!r} names a node twice")
        for n in nodes:
            if n not in self._nodes:
                raise GraphError(f"group {group_id!r} names missing node {n!r}", node=n)
            other = self.group_of(n)
            if other is not None and other != group_id:
                raise GraphError(f"node {n!r} is already in group {other!r}", node=n)


# ----------------------------------------------------------------- the file's "groups" field
def read_groups(raw: Any, store: GroupStore) -> list[Problem]:
    """Add the groups of a file's ``groups`` list to ``store`` (whose nodes are loaded); the
    problems found, each naming the group (the group is then left out)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        return [Problem(f'"groups" must be a list of groups, not {raw!r}')]
    problems: list[Problem] = []
    for i, item in enumerate(raw):
        where = f"group {i + 1}"
        if not isinstance(item, dict):
            problems.append(Problem(f"{where} must be an object, not {item!r}"))
            continue
        gid, label = item.get("id"), item.get("label", "")
        nodes, collapsed = item.get("nodes"), item.get("collapsed", False)
        if not isinstance(gid, str) or not gid:
            problems.append(Problem(f'{where}: "id" must be non-empty text, not {gid!r}'))
            continue
        where = f"group {gid!r}"
        if not isinstance(label, str):
            problems.append(Problem(f'{where}: "label" must be text, not {label!r}'))
        elif not isinstance(nodes, list) or not all(isinstance(n, str) for n in nodes):
            problems.append(Problem(f'{where}: "nodes" must be a list of node ids'))
        elif not isinstance(collapsed, bool):
            problems.append(Problem(f'{where}: "collapsed" must be true or false'))
        else:
            try:
                store.add_group(Group(gid, label, tuple(nodes), collapsed))
            except GraphError as exc:
                problems.append(Problem(str(exc), node=exc.node))
    return problems


def write_groups(store: GroupStore) -> list[dict[str, Any]]:
    """The ``groups`` list to save: each group with its existing nodes (none: left out)."""
    out = []
    for g in store.groups():
        nodes = store.group_nodes(g.id)
        if nodes:
            out.append(replace(g, nodes=tuple(nodes)).to_dict())
    return out
