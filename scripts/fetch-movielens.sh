#!/usr/bin/env bash
# make movielens: MovieLens-100k (recbole's copy, folder dataset_example/ml-100k of the PyPI package
# recbole) into .cache/datasets/ml-100k, for `careerops eval recommender`. Does nothing when present.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=.cache/datasets/ml-100k
if [[ -s $TARGET/ml-100k.inter ]]; then exit 0; fi
WORK=$(mktemp -d /tmp/careerops-movielens.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
echo "movielens: downloading recbole (about 2 MB) for its copy of MovieLens-100k"
python3 -m pip download --quiet --no-deps --dest "$WORK" recbole==1.2.1
python3 - "$WORK" <<'PY'
import glob, sys, zipfile
work = sys.argv[1]
with zipfile.ZipFile(glob.glob(f"{work}/*.whl")[0]) as wheel:
    for name in wheel.namelist():
        if name.startswith("recbole/dataset_example/ml-100k/") and not name.endswith("/"):
            wheel.extract(name, work)
PY
mkdir -p "$TARGET"
cp "$WORK"/recbole/dataset_example/ml-100k/ml-100k.inter "$TARGET"/
[[ $(wc -l < "$TARGET/ml-100k.inter") -eq 100001 ]] || { echo "movielens: expected 100,000 ratings in $TARGET/ml-100k.inter" >&2; rm -rf "$TARGET"; exit 1; }
echo "movielens: ready in $TARGET"
