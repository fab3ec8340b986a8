#!/usr/bin/env bash
# Rules between modules (ARCHITECTURE.md §2) and repository hygiene. Exits non-zero on a breach.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
for module in Core Identity Career Insights Intelligence Analytics; do
  hits=$(grep -rnE '^\s*(@preconcurrency |@testable )?((public|package|internal) )?import ((struct|class|enum|protocol|func|var|let|typealias) )?(Hummingbird|FluentKit|FluentSQL|FluentPostgresDriver|FluentSQLiteDriver|SQLKit|GraphQL|Graphiti|NIOHTTP1)' "Sources/$module" 2>/dev/null)
  if [[ -n "$hits" ]]; then
    echo "lint: domain module $module imports a framework:"; echo "$hits"; status=1
  fi
done
hits=$(grep -rnE '^\s*(@preconcurrency )?import ' Sources/Intelligence 2>/dev/null | grep -vE 'import (Core|COpenBLAS|Foundation|Dispatch|Synchronization)\s*$')
[[ -n "$hits" ]] && { echo "lint: Intelligence imports only Core, the BLAS module and the standard library:"; echo "$hits"; status=1; }
hits=$(grep -rnE '^\s*import (FluentKit|FluentSQLiteDriver|FluentPostgresDriver|SQLKit)' Sources/HTTPEdge Sources/Gateway Sources/Web 2>/dev/null)
[[ -n "$hits" ]] && { echo "lint: Gateway/Web touch the database directly:"; echo "$hits"; status=1; }
hits=$(grep -rnE '^\s*import (Gateway)' Sources/Web 2>/dev/null; grep -rnE '^\s*import (Web)' Sources/Gateway 2>/dev/null)
[[ -n "$hits" ]] && { echo "lint: Gateway and Web import each other:"; echo "$hits"; status=1; }
hits=$(grep -rn 'ProcessInfo.processInfo.environment' Sources | grep -v '^Sources/careerops/')
[[ -n "$hits" ]] && { echo "lint: only the executable reads the environment:"; echo "$hits"; status=1; }
scripts/lint_modules.py || status=1
hits=$(grep -rn '@unchecked Sendable' Sources | grep -v '^Sources/Tools/')
[[ -n "$hits" ]] && { echo "lint: no @unchecked Sendable in the platform's modules (only in Tools):"; echo "$hits"; status=1; }
hits=$(grep -rn 'as! any SQLDatabase' Sources | grep -v '^Sources/Storage/Persistence.swift:')
[[ -n "$hits" ]] && { echo "lint: a database becomes SQL in Persistence.sql(_:) only (use persistence.transaction/sql):"; echo "$hits"; status=1; }
if git rev-parse --git-dir >/dev/null 2>&1; then
  hits=$(git ls-files | grep -E '(^|/)\.build(-[^/]*)?/|(^|/)Package\.resolved$')
  [[ -n "$hits" ]] && { echo "lint: build output or Package.resolved is tracked:"; echo "$hits"; status=1; }
fi
long=$(find Sources -name '*.swift' -exec wc -l {} + | awk '$2 != "total" && $1 > 500 {print $2" ("$1" lines)"}')
[[ -n "$long" ]] && { echo "lint: files over 500 lines:"; echo "$long"; status=1; }
[[ $status -eq 0 ]] && echo "lint: ok"
exit $status
