#!/usr/bin/env bash
# Fetches Django's list of common passwords (see NOTICE) into Sources/App/Resources/.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pip download --no-deps -q -d "$tmp" "django==5.2.*"
python3 - "$tmp" <<'PY'
import glob, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/*.whl")[0]
data = zipfile.ZipFile(wheel).read("django/contrib/auth/common-passwords.txt.gz")
open("Sources/App/Resources/common-passwords.txt.gz", "wb").write(data)
print(f"wrote {len(data)} bytes")
PY
