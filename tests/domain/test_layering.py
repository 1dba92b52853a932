"""casefile/domain is pure: it imports only the standard library and itself."""

import ast
import sys
from pathlib import Path

import casefile.domain

DOMAIN = Path(casefile.domain.__file__).parent


def _imports(path: Path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_domain_modules_import_only_the_standard_library_and_the_domain():
    offenders = []
    for path in sorted(DOMAIN.glob("*.py")):
        for module in _imports(path):
            top = module.split(".")[0]
            if top not in sys.stdlib_module_names and not module.startswith("casefile.domain"):
                offenders.append(f"{path.name}: {module}")
    assert offenders == []
    assert len(list(DOMAIN.glob("*.py"))) >= 8  # the walk really looked at the modules
