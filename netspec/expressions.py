"""Block-argument expressions: `$filters * 4`, `$stride > 1`, `1 if $stride == 2 else 0`.

Read with Python's own parser and evaluated by walking the tree with only arithmetic,
comparisons and logic allowed: no names but the block's arguments, no calls, no attributes, no
powers, and numbers bounded, so an expression can neither run code nor take long.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from typing import Any

from netspec.errors import describe_value, did_you_mean

REFERENCE = re.compile(r"\$([a-z][a-z0-9_]*)")
MAX_EXPRESSION = 200
MAX_NUMBER = 10**9


def evaluate(text: str, args: Mapping[str, Any]) -> Any:
    """`$filters * 4` with the block's arguments: + - * / // %, parentheses, comparisons
    (`$stride > 1`), `and`, `or`, `not` and `A if CONDITION else B`."""
    if len(text) > MAX_EXPRESSION:
        raise ValueError(f"expression is longer than {MAX_EXPRESSION} characters")
    names = REFERENCE.findall(text)
    unknown = [n for n in names if n not in args]
    if unknown:
        close = did_you_mean(unknown[0], sorted(args))
        raise ValueError(
            f"unknown argument '${unknown[0]}' ({close}arguments: {', '.join(sorted(args))})"
        )
    if REFERENCE.fullmatch(text):
        return args[names[0]]
    source = REFERENCE.sub(lambda m: m.group(1), text[1:] if text.startswith("$ ") else text)
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        raise ValueError(
            f"cannot read the expression {text!r}; expected arguments such as $filters, "
            "numbers, + - * / // %, comparisons, and, or, not, if-else"
        ) from None
    return _value(tree.body, args, text)


_COMPARE = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
}
_OPS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.FloorDiv: lambda a, b: a // b,
    ast.Mod: lambda a, b: a % b,
}


def _value(node: ast.AST, args: Mapping[str, Any], text: str) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        value = node.value
    elif isinstance(node, ast.Name) and node.id in args:
        value = args[node.id]
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = -_number(_value(node.operand, args, text), text)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return not _value(node.operand, args, text)
    elif isinstance(node, ast.IfExp):
        chosen = node.body if _value(node.test, args, text) else node.orelse
        return _value(chosen, args, text)
    elif isinstance(node, ast.BoolOp):
        values = [bool(_value(v, args, text)) for v in node.values]
        return all(values) if isinstance(node.op, ast.And) else any(values)
    elif isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _COMPARE:
        left = _number(_value(node.left, args, text), text)
        right = _number(_value(node.comparators[0], args, text), text)
        return _COMPARE[type(node.ops[0])](left, right)
    elif isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        left = _number(_value(node.left, args, text), text)
        right = _number(_value(node.right, args, text), text)
        if isinstance(node.op, ast.Div | ast.FloorDiv | ast.Mod) and right == 0:
            raise ValueError(f"the expression {text!r} divides by zero")
        value = _OPS[type(node.op)](left, right)
    else:
        raise ValueError(
            f"cannot read the expression {text!r}; expected arguments such as $filters, "
            "numbers, + - * / // %, comparisons, and, or, not, if-else"
        )
    if isinstance(value, float) and value.is_integer() and isinstance(node, ast.BinOp):
        value = int(value)
    return value


def _number(value: Any, text: str) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float) or abs(value) > MAX_NUMBER:
        raise ValueError(f"the expression {text!r} needs numbers, got {describe_value(value)}")
    return value
