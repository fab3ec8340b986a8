#!/usr/bin/env python3
"""Benchmarks of the careerops binary: each endpoint under load from wrk (closed loop, fixed
connections), throughput and p50/p99. First on a fresh SQLite database with demo data, then on
a throwaway PostgreSQL cluster (scripts/pg-cluster.sh) with the same demo data. Figures go to
bench/results/<UTC time>.json.

usage: scripts/bench.py path/to/careerops   (BENCH_DURATION=10s BENCH_CONNECTIONS=64)
"""
import json, os, re, shutil, sqlite3, subprocess, sys, tempfile, time, urllib.error, urllib.parse, urllib.request

BIN = sys.argv[1]
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "64"))
PORT = int(os.environ.get("BENCH_PORT", "18080"))
ANALYTICS_EVENTS = int(os.environ.get("BENCH_ANALYTICS_EVENTS", "10000000"))
GRAPHQL = "{ me { profile { headline } skills { name level } goals { title } careerPlan { currentPhase } } }"

# The public ESCO skill-extraction benchmark (evaluation data, read where it lies, never copied).
SKILL_BENCHMARK = os.environ.get("SKILL_BENCHMARK", "../shared/data/skill-extraction-benchmark")

def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0:
        sys.exit("bench: install wrk (apt-get install wrk)")
    subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null", shell=True, check=True)

def ensure_python(*packages):
    """The reference libraries the model figures are compared with (PyPI), installed when missing."""
    missing = [p for p in packages if subprocess.run([sys.executable, "-c", f"import {p}"], capture_output=True).returncode != 0]
    if missing:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--root-user-action=ignore", *missing], check=True)

def models():
    """The recommender on MovieLens-100k beside the `implicit` library, on the same split in one go."""
    print("Models:")
    ensure_python("implicit")
    subprocess.run(["scripts/fetch-movielens.sh"], check=True)
    split = tempfile.mkdtemp(prefix="careerops-split.")
    try:
        ours = json.loads(subprocess.run([BIN, "eval", "recommender", "--json", "--split-out", split], capture_output=True, text=True, check=True).stdout)
        theirs = json.loads(subprocess.run([sys.executable, "scripts/recommender_reference.py", split], capture_output=True, text=True, check=True).stdout)
    finally:
        shutil.rmtree(split, ignore_errors=True)
    print(f"  ALS, MovieLens-100k 80/20, 64 factors, 15 sweeps: nDCG@10 {ours['als_ndcg_at_10']:.4f} (implicit {theirs['ndcg_at_10']:.4f}), "
          f"precision@10 {ours['als_precision_at_10']:.4f} (implicit {theirs['precision_at_10']:.4f}), popularity nDCG@10 {ours['popularity_ndcg_at_10']:.4f}")
    print(f"  fit {ours['als_fit_seconds']:.3f} s (implicit {theirs['fit_seconds']:.3f} s): ratio ours/implicit {ours['als_fit_seconds'] / theirs['fit_seconds']:.2f}")
    ensure_python("statsmodels")
    forecast = json.loads(subprocess.run([BIN, "eval", "forecast", "--json"], capture_output=True, text=True, check=True).stdout)
    reference = json.loads(subprocess.run([sys.executable, "scripts/forecast_reference.py"], capture_output=True, text=True, check=True).stdout)
    for name in ("air_passengers", "co2"):
        print(f"  exponential smoothing, {name}: holdout MAPE {forecast[name]['mape']:.4f}% (statsmodels {reference[name]['mape']:.4f}%), "
              f"fit {forecast[name]['fit_ms']:.1f} ms (statsmodels {reference[name]['fit_ms']:.1f} ms)")
    extraction = None
    if os.path.isdir(SKILL_BENCHMARK):
        extraction = json.loads(subprocess.run([BIN, "eval", "extraction", "--benchmark", SKILL_BENCHMARK, "--json"],
                                               env=dict(os.environ, LOG_LEVEL="warning"), capture_output=True, text=True, check=True).stdout)
        print("  ESCO skill extraction (Decorte et al. test sets), analyzer beside a plain bi-encoder (same encoder, cosine over every preferred label):")
        for name, f in extraction.items():
            print(f"    {name.upper():9s} {int(f['sentences']):4d} sentences: precision {f['precision']:.3f} recall {f['recall']:.3f} F1 {f['f1']:.3f} "
                  f"RP@5 {f['rp_at_5']:.3f} MRR {f['mrr']:.3f} ({f['ms_per_sentence']:.1f} ms/sentence); bi-encoder RP@5 {f['baseline_rp_at_5']:.3f} MRR {f['baseline_mrr']:.3f}")
    else:
        print(f"  ESCO skill extraction: no benchmark at {SKILL_BENCHMARK} (set SKILL_BENCHMARK); skipped")
    return {"recommender": {"careerops": ours, "implicit": theirs}, "forecast": {"careerops": forecast, "statsmodels": reference},
            "extraction": extraction}

