#!/usr/bin/env python3
"""Extracts every GraphQL document a wandb client release can send into tests/fixtures/graphql/<version>.jsonl.

Usage: scripts/extract-graphql-corpus.py /work/wandb-src/v0.28.2 [more release folders...]

Each release folder holds the client's `wandb/` (Python) and `core/` (Go) trees. Two sources are read:

* Go core: the genqlient-generated `core/internal/gql/gql_gen.go` constants `<Name>_Operation`, which are the exact
  documents wandb-core sends (fragments already appended), located back to their `core/api/graphql/*.graphql` file.
* Python: every string the code passes to `gql(...)` or keeps in a `*_GQL` constant, read with `ast` rather than
  imported (the releases need packages this machine lacks). Documents the code assembles at run time (f-strings,
  `.format(...)`, `%`, `+`, names bound to other constants) are evaluated symbolically: each expression that depends on
  a server probe or an argument (`"internalId" if with_internal_id else ""`) yields its alternatives, and two variants
  are recorded when they differ: "primary" (the first alternative everywhere: the `if` branch, the later assignment,
  the appended items: usually what a client sends to a server that advertises the feature) and "alternative" (the
  last everywhere). A document that is the same either way is "only".

The run-time rewrites of the 0.2x clients (`omit_variables` / `omit_fields` / `omit_fragments` / `rename_fields` passed
to `ServiceApi.execute_graphql` after a `ServerFeaturesQuery`) only ever remove parts of a document for servers that
do not advertise a feature; the server advertises the features it implements, so the clients send the documents as
written here, and each record lists the rewrites its call site can apply (`rewrites`) for readers of the corpus.

Nothing of the client source is copied except the GraphQL documents themselves (the protocol), with where they come
from: `source` is `path:line` inside the release.
"""
from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

import graphql

OPERATION = re.compile(r"(?m)^\s*(query|mutation|subscription)\b\s*([A-Za-z_][A-Za-z0-9_]*)?")
# A document starts (after comments) with an operation or fragment keyword, or with an anonymous selection set.
DOCUMENT_START = re.compile(r"^\s*(#[^\n]*\n\s*)*((query|mutation|subscription|fragment)\b[^{]*\{|\{\s*[A-Za-z_])")
GO_OPERATION = re.compile(r"const (\w+)_Operation = `\n?(.*?)`", re.S)
REWRITE_KEYWORDS = ("omit_variables", "omit_fields", "omit_fragments", "rename_fields")
MAX_ALTERNATIVES = 8


def is_document(text: str) -> bool:
    return bool(DOCUMENT_START.match(text)) and "{{" not in text and (
        OPERATION.search(text) is not None or not text.lstrip().startswith("fragment"))


def parses(text: str) -> bool:
    """graphql-core (Debian python3-graphql-core) parses the text: unresolved pieces are left out, not recorded."""
    try:
        graphql.parse(text)
        return True
    except graphql.GraphQLError:
        return False


def normalize(text: str) -> str:
    lines = [line.rstrip() for line in text.strip("\n").splitlines()]
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return "\n".join(line[cut:] if len(line) >= cut else line.strip() for line in lines).strip() + "\n"


