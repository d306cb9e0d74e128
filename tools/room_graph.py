"""Draw the package as rooms (folders) and arrows (imports between them), and find circles.

Usage: ``python tools/room_graph.py [--modules]``. A room is a sub-package two levels deep
(``core.engine``, ``ui.canvas``) or a top-level module; an arrow ``a -> b`` means some module of
``a`` imports one of ``b`` (imports under ``TYPE_CHECKING`` left out: they are hints, not
dependencies). Prints the rooms floor by floor (a room's floor is one above the highest room it
reaches), the arrows, and every import circle, between rooms and, with ``--modules``, between
the modules of one room. Exit status 1 when there is a circle between rooms.
"""

from __future__ import annotations

import argparse
import sys

import grimp
import networkx as nx

ROOT = "backprop_studio"


def room_of(module: str) -> str:
    parts = module.split(".")[1:]
    if not parts:
        return "(package)"
    if parts[0] in ("core", "ui") and len(parts) > 1:
        return ".".join(parts[:2])
    return parts[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", action="store_true", help="also circles inside rooms")
    args = parser.parse_args()
    graph = grimp.build_graph(ROOT, exclude_type_checking_imports=True)
    rooms = nx.DiGraph()
    modules = nx.DiGraph()
    for importer in graph.modules:
        if not importer.startswith(ROOT):
            continue
        rooms.add_node(room_of(importer))
        for imported in graph.find_modules_directly_imported_by(importer):
            if not imported.startswith(ROOT):
                continue
            modules.add_edge(importer, imported)
            a, b = room_of(importer), room_of(imported)
            if a != b and a != "(package)" and b != "(package)":
                rooms.add_edge(a, b)
    rooms.remove_nodes_from(["(package)"])
    floor: dict[str, int] = {}
    circles = list(nx.simple_cycles(rooms))
    if not circles:
        for room in reversed(list(nx.topological_sort(rooms))):
            floor[room] = 1 + max((floor[b] for b in rooms.successors(room)), default=0)
    print(f"{rooms.number_of_nodes()} rooms, {rooms.number_of_edges()} arrows", end="")
    print(f", {max(floor.values(), default=0)} floors" if floor else "")
    for level in sorted(set(floor.values()), reverse=True):
        names = sorted(r for r, f in floor.items() if f == level)
        print(f"  floor {level}: {', '.join(names)}")
    for a, b in sorted(rooms.edges):
        print(f"  {a} -> {b}")
    for cycle in circles:
        print("circle between rooms: " + " -> ".join([*cycle, cycle[0]]))
    if args.modules:
        for cycle in nx.simple_cycles(modules):
            print("circle between modules: " + " -> ".join([*cycle, cycle[0]]))
    return 1 if circles else 0


if __name__ == "__main__":
    sys.exit(main())
