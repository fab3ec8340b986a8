# Sourced by schemathesis.sh and sqlmap.sh, which each start a fresh platform:
#   await_platform NAME BASE_URL SERVER_PID LOG
# waits until it is ready (300 s at most), then for its worker's first round of jobs, which ends
# with refresh-matches (600 s at most). A new platform's worker first encodes the whole catalog
# and the demo data (one to three minutes on two cores, debug build); until then the encoder is
# busy, requests that need it take tens of seconds, and a job analysis answers 503 with
# Retry-After, which would leave its parameters tested against that answer alone. Exits with 2
# (stopped, or never ready) when the platform cannot be tested.
await_platform() {
  local name=$1 base=$2 server=$3 log=$4 _
  alive() { kill -0 "$server" 2>/dev/null || { echo "$name: the server stopped:" >&2; tail -20 "$log" >&2; exit 2; }; }
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "$base/health/ready" && break
    alive
    sleep 1
  done
  curl -sf -o /dev/null "$base/health/ready" || { echo "$name: the server was not ready after 300 s" >&2; exit 2; }
  for _ in $(seq 1 600); do
    curl -sf "$base/metrics" | grep -q 'careerops_worker_jobs_total{job="refresh-matches"' && return 0
    alive
    sleep 1
  done
}
