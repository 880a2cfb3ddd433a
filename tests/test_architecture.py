"""The import rules of ARCHITECTURE.md, read from the source with ast (imports inside functions
included): the lower layers never import a blueprint or the API, and no forum module takes part
in an import cycle."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "forum"
BLUEPRINTS = ("forum.auth", "forum.boards", "forum.pages", "forum.chat", "forum.moderation",
              "forum.crisis", "forum.api")
LOWER = ("forum.services", "forum.models", "forum.permissions", "forum.visibility",
         "forum.sanitize")


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(path): path for path in PACKAGE.rglob("*.py")}


def _known(name: str) -> str | None:
    """The forum module an import names: itself, or the module that holds the name."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _targets(module: str, node: ast.AST) -> set[str]:
    if isinstance(node, ast.Import):
        return {_known(alias.name) for alias in node.names if alias.name.startswith("forum")}
    if not isinstance(node, ast.ImportFrom):
        return set()
    base = node.module or ""
    if node.level:
        package = module.split(".")[:None if MODULES[module].name == "__init__.py" else -1]
        base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
    if not base.startswith("forum"):
        return set()
    return {_known(f"{base}.{alias.name}") for alias in node.names}


def _parents(module: str, target: str) -> set[str]:
    """Importing forum.a.b runs forum/a/__init__.py first, unless forum.a is the importer's own
    package (already running). The root package, create_app's home, is left out: it imports
    every blueprint by design and nothing imports it back but the command line."""
    parts = target.split(".")
    return {".".join(parts[:i]) for i in range(2, len(parts))
            if not (module + ".").startswith(".".join(parts[:i]) + ".")}


def import_graph() -> dict[str, set[str]]:
    """Every forum module and the forum modules it imports, at the top or inside a function."""
    graph = {}
    for module, path in MODULES.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            targets |= {t for t in _targets(module, node) if t}
        targets |= {parent for target in targets for parent in _parents(module, target)}
        graph[module] = targets - {module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            if len(group) > 1:
                found.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def _within(module: str, packages) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def test_the_lower_layers_never_import_a_blueprint_or_the_api():
    graph = import_graph()
    reaching_up = {module: sorted(t for t in targets if _within(t, BLUEPRINTS))
                   for module, targets in graph.items() if _within(module, LOWER)}
    assert {m: t for m, t in reaching_up.items() if t} == {}


def test_no_forum_module_takes_part_in_an_import_cycle():
    assert cycles(import_graph()) == []


def test_the_graph_sees_imports_inside_functions_and_package_inits():
    source = "def later():\n    from forum.chat.events import chat_event\n"
    tree = ast.parse(source)
    found = set().union(*(_targets("forum.services.example", n) for n in ast.walk(tree)))
    assert found == {"forum.chat.events"}
    assert _parents("forum.services.example", "forum.chat.events") == {"forum.chat"}
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("layer", LOWER)
def test_every_lower_layer_exists_where_the_rules_say(layer):
    assert layer in MODULES, f"ARCHITECTURE.md names {layer}; move the rule with the module"
