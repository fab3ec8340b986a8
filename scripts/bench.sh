#!/usr/bin/env bash
# Starts the given careerops binary on a fresh SQLite database with demo data, loads each
# endpoint with wrk (closed loop, fixed connections) and prints throughput and p50/p99 latency.
# Figures are written to bench/results/<UTC time>.json. Needs wrk (Debian: apt-get install wrk).
set -euo pipefail
BIN=${1:?usage: bench.sh path/to/careerops}
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
PORT=${BENCH_PORT:-18080}
if ! command -v wrk >/dev/null; then
  [[ $(id -u) -eq 0 ]] || { echo "bench: install wrk (apt-get install wrk)" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
DATA=$(mktemp -d /tmp/careerops-bench.XXXXXX)
# The load comes from one address: lift the per-address and per-account limits for the run.
CAREEROPS_DATA_DIR=$DATA LOG_LEVEL=warning RATE_LIMIT_API=1000000/s RATE_LIMIT_ACCOUNT=1000000/s RATE_LIMIT_AUTH=1000/s \
  "$BIN" serve --port "$PORT" --roles api >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 600); do
  curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null || { cat "$DATA/server.log"; exit 1; }
RSS_KB=$(awk '/VmRSS/ {print $2}' /proc/$SERVER/status)

ENDPOINTS=("/health/ready" "/api/v1/skills/catalog?q=data&limit=10" "/api/v1/me")
mkdir -p bench/results
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ).json
"$BIN" benchmark > "$DATA/micro.json"
python3 - "$OUT" "$CONNECTIONS" "$DURATION" "$RSS_KB" "$PORT" "$DATA/micro.json" "${ENDPOINTS[@]}" <<'PY'
import json, re, subprocess, sys, time, urllib.request
out, connections, duration, rss_kb, port, micro = sys.argv[1:7]
endpoints = sys.argv[7:]

# Sign-in latency at the default bcrypt cost, through HTTP, median of 7.
def login():
    body = json.dumps({"email": "demo@careerops.local", "password": "demo-careerops"}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/auth/login", data=body, headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    answer = json.load(urllib.request.urlopen(request))
    return (time.perf_counter() - started) * 1000, answer["access_token"]
timings = [login() for _ in range(7)]
signin_ms = sorted(t for t, _ in timings)[3]
token = timings[-1][1]
print(f"{'sign-in (POST /api/v1/auth/login)':45s} p50 {signin_ms:7.1f} ms (7 sequential)")
micro_figures = json.load(open(micro))
for figure in micro_figures:
    print(f"{figure['name']:45s} median {figure['median']:9.2f} {figure['unit']} ({figure['samples']} samples)")
def ms(value):
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
results = []
for endpoint in endpoints:
    auth = ["-H", f"Authorization: Bearer {token}"] if endpoint == "/api/v1/me" else []
    text = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--latency", *auth, f"http://127.0.0.1:{port}{endpoint}"],
                          capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p50 = ms(re.search(r"\s50%\s+(\S+)", text).group(1))
    p99 = ms(re.search(r"\s99%\s+(\S+)", text).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    results.append({"endpoint": endpoint, "requests_per_second": rps, "p50_ms": p50, "p99_ms": p99,
                    "non_2xx": int(errors.group(1)) if errors else 0})
    print(f"{endpoint:45s} {rps:10.0f} req/s   p50 {p50:7.2f} ms   p99 {p99:7.2f} ms")
report = {"connections": int(connections), "duration": duration, "idle_rss_mb": round(int(rss_kb) / 1024, 1), "results": results,
          "sign_in_p50_ms": signin_ms, "micro": micro_figures}
print(f"server RSS after start: {report['idle_rss_mb']} MB")
json.dump(report, open(out, "w"), indent=2)
print(f"written to {out}")
PY
