#!/usr/bin/env python3
"""Module rules for `make lint`: every module a target imports is declared in Package.swift, and
each of our modules imports only the modules its place in ARCHITECTURE.md allows."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
# The platform's own modules, not packages: always available.
SYSTEM = {"Foundation", "FoundationNetworking", "FoundationEssentials", "Dispatch", "Synchronization",
          "Testing", "XCTest", "Glibc", "Musl", "Darwin", "_Concurrency", "PackageDescription"}
# Which of our modules each of ours may import (tests, the executable and Tools may import any).
ALLOWED = {
    "Core": set(),
    "Redis": set(),
    "Intelligence": {"Core", "COpenBLAS"},
    "Identity": {"Core"},
    "Career": {"Core", "Identity"},
    "Insights": {"Core", "Identity", "Career", "Intelligence"},
    "Analytics": {"Core", "Identity", "Career", "Intelligence"},
    "Storage": {"Core", "Identity", "Career", "Insights", "Analytics", "Redis"},
    "HTTPEdge": {"Core", "Identity"},
    "Gateway": {"Core", "Identity", "Career", "Insights", "Intelligence", "Analytics", "HTTPEdge"},
    "Web": {"Core", "Identity", "Career", "Insights", "Intelligence", "Analytics", "HTTPEdge"},
    "App": {"Core", "Identity", "Career", "Insights", "Intelligence", "HTTPEdge", "Analytics", "Storage", "Gateway", "Web", "Redis"},
}
# An import at the start of a line (Swift's are top level; an indented one is text in a string):
# attributes, an access level, a kind (`import struct M.T`) allowed.
IMPORT = re.compile(r"^(?:@[\w()]+\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+"
                    r"(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_]\w*)", re.M)


def bracketed(text: str, start: int) -> str:
    """The text between the bracket at `start` and the one that closes it."""
    depth = 0
    for index in range(start, len(text)):
        depth += {"[": 1, "(": 1, "]": -1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return text[start + 1:index]
    return text[start + 1:]


def targets(package: str):
    """(name, kind, folder, declared dependencies) of every target in Package.swift."""
    for match in re.finditer(r"\.(executableTarget|target|testTarget|systemLibrary)\(\s*name:\s*\"(\w+)\"", package):
        kind, name = match.groups()
        depth, end = 1, match.end()
        while depth and end < len(package):
            depth += {"(": 1, ")": -1}.get(package[end], 0)
            end += 1
        body = package[match.end():end]
        path = re.search(r"path:\s*\"([^\"]+)\"", body)
        folder = path.group(1) if path else ("Tests/" if kind == "testTarget" else "Sources/") + name
        listed = re.search(r"dependencies:\s*\[", body)
        text = bracketed(body, listed.end() - 1) if listed else ""
        declared = set(re.findall(r"\.product\(name:\s*\"(\w+)\"", text))
        declared |= set(re.findall(r"(?<![\w:])\"(\w+)\"(?!\s*[,)]?\s*package)", re.sub(r"\.product\([^)]*\)", "", text)))
        yield name, kind, ROOT / folder, declared


def main() -> int:
    package = (ROOT / "Package.swift").read_text()
    ours = {name for name, *_ in targets(package)}
    problems = []
    for name, kind, folder, declared in targets(package):
        if kind == "systemLibrary":
            continue
        imported: dict[str, str] = {}
        for file in sorted(folder.rglob("*.swift")):
            for module in IMPORT.findall(file.read_text()):
                imported.setdefault(module, str(file.relative_to(ROOT)))
        for module, file in sorted(imported.items()):
            if module in SYSTEM or module == name:
                continue
            if module not in declared:
                problems.append(f"{name} imports {module} without declaring it ({file})")
            if name in ALLOWED and module in ours and module not in ALLOWED[name]:
                problems.append(f"{name} may not import {module} ({file})")
        for module in sorted(declared & ours):
            if name in ALLOWED and module not in ALLOWED[name]:
                problems.append(f"{name} depends on {module}, which its place does not allow")
    for problem in problems:
        print("lint: " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