def call(path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", data=json.dumps(body).encode() if body is not None else None, headers=headers)
    return json.load(urllib.request.urlopen(request))

class Server:
    """careerops serve on its own data directory, rate limits lifted (the load comes from one address)."""
    def __init__(self, database_url=None):
        self.data = tempfile.mkdtemp(prefix="careerops-bench.")
        env = dict(os.environ, CAREEROPS_DATA_DIR=self.data, LOG_LEVEL="warning", CAREEROPS_DEMO="true",
                   RATE_LIMIT_API="1000000/s", RATE_LIMIT_ACCOUNT="1000000/s", RATE_LIMIT_AUTH="1000/s")
        env.pop("DATABASE_URL", None)
        if database_url:
            env["DATABASE_URL"] = database_url
            env["DATABASE_POOL_SIZE"] = "8"
        self.log = open(os.path.join(self.data, "server.log"), "w")
        self.process = subprocess.Popen([BIN, "serve", "--port", str(PORT), "--roles", "api"], env=env, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(1200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health/ready")
                break
            except Exception:
                if self.process.poll() is not None:
                    break
                time.sleep(0.5)
        else:
            pass
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health/ready")
        except Exception:
            self.stop()
            sys.exit("bench: the server did not become ready:\n" + open(os.path.join(self.data, "server.log")).read())
        self.rss_mb = round(int(re.search(r"VmRSS:\s+(\d+)", open(f"/proc/{self.process.pid}/status").read()).group(1)) / 1024, 1)

    def stop(self):
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.data, ignore_errors=True)

def ms(value):
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

def load(label, path, token=None, body=None, connections=CONNECTIONS):
    """wrk against one endpoint; a body makes it a POST."""
    args = ["wrk", "-t2", f"-c{connections}", f"-d{DURATION}", "--latency"]
    if token:
        args += ["-H", f"Authorization: Bearer {token}"]
    script = None
    if body is not None:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        script.write(f'wrk.method = "POST"\nwrk.body = {json.dumps(json.dumps(body))}\nwrk.headers["Content-Type"] = "application/json"\n')
        script.close()
        args += ["-s", script.name]
    text = subprocess.run(args + [f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True, check=True).stdout
    if script:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p50 = ms(re.search(r"\s50%\s+(\S+)", text).group(1))
    p99 = ms(re.search(r"\s99%\s+(\S+)", text).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    result = {"endpoint": label, "connections": connections, "requests_per_second": rps, "p50_ms": p50, "p99_ms": p99,
              "non_2xx": int(errors.group(1)) if errors else 0}
    print(f"  {label:58s} {rps:8.0f} req/s   p50 {p50:7.2f} ms   p99 {p99:7.2f} ms" + (f"   {result['non_2xx']} non-2xx!" if result["non_2xx"] else ""))
    return result

INGEST_LUA = """
counter = 0
threads = 0
setup = function(thread) thread:set("tid", threads); threads = threads + 1 end
init = function(args) stamp = os.date("!%Y-%m-%dT%H:%M:%SZ") end
request = function()
  counter = counter + 1
  local events = {}
  for i = 1, 100 do
    events[i] = string.format('{"id":"ingest-%d-%d-%d","type":"page_viewed","occurred_at":"%s","properties":{"page":"/dashboard"}}', tid, counter, i, stamp)
  end
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, '{"events":[' .. table.concat(events, ",") .. ']}')
end
"""

def ingest(token, count_stored=None):
    """Event intake: wrk posting batches of 100 distinct events; events/s accepted, and (SQLite)
    how long the queue takes to be written after the load stops."""
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write(f'token = "{token}"\n' + INGEST_LUA)
    script.close()
    text = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", "-s", script.name,
                           f"http://127.0.0.1:{PORT}/api/v1/analytics/track"], capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    total = int(re.search(r"(\d+) requests in", text).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    figure = {"batches_per_second": rps, "events_per_second": round(rps * 100), "batch_p50_ms": ms(re.search(r"\s50%\s+(\S+)", text).group(1)),
              "batch_p99_ms": ms(re.search(r"\s99%\s+(\S+)", text).group(1)), "non_2xx": int(errors.group(1)) if errors else 0}
    # Batches answered 429 (the queue was full: writes fell behind) were not taken.
    figure["accepted"] = (total - figure["non_2xx"]) * 100
    if count_stored:
        started, stored = time.perf_counter(), 0
        while time.perf_counter() - started < 120:
            stored = count_stored()
            if stored >= figure["accepted"]:
                break
            time.sleep(0.25)
        figure["stored"] = stored
        figure["drained_after_s"] = round(time.perf_counter() - started, 2)
        figure["stored_per_second"] = round(stored / (ms(DURATION) / 1000 + figure["drained_after_s"]))
    print(f"  {'POST /api/v1/analytics/track, batches of 100':58s} {figure['events_per_second']:8.0f} events/s   batch p50 {figure['batch_p50_ms']:6.2f} ms   p99 {figure['batch_p99_ms']:6.2f} ms"
          + (f"   all {figure['stored']} accepted stored {figure['drained_after_s']} s after the load: {figure['stored_per_second']} events/s written"
             if count_stored else "")
          + (f"   {figure['non_2xx']} batches answered 429 (queue full)" if figure["non_2xx"] else ""))
    return figure

def sign_in():
    """Sign-in latency at the default bcrypt cost through HTTP, median of 7; and a token."""
    timings = []
    for _ in range(7):
        started = time.perf_counter()
        answer = call("/api/v1/auth/login", {"email": "demo@careerops.local", "password": "demo-careerops"})
        timings.append((time.perf_counter() - started) * 1000)
    return sorted(timings)[3], answer["access_token"]

def autocomplete_latency(token):
    """One client typing: each prefix of several skill names, sequentially; p50/p99 of all."""
    words = ["data", "python", "manage", "software", "communicat", "analys", "design", "teach", "sales", "java"]
    timings = []
    for _ in range(5):
        for word in words:
            for end in range(1, len(word) + 1):
                started = time.perf_counter()
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/v1/skills/catalog?q={word[:end]}&limit=10").read()
                timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    figure = {"queries": len(timings), "p50_ms": round(timings[len(timings) // 2], 3), "p99_ms": round(timings[int(len(timings) * 0.99)], 3)}
    print(f"  {'catalog autocomplete, one client typing (' + str(len(timings)) + ' prefixes)':58s} p50 {figure['p50_ms']:7.2f} ms   p99 {figure['p99_ms']:7.2f} ms")
    return figure

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

def web_session(email, password):
    """Signs in through the web form; the session cookie."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}/sign-in", method="POST",
                                     data=urllib.parse.urlencode({"email": email, "password": password}).encode(),
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        opener.open(request)
    except urllib.error.HTTPError as redirect:
        return redirect.headers["Set-Cookie"].split(";")[0]
    sys.exit("bench: the web sign-in did not answer with a redirect")

def fetch(path, cookie):
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as response:
        return response.read()

def pages():
    """Each web page as one member reloading it: 20 warm-ups, then 300 sequential requests;
    p50/p99 of the time to the whole response, and the page's weight (HTML, CSS and JS)."""
    member = web_session("demo@careerops.local", "demo-careerops")
    admin = web_session("admin@careerops.local", "admin-careerops")
    coach = web_session("coach@careerops.local", "coach-careerops")
    matches = fetch("/opportunities", member).decode()
    team = fetch("/team", coach).decode()
    match = re.search(r'href="(/opportunities/[0-9A-F-]{36})"', matches).group(1)
    coachee = re.search(r'href="(/people/[0-9A-F-]{36})"', team).group(1)
    paths = [(p, member) for p in ["/", "/dashboard", "/onboarding", "/profile", "/goals", "/plan", "/opportunities", match,
                                   "/learning", "/paths", "/analyse", "/settings"]]
    paths += [("/admin/analytics", admin), ("/team", coach), (coachee, coach), ("/people", member)]
    assets = {}
    figures = []
    for path, cookie in paths:
        for _ in range(20):
            fetch(path, cookie)
        timings = []
        for _ in range(300):
            started = time.perf_counter()
            body = fetch(path, cookie)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        html = body.decode()
        weight = len(body)
        for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
            assets.setdefault(asset, len(fetch(asset, "")))
            weight += assets[asset]
        label = re.sub(r"[0-9A-F-]{36}", ":id", path)
        figure = {"page": label, "p50_ms": round(timings[149], 2), "p99_ms": round(timings[296], 2), "html_bytes": len(body), "weight_bytes": weight}
        figures.append(figure)
        print(f"  {'GET ' + label:58s} p50 {figure['p50_ms']:7.2f} ms   p99 {figure['p99_ms']:7.2f} ms   HTML {len(body) / 1024:5.1f} KB   with CSS and JS {weight / 1024:5.1f} KB")
    return figures

def main():
    ensure_wrk()
    report = {"duration": DURATION, "connections": CONNECTIONS}

    print("SQLite (the default set-up), demo data:")
    server = Server()
    try:
        report["sqlite_rss_mb"] = server.rss_mb
        report["sign_in_p50_ms"], token = sign_in()
        print(f"  {'sign-in (POST /api/v1/auth/login), 7 sequential':58s} p50 {report['sign_in_p50_ms']:7.1f} ms")
        me = call("/api/v1/me", token=token)["id"]
        report["sqlite"] = [
            load("GET /health/ready", "/health/ready"),
            load("GET /api/v1/skills/catalog?q=data", "/api/v1/skills/catalog?q=data&limit=10"),
            load("GET /api/v1/me", "/api/v1/me", token),
            load("GET /api/v1/users/:id", f"/api/v1/users/{me}", token),
            load("POST /graphql (the seed's User query)", "/graphql", token, {"query": GRAPHQL}),
        ]
        report["autocomplete"] = autocomplete_latency(token)
        print("  Web pages (demo member, admin and coach; one client, sequential):")
        report["pages"] = pages()
        database = os.path.join(server.data, "careerops.sqlite")
        def stored():
            connection = sqlite3.connect(database)
            try:
                return connection.execute("SELECT COUNT(*) FROM user_events WHERE client_event_id LIKE 'ingest-%'").fetchone()[0]
            finally:
                connection.close()
        report["ingest_sqlite"] = ingest(token, stored)
        print(f"  server RSS after start: {server.rss_mb} MB")
    finally:
        server.stop()

    if os.geteuid() == 0:
        print("PostgreSQL (a throwaway cluster), demo data:")
        directory, url = subprocess.run(["scripts/pg-cluster.sh", "start"], capture_output=True, text=True, check=True).stdout.split()
        try:
            server = Server(url)
            try:
                _, token = sign_in()
                me = call("/api/v1/me", token=token)["id"]
                report["postgres"] = [
                    load("GET /api/v1/users/:id", f"/api/v1/users/{me}", token),
                    load("POST /graphql (the seed's User query)", "/graphql", token, {"query": GRAPHQL}),
                    load("GET /api/v1/skills/catalog?q=data", "/api/v1/skills/catalog?q=data&limit=10"),
                ]
                report["postgres_autocomplete"] = autocomplete_latency(token)
                report["ingest_postgres"] = ingest(token)
            finally:
                server.stop()
            print(f"Analytics over {ANALYTICS_EVENTS:,} events on PostgreSQL (generated by `careerops benchmark --only analytics`):")
            env = dict(os.environ, DATABASE_URL=url, CAREEROPS_DATA_DIR=tempfile.mkdtemp(prefix="careerops-bench."), LOG_LEVEL="warning",
                       CAREEROPS_DEMO="false", CAREEROPS_LOAD_TAXONOMY="true")
            figures = json.loads(subprocess.run([BIN, "benchmark", "--only", "analytics", "--events", str(ANALYTICS_EVENTS)],
                                                env=env, capture_output=True, text=True, check=True).stdout)
            for figure in figures:
                print(f"  {figure['name']:74s} {figure['median']:9.2f} {figure['unit']}")
            report["analytics_postgres"] = figures
        finally:
            subprocess.run(["scripts/pg-cluster.sh", "stop", directory], check=True)
    else:
        print("PostgreSQL figures need root (to start a throwaway cluster); skipped.")

    report["models"] = models()

    print("Micro-benchmarks:")
    report["micro"] = json.loads(subprocess.run([BIN, "benchmark"], capture_output=True, text=True, check=True).stdout)
    for figure in report["micro"]:
        print(f"  {figure['name']:58s} median {figure['median']:9.2f} {figure['unit']} ({figure['samples']} samples)")
    micro = {figure["name"]: figure["median"] for figure in report["micro"]}
    short = micro.get("analyze a 300-word job description, one core, p99")
    long = micro.get("analyze a 5000-word text of catalog words, one core, p99")
    if short is not None and long is not None:
        print(f"  analysis on one core: 300-word posting p99 {short:.1f} ms (target 50), 5,000 words p99 {long:.1f} ms (target 100), "
              f"beside sgemm {micro.get('sgemm, one core (best of 15), beside the analysis', 0):.1f} GFLOP/s on one core")
    os.makedirs("bench/results", exist_ok=True)
    out = time.strftime("bench/results/%Y%m%dT%H%M%SZ.json", time.gmtime())
    json.dump(report, open(out, "w"), indent=2)
    print(f"written to {out}")

if __name__ == "__main__":
    main()
