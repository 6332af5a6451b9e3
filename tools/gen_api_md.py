"""Generate ``api.md``: every client method with its HTTP route, from OPERATIONS and the spec.

Usage: ``python tools/gen_api_md.py`` rewrites ``api.md`` at the repository root;
``python tools/gen_api_md.py --check`` exits 1 if ``api.md`` is not current.
The official v2 spec is read from ``../shared/spec/circleci-v2-openapi.json`` (relative to the
repository root) unless ``--spec`` names another file.
"""

from __future__ import annotations

import argparse
import inspect
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "api.md"
DEFAULT_SPEC = ROOT.parent / "shared" / "spec" / "circleci-v2-openapi.json"
HTTP_METHODS = ("get", "post", "put", "patch", "delete")

HEADER = """\
# API index: client methods → HTTP routes

Generated from `circleci_async.OPERATIONS` and the official CircleCI v2 OpenAPI spec; do not edit
by hand. Regenerate with `python tools/gen_api_md.py` (`--check` only verifies it is current).

`cci` is a `CircleCI` client. Arguments before `*` are positional; `=…` marks optional ones.
v2 routes are relative to `/api/v2`, v1.1 routes to `/api/v1.1`. Summaries of v2 operations
are the spec's; those of v1.1 operations are the method's docstring.
"""

COLUMNS = ("Method", "HTTP route", "operationId", "Returns", "Summary")


def load_spec(path: Path) -> dict[str, Any]:
    """Read the official v2 spec, or exit with a message saying where it was expected."""
    if not path.is_file():
        raise SystemExit(
            f"gen_api_md: the official v2 spec is expected at {path} "
            "(../shared/spec/ beside the repository); pass --spec PATH to use another copy"
        )
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def spec_operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Yield ``(HTTP method, path, operation)`` for every v2 operation, in spec order."""
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield method.upper(), path, item[method]


def resolve_method(client: object, target: str) -> Callable[..., Any]:
    """The bound method at a dotted path such as ``"pipelines.list"`` on ``client``."""
    obj: Any = client
    for part in target.split("."):
        obj = getattr(obj, part)
    method: Callable[..., Any] = obj
    return method


def signature_text(target: str, method: Callable[..., Any]) -> str:
    """``cci.pipelines.list(project_slug, *, branch=…)``: the call shape without annotations."""
    parts: list[str] = []
    previous: inspect._ParameterKind | None = None
    for param in inspect.signature(method).parameters.values():
        if previous is param.POSITIONAL_ONLY and param.kind is not param.POSITIONAL_ONLY:
            parts.append("/")
        if param.kind is param.KEYWORD_ONLY and previous not in (
            param.KEYWORD_ONLY,
            param.VAR_POSITIONAL,
        ):
            parts.append("*")
        if param.kind is param.VAR_POSITIONAL:
            parts.append(f"*{param.name}")
        elif param.kind is param.VAR_KEYWORD:
            parts.append(f"**{param.name}")
        else:
            parts.append(param.name if param.default is param.empty else f"{param.name}=…")
        previous = param.kind
    if previous is inspect.Parameter.POSITIONAL_ONLY:
        parts.append("/")
    return f"cci.{target}({', '.join(parts)})"


def return_text(method: Callable[..., Any]) -> str:
    """The return annotation as written (``AsyncPager[Pipeline]``), or ``None`` if absent."""
    annotation = inspect.signature(method).return_annotation
    if annotation is inspect.Signature.empty:
        return "None"
    text = annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)
    return text.replace("builtins.", "")


def docstring_summary(method: Callable[..., Any]) -> str:
    """The first paragraph of a method's docstring, reST roles turned into Markdown code."""
    doc = (inspect.getdoc(method) or "").strip()
    text = " ".join(doc.split("\n\n")[0].split())
    text = re.sub(r":\w+:`([^`]+)`", r"`\1`", text)
    return text.replace("``", "`")


def cell(text: str, code: bool = False) -> str:
    """A Markdown table cell: pipes escaped, whitespace collapsed, optionally as code."""
    text = " ".join(text.split()).replace("|", "\\|")
    if not text:
        return "—"
    return f"`{text}`" if code else text


def table(rows: list[tuple[str, str, str, str, str]]) -> list[str]:
    """Markdown lines of one table."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for method, route, op_id, returns, summary in rows:
        cells = (
            cell(method, code=True),
            cell(route, code=True),
            cell(op_id, code=True),
            cell(returns, code=True),
            cell(summary),
        )
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def render(operations: dict[str, str], spec: dict[str, Any], client: object) -> str:
    """The full text of ``api.md``."""
    tag_order: list[str] = [tag["name"] for tag in spec.get("tags", [])]
    v2: dict[str, list[tuple[str, str, str, str, str]]] = {}
    seen: set[str] = set()
    for http, path, op in spec_operations(spec):
        op_id = op["operationId"]
        if op_id not in operations:
            continue
        seen.add(op_id)
        tag = (op.get("tags") or ["Other"])[0]
        if tag not in tag_order:
            tag_order.append(tag)
        target = operations[op_id]
        method = resolve_method(client, target)
        v2.setdefault(tag, []).append(
            (
                signature_text(target, method),
                f"{http} {path}",
                op_id,
                return_text(method),
                op.get("summary", ""),
            )
        )
    unknown = sorted(k for k in operations if not k.startswith("v1.1 ") and k not in seen)
    if unknown:
        raise SystemExit(f"gen_api_md: operationIds not in the spec: {', '.join(unknown)}")

    v1: dict[str, list[tuple[str, str, str, str, str]]] = {}
    for key, target in operations.items():
        if not key.startswith("v1.1 "):
            continue
        http, route = key.removeprefix("v1.1 ").split(" ", 1)
        method = resolve_method(client, target)
        area = target.split(".")[1]  # "v1.builds.get" → "builds"
        v1.setdefault(area, []).append(
            (
                signature_text(target, method),
                f"{http} {route}",
                "",
                return_text(method),
                docstring_summary(method),
            )
        )

    count_v2 = sum(len(rows) for rows in v2.values())
    count_v1 = sum(len(rows) for rows in v1.values())
    lines = [HEADER]
    lines.append(f"{count_v2} v2 operations and {count_v1} v1.1 operations.\n")
    for tag in tag_order:
        if tag in v2:
            lines += [f"## v2: {tag}", "", *table(v2[tag]), ""]
    for area, rows in v1.items():
        lines += [f"## v1.1: {area}", "", *table(rows), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def generate(spec_path: Path = DEFAULT_SPEC) -> str:
    """Render ``api.md`` from the installed package's OPERATIONS and the spec at ``spec_path``."""
    from circleci_async import OPERATIONS, CircleCI

    return render(dict(OPERATIONS), load_spec(spec_path), CircleCI())


def main(argv: list[str] | None = None) -> int:
    """Write ``api.md``, or with ``--check`` report whether it is current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if api.md is not current")
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="official v2 spec")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="default: api.md at the root")
    args = parser.parse_args(argv)
    output: Path = args.output
    text = generate(args.spec)
    if args.check:
        current = output.read_text(encoding="utf-8") if output.is_file() else None
        if current != text:
            print(
                f"{output} is not current: run `python tools/gen_api_md.py` and commit it",
                file=sys.stderr,
            )
            return 1
        print(f"{output} is current")
        return 0
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
