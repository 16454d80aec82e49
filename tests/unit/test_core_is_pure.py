"""The pure core never touches the browser: checked on the source, with ``ast``.

Only ``_browser*.py`` and ``_client.py`` may import ``js``, ``pyodide`` or
``pyscript``; the core may not import those modules either (nor ``_default``, which
builds a Client), so it stays importable on CPython, Pyodide and MicroPython alike.
"""

import ast
import pathlib

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "pwid_connect"
JS_MODULES = {"js", "pyodide", "pyscript"}
EDGE = {"_client", "_default", "_idle_watcher"}  # plus every _browser*
# Stdlib modules MicroPython lacks or breaks: the core must not lean on them.
NOT_ON_MICROPYTHON = {
    "__future__",
    "typing",
    "dataclasses",
    "enum",
    "urllib",
    "base64",
    "secrets",
    "random",
}


def _is_edge(name: str) -> bool:
    return name.startswith("_browser") or name in EDGE


def _imports(path: pathlib.Path) -> "list[tuple[str, int]]":
    """(top-level module, level) of every import, at any depth (functions, try blocks)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name.split(".")[0], 0) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level and node.module is None:  # from . import _browser
                found += [(alias.name, node.level) for alias in node.names]
            else:
                found.append(((node.module or "").split(".")[0], node.level))
    return found


def _core_modules() -> "list[pathlib.Path]":
    return [
        p for p in sorted(PACKAGE.glob("*.py")) if not _is_edge(p.stem) and p.stem != "__init__"
    ]


def test_there_is_a_core_to_check() -> None:
    names = {p.stem for p in _core_modules()}
    assert {"_errors", "_encoding", "_jwt", "_urls", "_pkce", "_storage"} <= names
    assert {"_transactions", "_cache", "_user"} <= names


def test_core_imports_no_js() -> None:
    for path in [*_core_modules(), PACKAGE / "__init__.py"]:
        for module, level in _imports(path):
            if level == 0:
                assert module not in JS_MODULES, f"{path.name} imports {module}"


def test_core_imports_no_browser_edge() -> None:
    for path in _core_modules():
        for module, level in _imports(path):
            if level:
                assert not _is_edge(module), f"{path.name} imports the browser edge ({module})"


def test_core_avoids_modules_micropython_lacks() -> None:
    for path in _core_modules():
        for module, level in _imports(path):
            if level == 0:
                assert module not in NOT_ON_MICROPYTHON, f"{path.name} imports {module}"


def test_the_check_sees_imports(tmp_path: pathlib.Path) -> None:
    # Guard the guard: nested, aliased and relative imports are all found.
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f():\n"
        "    try:\n"
        "        import js as j\n"
        "    except ImportError:\n"
        "        pass\n"
        "from . import _browser\n"
        "from .._client import Client\n"
        "from pyodide.ffi import jsnull\n"
    )
    assert sorted(_imports(sample)) == [("_browser", 1), ("_client", 2), ("js", 0), ("pyodide", 0)]
