#!/usr/bin/env bash
# make bench: the figures of scripts/bench.py for the given careerops binary.
set -euo pipefail
exec python3 "$(dirname "$0")/bench.py" "${1:?usage: bench.sh path/to/careerops}"