class Strings:
    """Symbolic string evaluation over one release's Python modules."""

    def __init__(self, modules: dict[Path, ast.Module]):
        self.globals: dict[str, list[ast.expr]] = {}
        self.memo: dict[tuple[int, int], list[str]] = {}
        for tree in modules.values():
            for node in tree.body:
                for target, value in assignments(node):
                    self.globals.setdefault(target, []).append(value)

    def values(self, node: ast.expr, scope: dict[str, list[ast.expr]], depth: int = 0) -> list[str]:
        """The alternatives an expression can evaluate to (at most MAX_ALTERNATIVES), or [] when unknown."""
        if depth > 12:
            return []
        key = (id(node), id(scope))
        if key in self.memo:
            return self.memo[key]
        self.memo[key] = []  # a cycle evaluates to "unknown"
        result = self._values(node, scope, depth + 1)
        # Alternatives keep the order of the code (an `if` branch before its `else`, a later assignment before an
        # earlier one), so picking "the first everywhere" keeps correlated choices together, as
        # `fragment_name`/`fragment` chosen by the same `lazy` flag.
        unique = list(dict.fromkeys(result))
        self.memo[key] = unique[:MAX_ALTERNATIVES]
        return self.memo[key]

    def _values(self, node: ast.expr, scope, depth) -> list[str]:
        if isinstance(node, ast.Constant):
            return [node.value] if isinstance(node.value, str) else [""] if node.value is None else []
        if isinstance(node, ast.Name):
            bound = scope.get(node.id) or self.globals.get(node.id) or []
            return [value for expr in reversed(bound) for value in self.values(expr, scope if node.id in scope else {}, depth)]
        if isinstance(node, ast.JoinedStr):
            return self.combine(node.values, scope, depth, lambda parts: "".join(parts))
        if isinstance(node, ast.FormattedValue):
            return self.values(node.value, scope, depth) or [""]
        if isinstance(node, ast.IfExp):
            return self.values(node.body, scope, depth) + self.values(node.orelse, scope, depth)
        if isinstance(node, ast.BoolOp):
            return [value for operand in node.values for value in self.values(operand, scope, depth)]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self.combine([node.left, node.right], scope, depth, lambda parts: "".join(parts))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            templates = self.values(node.left, scope, depth)
            args = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
            def substitute(parts):
                filled = []
                for template in templates:
                    try:
                        filled.append(template % tuple(parts))
                    except (TypeError, ValueError):
                        pass
                return filled

            return self.combine([*args], scope, depth, substitute, flatten=True)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "format":
                templates = self.values(node.func.value, scope, depth)
                keywords = [keyword.arg for keyword in node.keywords]
                exprs = [*node.args, *[keyword.value for keyword in node.keywords]]

                def fill(parts):
                    filled = []
                    for template in templates:
                        try:
                            filled.append(template.format(*parts[: len(node.args)], **dict(zip(keywords, parts[len(node.args):]))))
                        except (IndexError, KeyError, ValueError):
                            pass
                    return filled

                return self.combine(exprs, scope, depth, fill, flatten=True)
            if node.func.attr == "join" and node.args:
                separators = self.values(node.func.value, scope, depth)
                if isinstance(node.args[0], (ast.List, ast.Tuple)) and separators:
                    return self.combine(node.args[0].elts, scope, depth, lambda parts: separators[0].join(parts))
                if isinstance(node.args[0], ast.Name) and separators and node.args[0].id in scope:
                    # A list the function builds: its literal items, plus every item it appends or extends with
                    # (the "primary" variant) or without them (the "alternative" one).
                    initial = [item for value in scope[node.args[0].id] if isinstance(value, ast.List) for item in value.elts]
                    added = scope.get(node.args[0].id + ".append", [])
                    joined = []
                    for items in (initial + added, initial):
                        parts = [(self.values(item, scope, depth) or [""])[0] for item in items]
                        joined.append(separators[0].join(parts))
                    return joined
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("gql", "dedent") and node.args:
            return self.values(node.args[0], scope, depth)
        return []

    def combine(self, exprs, scope, depth, join, flatten=False) -> list[str]:
        """Joins parts two ways: every part's first alternative, and every part's last."""
        alternatives = [self.values(expr, scope, depth) or [""] for expr in exprs]
        out = []
        for pick in (0, -1):
            parts = [options[pick] for options in alternatives]
            joined = join(parts)
            out.extend(joined if flatten else [joined])
        return out


def assignments(node: ast.stmt):
    if isinstance(node, ast.Assign):
        for target in node.targets:
            if isinstance(target, ast.Name):
                yield target.id, node.value
    elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
        yield node.target.id, node.value


def local_scope(function: ast.AST, calls: dict[str, list[ast.Call]]) -> dict[str, list[ast.expr]]:
    scope: dict[str, list[ast.expr]] = {}
    # Parameters take the values the module's call sites pass (`self._load_with_fragment(RUN_FRAGMENT, ...)`).
    params = [arg.arg for arg in function.args.posonlyargs + function.args.args]
    offset = 1 if params[:1] in (["self"], ["cls"]) else 0
    for call in calls.get(function.name, []):
        for index, value in enumerate(call.args):
            if index + offset < len(params) and isinstance(value, (ast.Name, ast.Constant)):
                scope.setdefault(params[index + offset], []).append(value)
        for keyword in call.keywords:
            if keyword.arg and isinstance(keyword.value, (ast.Name, ast.Constant)):
                scope.setdefault(keyword.arg, []).append(keyword.value)
    for node in ast.walk(function):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target, value in assignments(node):
                scope.setdefault(target, []).append(value)
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("append", "extend")
                and isinstance(node.func.value, ast.Name) and node.args):
            items = node.args[0].elts if node.func.attr == "extend" and isinstance(node.args[0], ast.List) else [node.args[0]]
            scope.setdefault(node.func.value.id + ".append", []).extend(items)
    return scope


def rewrites_near(function: ast.AST | None) -> list[str]:
    if function is None:
        return []
    found = set()
    for node in ast.walk(function):
        if isinstance(node, ast.keyword) and node.arg in REWRITE_KEYWORDS:
            found.add(node.arg)
    return sorted(found)


