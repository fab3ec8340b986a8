"""make bench-load: the seed's load targets, measured.

    python3 scripts/bench_load.py BIN

A PostgreSQL cluster of its own (scripts/pg-cluster.sh) with the demo data, Redis, a worker that
runs its first round (embeddings, matches, the recommender) and stops, two API instances behind
HAProxy (deploy/haproxy.cfg), then `careerops load`: 10,000 keep-alive connections sending the
mixed workload (profile, matches, the seed's GraphQL user query, event tracking, a page) at fixed
rates, open loop, latency from when each request was due. Prints each rate's throughput, p50, p99,
p99.9 and errors, and the highest rate whose p99 stays under 200 ms (the seed's target) and under
50 ms, both with no errors. Figures land in bench/results/load-*.json. With BENCH_LOAD_HOLD=1 it
starts everything, prints the balancer's address and waits (for profiling under `careerops load`).
"""
import json
import os
import signal
import subprocess
import sys
import time

from processes import Processes, free_port, platform_environment, redis_command

BIN = os.path.abspath(sys.argv[1])
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OUT = os.path.join(ROOT, "build", "bench-load")
CONNECTIONS = int(os.environ.get("BENCH_LOAD_CONNECTIONS", "10000"))
RATES = [float(r) for r in os.environ.get("BENCH_LOAD_RATES", "100,150,200,250,300,350,400,500,600,800,1000").split(",")]
DURATION = int(os.environ.get("BENCH_LOAD_SECONDS", "20"))
MIX = "profile=30,matches=20,graphql=20,track=20,page=10"
children = Processes(OUT, ROOT)
start = children.start


def main():
    os.makedirs(OUT, exist_ok=True)
    pgdata, database_url = subprocess.run([os.path.join(ROOT, "scripts/pg-cluster.sh"), "start"], capture_output=True, text=True, check=True).stdout.split()
    try:
        run(database_url)
    finally:
        children.stop_all()
        subprocess.run([os.path.join(ROOT, "scripts/pg-cluster.sh"), "stop", pgdata])


