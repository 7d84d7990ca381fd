"""No import cycle between the top-level apps, nor between the packages directly under lead/,
function-body imports included (docs/architecture.md). import-linter's contracts in
pyproject.toml state the layers; this checks the cycles on grimp's graph directly, so a cycle
fails here even if a contract were loosened."""

import tomllib
from collections import defaultdict
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*PACKAGES, include_external_packages=False, cache_dir=None)


def edges_between(graph, part_of) -> dict[str, set[str]]:
    """Which part imports which, where `part_of(module)` names a module's part (None: not counted)."""
    edges = defaultdict(set)
    for module in graph.modules:
        importer = part_of(module)
        if importer is None:
            continue
        for imported_module in graph.find_modules_directly_imported_by(module):
            imported = part_of(imported_module)
            if imported is not None and imported != importer:
                edges[importer].add(imported)
    return edges


def cycle_in(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path (first and last the same), or None."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node):
        state[node] = "open"
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = "done"
        path.pop()
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_top_level_apps_import_one_another_without_a_cycle(graph):
    edges = edges_between(graph, lambda module: module.split(".")[0])
    assert cycle_in(edges) is None


def test_the_packages_directly_under_lead_import_one_another_without_a_cycle(graph):
    def part_of(module):
        parts = module.split(".")
        return ".".join(parts[:2]) if parts[0] == "lead" and len(parts) > 1 else None

    assert cycle_in(edges_between(graph, part_of)) is None


def test_the_cycle_check_finds_a_cycle():
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle_in({"a": {"b"}, "b": {"c"}}) is None
