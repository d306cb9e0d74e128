"""The command line imports only the module of the verb it runs (a quick ``eval``), and its
table of verbs matches what the modules register."""

from __future__ import annotations

import subprocess
import sys

from backprop_studio.cli import VERBS, _verb_parser
from backprop_studio.resources_path import example_path


def test_verb_table_matches_the_registered_parsers():
    parser = _verb_parser()
    assert list(parser._subparsers._group_actions[0].choices) == list(VERBS)


def test_a_verb_imports_only_its_own_module():
    code = (
        "import sys\n"
        "from backprop_studio.cli import main\n"
        f"status = main(['eval', {str(example_path('chain_rule'))!r}])\n"
        "others = [m for m in ('train_cmd', 'solve_cmd', 'export_cmd', 'check_cmd')\n"
        "          if 'backprop_studio.cli.' + m in sys.modules]\n"
        "print(status, others, 'PySide6' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip().splitlines()[-1] == "0 [] False"
    assert "loss (f) = 6" in done.stdout and "df/db += df/dd" in done.stdout


def test_eval_of_a_small_file_never_imports_networkx():
    """The Graph builds its networkx view only when an algorithm needs it (graph.py): loading,
    compiling and evaluating a valid file need none. Editing an edge that might close a
    cycle does, and then gets it."""
    code = (
        "import sys\n"
        "from backprop_studio.cli import main\n"
        f"status = main(['eval', '--json', {str(example_path('chain_rule'))!r}])\n"
        "before = 'networkx' in sys.modules\n"
        "from backprop_studio.core.model.fileio import load_graph\n"
        "from backprop_studio.core.model.graph import Edge\n"
        f"g = load_graph({str(example_path('chain_rule'))!r})\n"
        "try:\n"
        "    g.add_edge(Edge('back', 'f', 'c', 'in'))\n"
        "except Exception as exc:\n"
        "    refused = str(exc)\n"
        "print(status, before, 'networkx' in sys.modules, refused, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .endswith("0 False True edge 'back': that edge would make a cycle: c -> f -> c")
    )
    assert '"loss": 6' in done.stdout
