"""Read a proof's source (without running it) for the defects that are obvious from its shape.

The worst defect a proof can have is deciding an option without looking at
anything: ``"B": False`` passes today and can never notice a change. This
check finds the obvious forms of it: a constant, an expression built only
from constants (``bool(0)`` included), a local or module-level name that was
only ever assigned constants, a comparison of an expression with itself, and
the negation of another option's decision.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ProofDefect:
    line: int
    key: str
    message: str
    fix: str


def _assignments(function: ast.FunctionDef) -> dict[str, list[ast.expr]]:
    found: dict[str, list[ast.expr]] = {}
    for node in ast.walk(function):
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            targets, value = [node.target], node.value
        elif isinstance(node, (ast.For, ast.comprehension, ast.With, ast.NamedExpr)):
            # bound from something that ran: never constant
            for name in ast.walk(node.target if not isinstance(node, ast.With) else node):
                if isinstance(name, ast.Name) and isinstance(name.ctx, ast.Store):
                    found.setdefault(name.id, []).append(ast.Name(id="<observed>", ctx=ast.Load()))
            continue
        for target in targets:
            if isinstance(target, ast.Name) and value is not None:
                found.setdefault(target.id, []).append(value)
    return found


_PURE_BUILTINS = frozenset({"bool", "int", "float", "str", "len", "abs", "min", "max", "sum", "all", "any",
                            "tuple", "list", "set", "frozenset", "sorted"})


def _module_constants(tree: ast.Module) -> dict[str, list[ast.expr]]:
    """Names assigned at module level, with every value they are given there."""
    found: dict[str, list[ast.expr]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.AnnAssign) and node.value is not None and isinstance(node.target, ast.Name):
            found.setdefault(node.target.id, []).append(node.value)
    return found


def _mutated_names(tree: ast.Module) -> set[str]:
    """Names whose object may change after assignment: used through an attribute or item (``calls.append``,
    ``seen[k] = v``), or rebound elsewhere with ``global`` / ``nonlocal``."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.value, ast.Name):
            names.add(node.value.id)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update(node.names)
    return names


def is_tautology(node: ast.expr) -> bool:
    """A comparison of an expression with itself (``x == x``, ``n is n``): true or false without looking."""
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        return ast.dump(node.left) == ast.dump(node.comparators[0])
    return False


def is_constant(node: ast.expr, assigned: dict[str, list[ast.expr]], seen: frozenset[str] = frozenset()) -> bool:
    """Whether ``node`` evaluates the same whatever the proof observed."""
    if isinstance(node, ast.Constant):
        return True
    if is_tautology(node):
        return True
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _PURE_BUILTINS
            and node.func.id not in assigned and not node.keywords):
        return all(is_constant(arg, assigned, seen) for arg in node.args)
    if isinstance(node, ast.Name):
        if node.id in seen or node.id not in assigned:
            return False  # a parameter, a global, or something observed
        return all(is_constant(v, assigned, seen | {node.id}) for v in assigned[node.id])
    if isinstance(node, (ast.UnaryOp, ast.BoolOp, ast.BinOp, ast.Compare, ast.Tuple, ast.List, ast.Set, ast.IfExp)):
        children = [c for c in ast.iter_child_nodes(node) if isinstance(c, ast.expr)]
        return all(is_constant(c, assigned, seen) for c in children)
    return False


def _prove_function(tree: ast.Module) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "prove":
            return node
    return None


def _returns(function: ast.FunctionDef) -> Iterable[ast.Return]:
    """The function's own return statements, not those of functions defined inside it (e.g. an async main)."""
    pending: list[ast.AST] = list(function.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Return):
            yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        pending.extend(ast.iter_child_nodes(node))


def check_proof_source(path: Path, letters: Iterable[str]) -> list[ProofDefect]:
    """Every shape defect of the proof at ``path`` for a question with options ``letters``."""
    letters = list(letters)
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except SyntaxError as error:
        return [ProofDefect(error.lineno or 1, "", f"the proof is not valid Python: {error.msg}", "correct the syntax")]
    prove = _prove_function(tree)
    if prove is None:
        return [ProofDefect(1, "prove", "the proof defines no module-level prove(lab) function",
                            "add `def prove(lab: Lab) -> dict[str, bool]:` (see the README's proof section)")]
    if isinstance(prove, ast.AsyncFunctionDef):
        return [ProofDefect(prove.lineno, "prove", "prove is `async def`; the harness calls prove(lab) and needs "
                            "its dict, not a coroutine",
                            "write `def prove(lab)` and run the async part inside it with `lab.run_async(main)`")]
    parameters = prove.args.posonlyargs + prove.args.args
    defects: list[ProofDefect] = []
    if len(parameters) != 1 or prove.args.vararg or prove.args.kwonlyargs:
        defects.append(ProofDefect(prove.lineno, "prove", "prove() must take exactly one parameter, the lab",
                                   "write `def prove(lab: Lab) -> dict[str, bool]:`"))
    module_level = _module_constants(tree)
    assigned = {**module_level, **_assignments(prove)}
    for name in _mutated_names(tree):  # a list a listener appends to is an observation, whatever it started as
        assigned.pop(name, None)
    returns = list(_returns(prove))
    if not returns:
        defects.append(ProofDefect(prove.lineno, "prove", "prove() returns nothing",
                                   "end it with `return {\"A\": <observation>, ...}`, one entry per option"))
    for ret in returns:
        if not isinstance(ret.value, ast.Dict):
            defects.append(ProofDefect(ret.lineno, "prove", "prove() returns something other than a dict literal",
                                       "return `{\"A\": ..., \"B\": ...}` so each option's check reads in one place"))
            continue
        keys = [k.value if isinstance(k, ast.Constant) else None for k in ret.value.keys]
        missing = [x for x in letters if x not in keys]
        extra = [str(k) for k in keys if k not in letters]
        if missing or extra:
            defects.append(ProofDefect(
                ret.lineno, "prove",
                f"the returned dict decides {', '.join(map(str, keys))} but the options are {', '.join(letters)}",
                "decide exactly one entry per option letter",
            ))
        decisions = {ast.dump(v): k for k, v in zip(keys, ret.value.values)}
        for key, value in zip(keys, ret.value.values):
            if is_constant(value, assigned):
                defects.append(ProofDefect(
                    value.lineno, f"prove.{key}",
                    f"option {key} is decided by a constant ({ast.unparse(value)}), not by an observation",
                    "compute it from what the proof observed, so it fails when the behaviour changes",
                ))
            elif isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.Not) and ast.dump(value.operand) in decisions:
                other = decisions[ast.dump(value.operand)]
                defects.append(ProofDefect(
                    value.lineno, f"prove.{key}",
                    f"option {key} is decided as the opposite of option {other} ({ast.unparse(value)}), "
                    f"not by an observation of its own",
                    f"check what option {key}'s statement says, from what the proof observed",
                ))
    return defects