def python_documents(release: Path):
    modules: dict[Path, ast.Module] = {}
    for path in sorted((release / "wandb").rglob("*.py")):
        if "vendor" in path.parts or "proto" in path.parts or "tests" in path.parts:
            continue
        try:
            modules[path] = ast.parse(path.read_text(encoding="utf-8"))
        except SyntaxError as error:
            print(f"warning: {path}: {error}", file=sys.stderr)
    strings = Strings(modules)
    for path, tree in modules.items():
        relative = path.relative_to(release).as_posix()
        parents: dict[ast.AST, ast.AST] = {}
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                parents[child] = parent
        scopes: dict[ast.AST, dict] = {}
        calls: dict[str, list[ast.Call]] = {}
        for call in ast.walk(tree):
            if isinstance(call, ast.Call):
                callee = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", None)
                if callee:
                    calls.setdefault(callee, []).append(call)
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Constant, ast.JoinedStr, ast.BinOp, ast.Call)):
                continue
            # Evaluate the outermost string-building expression only.
            parent = parents.get(node)
            if isinstance(parent, (ast.JoinedStr, ast.BinOp, ast.FormattedValue)) or (
                isinstance(parent, ast.Attribute) and parent.attr == "format"):
                continue
            if isinstance(node, ast.Constant) and not (isinstance(node.value, str) and "{" in node.value):
                continue
            if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Attribute) and node.func.attr == "format"):
                continue
            function = enclosing_function(node, parents)
            if function not in scopes:
                scopes[function] = local_scope(function, calls) if function is not None else {}
            texts = [text for text in strings.values(node, scopes[function]) if is_document(text)]
            texts = [filled for text in texts for filled in fill_placeholders(text, function, strings, scopes[function])]
            for text in [t for t in texts if not parses(t)]:
                print(f"warning: {relative}:{node.lineno}: an alternative does not parse; left out:\n{text}", file=sys.stderr)
            texts = [text for text in texts if parses(text)]
            if not texts:
                continue
            variants = ["primary", "alternative"] if len(texts) > 1 else ["only"]
            for variant, text in zip(variants, (texts[0], texts[-1])):
                yield {
                    "client": "python",
                    "source": f"{relative}:{node.lineno}",
                    "variant": variant,
                    "rewrites": rewrites_near(function),
                    "query": normalize(text),
                }


def fill_placeholders(text: str, function, strings: Strings, scope) -> list[str]:
    """Applies the `.replace("ID_TYPE", "$artifactID: ID")` substitutions the function makes to its template."""
    if function is None:
        return [text]
    replacements: dict[str, list[str]] = {}
    for call in ast.walk(function):
        if not isinstance(call, ast.Call) or len(call.args) != 2:
            continue
        name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", None)
        if name != "replace" or not (isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)):
            continue
        replacements.setdefault(call.args[0].value, []).extend(strings.values(call.args[1], scope) or [""])
    if not any(placeholder in text for placeholder in replacements):
        return [text]
    filled = []
    for pick in (0, -1):
        result = text
        # Several passes: a replacement can bring in another placeholder (`_CLI_QUERY_` holds `_LOCAL_QUERY_`).
        # Only those a replacement brought in get the second pass (some replacements keep their own target text).
        for targets in (list(replacements), [p for p in replacements if p not in text]):
            for placeholder in targets:
                ordered = sorted(set(replacements[placeholder]), key=len, reverse=True)
                result = result.replace(placeholder, ordered[pick])
        filled.append(result)
    return list(dict.fromkeys(filled))


def enclosing_function(node, parents):
    while node in parents:
        node = parents[node]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return node
    return None


def go_documents(release: Path):
    generated = release / "core" / "internal" / "gql" / "gql_gen.go"
    if not generated.exists():
        return
    text = generated.read_text(encoding="utf-8")
    sources = {}
    for graphql in sorted((release / "core" / "api" / "graphql").glob("*.graphql")):
        for match in OPERATION.finditer(graphql.read_text(encoding="utf-8")):
            if match.group(2):
                sources[match.group(2)] = graphql.relative_to(release).as_posix()
    for match in GO_OPERATION.finditer(text):
        name, query = match.group(1), match.group(2)
        line = text.count("\n", 0, match.start()) + 1
        yield {
            "client": "go-core",
            "source": sources.get(name, f"core/internal/gql/gql_gen.go:{line}"),
            "variant": "only",
            "rewrites": [],
            "query": normalize(query),
        }


def main(releases: list[str]) -> None:
    out_dir = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "graphql"
    out_dir.mkdir(parents=True, exist_ok=True)
    for folder in releases:
        release = Path(folder)
        version = release.name.lstrip("v")
        seen = set()
        records = []
        for record in [*go_documents(release), *python_documents(release)]:
            key = (record["client"], record["query"])
            if key in seen:
                continue
            seen.add(key)
            match = OPERATION.search(record["query"])
            record = {
                "id": "",
                "version": version,
                "operation": (match.group(2) if match and match.group(2) else "(anonymous)"),
                "kind": match.group(1) if match else "query",
                **record,
            }
            records.append(record)
        records.sort(key=lambda r: (r["client"], r["operation"], r["source"], r["variant"]))
        counts: dict[str, int] = {}
        for record in records:
            base = f"{record['client']}/{record['operation']}"
            counts[base] = counts.get(base, 0) + 1
            record["id"] = base if counts[base] == 1 else f"{base}#{counts[base]}"
        target = out_dir / f"wandb-{version}.jsonl"
        with target.open("w", encoding="utf-8") as stream:
            for record in records:
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"{target.name}: {len(records)} documents "
              f"({sum(r['client'] == 'go-core' for r in records)} go-core, {sum(r['client'] == 'python' for r in records)} python)")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
