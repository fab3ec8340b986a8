"""CareerOps as a cluster on loopback: PostgreSQL (given: PgBouncer in transaction mode before the
primary, and a streaming replica), Redis, three instances and HAProxy.

    python3 tests/cluster/cluster.py BIN DATABASE_URL OUT PRIMARY_URL REPLICA_URL

The instances reach the database only through PgBouncer (DATABASE_URL), and read reports from
the replica (DATABASE_READ_URL); the test writes and pauses replay directly. Checks, through the
balancer: reports come from the replica while a member's own writes are read back at once; a member signed in through one instance is served by all; the
rate limit on sign-in holds across instances; each scheduled job runs once although all three run
the worker; killing one instance under load costs under 0.1% of requests and the balancer's
health checks take it out; with Redis stopped every instance still answers (readiness degraded,
kept in the balancer); every metric the alert rules and the dashboard read is served.
"""
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

BIN, DATABASE_URL, OUT, PRIMARY_URL, REPLICA_URL = sys.argv[1:6]
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from processes import Processes, free_port, platform_environment, redis_command  # noqa: E402

failures = []
children = Processes(OUT, ROOT)
start = children.start


def check(condition, message):
    print(("  ok    " if condition else "  FAIL  ") + message, flush=True)
    if not condition:
        failures.append(message)


def request(url, method="GET", body=None, headers=None, timeout=30):
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read().decode(errors="replace"), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), error.headers


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def psql(url, sql, superuser=False):
    """Runs SQL on the primary or the replica directly (the replica's own settings as postgres)."""
    parts = urllib.parse.urlsplit(url)
    if superuser:
        target = f"postgresql:///careerops?host=/tmp&port={parts.port}&user=postgres"
    else:
        target = f"postgresql://{parts.username}:{parts.password}@{parts.hostname}:{parts.port}/careerops"
    return subprocess.run(["psql", target, "-Atc", sql], capture_output=True, text=True, check=True).stdout.strip()


def metrics(port):
    return request(f"http://127.0.0.1:{port}/metrics")[1]


def counter(text, name, **labels):
    """The sum of a metric's samples whose labels include `labels`."""
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        head, _, value = line.rpartition(" ")
        if all(f'{key}="{val}"' in head for key, val in labels.items()):
            total += float(value)
    return total


def haproxy_status(stats_port):
    text = request(f"http://127.0.0.1:{stats_port}/stats;csv")[1]
    rows = list(csv_rows(text))
    return {row["svname"]: row["status"] for row in rows if row.get("pxname") == "api" and row["svname"].startswith("api")}


def csv_rows(text):
    lines = text.strip().splitlines()
    header = lines[0].lstrip("# ").split(",")
    for line in lines[1:]:
        yield dict(zip(header, line.split(",")))