def run(database_url):
    redis_port, lb_port = free_port(), free_port()
    api_ports = [free_port(), free_port()]
    worker_port = free_port()
    start("redis", redis_command(redis_port))
    env = platform_environment(BIN)
    env.update({
        "CAREEROPS_ENV": "development", "BCRYPT_COST": "10", "DATABASE_URL": database_url, "DATABASE_POOL_SIZE": "8",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}", "HOST": "127.0.0.1", "LOG_LEVEL": "warning",
        "CAREEROPS_MODEL_DIR": os.path.join(ROOT, ".cache/models/all-MiniLM-L6-v2"), "CAREEROPS_PUBLIC_URL": f"http://127.0.0.1:{lb_port}",
        "TRUSTED_PROXIES": "127.0.0.1/32", "CAREEROPS_DATA_DIR": os.path.join(OUT, "data"), "CAREEROPS_DEMO": "false",
        # The load comes from one address and a few accounts: the limits are raised, not measured.
        "RATE_LIMIT_API": "10000000/min", "RATE_LIMIT_ACCOUNT": "10000000/min", "RATE_LIMIT_AUTH": "100000/min",
    })
    print("bench-load: loading the taxonomy and the demo data into PostgreSQL", flush=True)
    subprocess.run([BIN, "seed", "--demo"], env=env, check=True, stdout=open(os.path.join(OUT, "seed.log"), "w"), stderr=subprocess.STDOUT)
    print("bench-load: the worker's first round (embeddings, matches, recommender)", flush=True)
    worker = start("worker", [BIN, "serve", "--roles", "worker", "--no-migrate", "--port", str(worker_port)], env)
    children.wait(f"http://127.0.0.1:{worker_port}/metrics", worker, "worker", seconds=900, want='job="refresh-matches"')
    worker.send_signal(signal.SIGTERM)
    worker.wait(timeout=60)
    instances = [start(f"api{i + 1}", [BIN, "serve", "--roles", "api", "--no-migrate", "--port", str(port)], dict(env, CAREEROPS_LOAD_TAXONOMY="false"))
                 for i, port in enumerate(api_ports)]
    for i, port in enumerate(api_ports):
        children.wait(f"http://127.0.0.1:{port}/health/ready", instances[i], f"api{i + 1}", seconds=900)
    start("haproxy", ["haproxy", "-f", "deploy/haproxy.cfg"], dict(os.environ, CAREEROPS_BIND=f"127.0.0.1:{lb_port}",
                                                                    API1=f"127.0.0.1:{api_ports[0]}", API2=f"127.0.0.1:{api_ports[1]}"))
    time.sleep(3)
    if os.environ.get("BENCH_LOAD_HOLD"):
        # For profiling: everything stays up until interrupted; point `careerops load` at it.
        print(f"bench-load: holding; balancer http://127.0.0.1:{lb_port}, instances {api_ports}, pids "
              f"{[p.pid for p in instances]}; Ctrl-C stops", flush=True)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            signal.pause()
        except KeyboardInterrupt:
            return
    print(f"bench-load: {CONNECTIONS} connections, mix {MIX}, {DURATION} s per rate after 5 s of warm-up", flush=True)
    print(f"  {'rate/s':>7} {'done/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'p99.9 ms':>9} {'max ms':>8} {'errors':>7} {'open':>6} {'reconnects':>10}", flush=True)
    load = subprocess.Popen([BIN, "load", "--url", f"http://127.0.0.1:{lb_port}", "--members", "100", "--connections", str(CONNECTIONS),
                             "--duration", str(DURATION), "--warmup", "5", "--mix", MIX] + sum((["--rate", str(r)] for r in RATES), []),
                            stdout=subprocess.PIPE, stderr=open(os.path.join(OUT, "load.log"), "w"), text=True, cwd=ROOT)
    reports, misses = [], 0
    for line in load.stdout:
        report = json.loads(line)
        reports.append(report)
        print(f"  {report['rate']:7.0f} {report['throughput']:8.1f} {report['p50_milliseconds']:8.2f} {report['p99_milliseconds']:8.2f} "
              f"{report['p999_milliseconds']:9.2f} {report['max_milliseconds']:8.1f} {report['errors']:7d} {report['connections_open_at_end']:6d} "
              f"{report['reconnects']:10d}", flush=True)
        misses = misses + 1 if report["p99_milliseconds"] > 200 or report["errors"] > 0 else 0
        if misses == 2:
            load.terminate()
            break
    load.wait()
    def best(limit):
        held = [r["rate"] for r in reports if r["p99_milliseconds"] <= limit and r["errors"] == 0]
        return max(held) if held else None
    seed, ours = best(200), best(50)
    print(f"bench-load: highest rate with p99 <= 200 ms and no errors: {seed or 'none'} requests/s; with p99 <= 50 ms: {ours or 'none'} requests/s")
    if reports:
        by_kind = reports[[r["rate"] for r in reports].index(seed)] if seed else reports[0]
        print("  at that rate, by kind: " + ", ".join(f"{k} p50 {v['p50_milliseconds']:.1f} / p99 {v['p99_milliseconds']:.1f} ms"
                                                      for k, v in sorted(by_kind["kinds"].items())))
    os.makedirs(os.path.join(ROOT, "bench/results"), exist_ok=True)
    path = os.path.join(ROOT, "bench/results", time.strftime("load-%Y%m%d-%H%M%S.json", time.gmtime()))
    json.dump({"connections": CONNECTIONS, "mix": MIX, "seconds": DURATION, "runs": reports, "highest_p99_200ms": seed, "highest_p99_50ms": ours},
              open(path, "w"), indent=2)
    print(f"bench-load: figures in {os.path.relpath(path, ROOT)}")


main()