def main():
    os.makedirs(OUT, exist_ok=True)
    model = os.path.join(ROOT, ".cache/models/all-MiniLM-L6-v2")
    redis_port, lb_port, stats_port = free_port(), free_port(), free_port()
    api_ports = [free_port() for _ in range(3)]
    redis = start("redis", redis_command(redis_port))

    env = platform_environment(BIN)
    env.update({
        "CAREEROPS_ENV": "production", "BCRYPT_COST": "10", "DATABASE_URL": DATABASE_URL, "DATABASE_POOL_SIZE": "4",
        "DATABASE_READ_URL": REPLICA_URL,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}", "HOST": "127.0.0.1", "CAREEROPS_MODEL_DIR": model,
        "CAREEROPS_PUBLIC_URL": f"http://127.0.0.1:{lb_port}", "TRUSTED_PROXIES": "127.0.0.1/32", "LOG_LEVEL": "notice",
        "RATE_LIMIT_AUTH": "10/min", "RATE_LIMIT_API": "100000/min", "RATE_LIMIT_ACCOUNT": "100000/min",
        "CAREEROPS_DATA_DIR": os.path.join(OUT, "data"),
    })

    print("== three instances (api and worker roles) on PostgreSQL and Redis, HAProxy in front", flush=True)
    started = time.time()
    instances = [start("api1", [BIN, "serve", "--port", str(api_ports[0])], env)]
    children.wait(f"http://127.0.0.1:{api_ports[0]}/health/ready", instances[0], "api1")
    for index in (1, 2):
        later = dict(env, CAREEROPS_LOAD_TAXONOMY="false")
        instances.append(start(f"api{index + 1}", [BIN, "serve", "--port", str(api_ports[index]), "--no-migrate"], later))
    for index in (1, 2):
        children.wait(f"http://127.0.0.1:{api_ports[index]}/health/ready", instances[index], f"api{index + 1}")
    lb_env = dict(os.environ, CAREEROPS_BIND=f"127.0.0.1:{lb_port}", HAPROXY_STATS_BIND=f"127.0.0.1:{stats_port}",
                  API1=f"127.0.0.1:{api_ports[0]}", API2=f"127.0.0.1:{api_ports[1]}", API3=f"127.0.0.1:{api_ports[2]}")
    start("haproxy", ["haproxy", "-f", "deploy/haproxy.cfg"], lb_env)
    for _ in range(60):
        try:
            if list(haproxy_status(stats_port).values()) == ["UP"] * 3:
                break
        except OSError:
            pass
        time.sleep(0.5)
    check(list(haproxy_status(stats_port).values()) == ["UP"] * 3, f"HAProxy sees three instances UP ({time.time() - started:.0f} s to start)")
    base = f"http://127.0.0.1:{lb_port}"

    print("== one member, served by every instance", flush=True)
    email, password = "cluster@example.com", "cluster passphrase one"
    status, body, _ = request(base + "/api/v1/auth/signup", "POST", json.dumps({"email": email, "password": password, "name": "Cluster"}),
                              {"Content-Type": "application/json", "X-Forwarded-For": "198.51.100.1"})
    check(status == 201, f"sign-up through the balancer ({status})")
    token = json.loads(body)["access_token"]
    answers = [request(base + "/api/v1/me", headers={"Authorization": f"Bearer {token}"})[0] for _ in range(30)]
    check(answers == [200] * 30, "30 API calls with the token: all 200")
    form = urllib.parse.urlencode({"email": email, "password": password})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(urllib.request.Request(base + "/sign-in", data=form.encode(), method="POST",
                                           headers={"Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "198.51.100.1"}))
        cookie = None
    except urllib.error.HTTPError as redirect:
        cookie = (redirect.headers.get("Set-Cookie") or "").split(";")[0]
    check(bool(cookie), "web sign-in through the balancer sets a session cookie")
    pages = [request(base + "/dashboard", headers={"Cookie": cookie})[0] for _ in range(30)]
    check(pages == [200] * 30, "30 dashboard pages with the session cookie: all 200")
    per_instance = [metrics(port) for port in api_ports]
    for index, text in enumerate(per_instance):
        api = counter(text, "careerops_http_requests_total", route="/api/v1/me", status="200")
        page = counter(text, "careerops_http_requests_total", route="/dashboard", status="200")
        check(api >= 1 and page >= 1, f"api{index + 1} served {api:.0f} of the API calls and {page:.0f} of the pages")

    print("== reports read from the replica, a member's own writes read back at once (all through PgBouncer)", flush=True)
    me = json.loads(request(base + "/api/v1/me", headers={"Authorization": f"Bearer {token}"})[1])
    psql(PRIMARY_URL, f"UPDATE users SET platform_role = 'platform_admin' WHERE id = '{me['id']}'")
    psql(PRIMARY_URL, "INSERT INTO engagement_metrics (id, organization_id, period, period_start, metric, value, computed_at) "
                      "VALUES (gen_random_uuid(), NULL, 'day', '2020-01-06', 'active', 42, now())")
    report_url = base + "/api/v1/analytics/reports/engagement?period=day&from=2020-01-06&to=2020-01-06"
    def active():
        status, body, _ = request(report_url, headers={"Authorization": f"Bearer {token}"})
        return json.loads(body)["points"][0]["active_members"] if status == 200 else f"status {status}: {body[:200]}"
    for _ in range(40):
        if active() == 42:
            break
        time.sleep(0.25)
    check(active() == 42, f"the report shows the primary's row once replicated ({active()})")
    psql(REPLICA_URL, "SELECT pg_wal_replay_pause()", superuser=True)
    psql(PRIMARY_URL, "UPDATE engagement_metrics SET value = 77 WHERE period_start = '2020-01-06'")
    time.sleep(1)
    check(active() == 42, f"with the replica's replay paused, the report still reads it ({active()}), not the primary (77)")
    headline = f"Headline {time.time():.0f}"
    patched = request(base + "/api/v1/users/me/profile", "PATCH", json.dumps({"headline": headline}),
                      {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})[0]
    seen = [json.loads(request(base + "/api/v1/users/me/profile", headers={"Authorization": f"Bearer {token}"})[1]).get("headline") for _ in range(6)]
    check(patched == 200 and seen == [headline] * 6, f"meanwhile a member's own write is read back at once on every instance ({patched}, {seen[:2]}…)")
    psql(REPLICA_URL, "SELECT pg_wal_replay_resume()", superuser=True)
    for _ in range(40):
        if active() == 77:
            break
        time.sleep(0.25)
    check(active() == 77, f"replay resumed: the report catches up ({active()})")

    print("== the sign-in rate limit (10/min per client address) holds across instances", flush=True)
    # Each attempt names another account, so that only the address's bucket can refuse it (an
    # account's own failed-login throttle would after five).
    statuses = []
    for attempt in range(12):
        statuses.append(request(base + "/api/v1/auth/login", "POST", json.dumps({"email": f"guess{attempt}@example.com", "password": "not it at all"}),
                                {"Content-Type": "application/json", "X-Forwarded-For": "203.0.113.77"})[0])
    check(statuses == [401] * 10 + [429] * 2, f"12 sign-ins from one client across three instances: {statuses}")
    other = request(base + "/api/v1/auth/login", "POST", json.dumps({"email": email, "password": password}),
                    {"Content-Type": "application/json", "X-Forwarded-For": "203.0.113.78"})[0]
    check(other == 200, f"another client is not limited ({other})")

    print("== scheduled jobs run once, although all three run the worker", flush=True)
    ran = skipped = 0
    for _ in range(120):
        texts = [metrics(port) for port in api_ports]
        ran = sum(counter(t, "careerops_worker_jobs_total", job="purge-expired-sessions", outcome="ran") for t in texts)
        skipped = sum(counter(t, "careerops_worker_jobs_total", job="purge-expired-sessions", outcome="skipped") for t in texts)
        if ran + skipped >= 3:
            break
        time.sleep(0.5)
    check(ran == 1 and skipped == 2, f"purge-expired-sessions: ran {ran:.0f} time(s), skipped by {skipped:.0f} worker(s)")

    print("== one instance killed under load", flush=True)
    load = subprocess.Popen([BIN, "load", "--url", base, "--members", "4", "--connections", "60", "--rate", "80",
                             "--duration", "16", "--warmup", "0", "--mix", "profile=30,matches=10,graphql=20,track=20,page=20"],
                            stdout=subprocess.PIPE, stderr=open(os.path.join(OUT, "load.log"), "w"), text=True, cwd=ROOT)
    # The load signs its members up first; kill api3 once requests are flowing.
    for _ in range(240):
        if "requests/s" in open(os.path.join(OUT, "load.log")).read():
            break
        time.sleep(0.25)
    time.sleep(6)
    instances[2].send_signal(signal.SIGKILL)
    killed_at = time.time()
    report = json.loads(load.communicate(timeout=300)[0].strip().splitlines()[-1])
    ratio = report["errors"] / max(1, report["due"])
    check(report["due"] > 1000 and ratio < 0.001,
          f"{report['due']} requests due, {report['completed']} answered, {report['errors']} failed ({ratio:.3%}); statuses {report['statuses']}")
    status = haproxy_status(stats_port)
    check(status.get("api3", "").startswith("DOWN") and status.get("api1") == "UP" and status.get("api2") == "UP",
          f"the balancer's health checks took api3 out ({status}, {time.time() - killed_at:.0f} s after the kill)")

    print("== Redis stopped: answers go on, readiness says degraded, the balancer keeps the instances", flush=True)
    redis.send_signal(signal.SIGKILL)
    redis.wait()
    time.sleep(1)
    answers = [request(base + "/api/v1/me", headers={"Authorization": f"Bearer {token}"})[0] for _ in range(10)]
    pages = [request(base + "/dashboard", headers={"Cookie": cookie})[0] for _ in range(10)]
    check(answers == [200] * 10 and pages == [200] * 10, f"without Redis: API {set(answers)}, pages {set(pages)}")
    ready = request(f"http://127.0.0.1:{api_ports[0]}/health/ready")
    check(ready[0] == 200 and '"degraded"' in ready[1], f"readiness: {ready[0]} {ready[1].strip()}")
    time.sleep(2.5)
    status = haproxy_status(stats_port)
    check(status.get("api1") == "UP" and status.get("api2") == "UP", f"still in the balancer ({status})")
    check(counter(metrics(api_ports[0]), "careerops_redis_up") == 0, "careerops_redis_up is 0")
    start("redis2", redis_command(redis_port))
    for _ in range(40):
        if '"ready"' in request(f"http://127.0.0.1:{api_ports[0]}/health/ready")[1]:
            break
        time.sleep(0.25)
    check('"ready"' in request(f"http://127.0.0.1:{api_ports[0]}/health/ready")[1], "ready again once Redis is back")

    print("== every metric the alert rules and the dashboard read is served", flush=True)
    served = "\n".join(metrics(port) for port in api_ports[:2])
    wanted = set(re.findall(r"careerops_[a-z_]+", open(os.path.join(ROOT, "deploy/prometheus/alerts.yml")).read()))
    wanted |= set(re.findall(r"careerops_[a-z_]+", open(os.path.join(ROOT, "deploy/grafana/careerops.json")).read()))
    names = {re.sub(r"_(bucket|sum|count)$", "", n) for n in wanted}
    missing = sorted(n for n in names if not re.search(rf"^{n}(_bucket|_sum|_count)?[{{ ]", served, re.M))
    check(not missing, f"{len(names)} metric names, missing: {missing or 'none'}")


try:
    main()
finally:
    children.stop_all(grace=15)
if failures:
    print(f"cluster: {len(failures)} check(s) failed; logs in {OUT}/")
    sys.exit(1)
print("cluster: all checks passed")
