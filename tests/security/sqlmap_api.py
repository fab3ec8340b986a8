#!/usr/bin/env python3
"""sqlmap against every operation of the CareerOps REST API (tests/security/sqlmap.sh starts the
platform and calls this).

1. Canary: a tiny deliberately injectable HTTP service (SQLite, a query parameter and a JSON body
   field) is scanned with the same sqlmap options; if sqlmap does not flag both, the harness is
   broken (sqlmap's output changed, markers no longer processed ...) and the run fails.
2. Fixtures: signs in the demo member, admin and coach, creates personal access tokens, two
   throw-away accounts (one for the sign-in endpoints, whose password sqlmap garbles, one for role
   changes and imports), a team, an opportunity and a learning resource, and reads real ids.
3. Targets: one sqlmap target per operation of /api/v1/openapi.json (GET, POST, PUT, PATCH; DELETE
   and the operations that sign the caller out or destroy the account are skipped) with a `*`
   marker on every path parameter, every query parameter, every JSON body field (nested ones
   too) and the Idempotency-Key header; `cursor` parameters get their own target with --base64
   since they are base64 on the wire. Each target's request is sent once first: its status is the
   baseline sqlmap compares against.
4. Runs the targets (in parallel), parses sqlmap's CSV results file and output, prints a summary
   and exits 1 on any finding.

Findings: a parameter sqlmap reports injectable (CSV row, "is vulnerable", "appears to be ...
injectable") or one whose heuristic test "might be injectable" (a DBMS error message in the
response). HTTP 500 answers provoked by payloads are listed as warnings.
"""
import argparse
import concurrent.futures
import csv
import datetime
import http.server
import json
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

PREFIX = "/api/v1"
MARK = "*"

# Operations never sent: they sign the caller out, revoke its credentials or delete the account.
SKIP = {
    ("POST", "/auth/logout"): "signs the caller out",
    ("POST", "/auth/password/change"): "changes the password and ends the sessions",
    ("DELETE", "/users/{user}"): "deletes the account",
    ("DELETE", "/me/tokens/{id}"): "revokes the token the scan uses",
    ("DELETE", "/me/sessions/{id}"): "ends a session",
    ("POST", "/admin/recommender/train"): "no parameter but Idempotency-Key (tested on every other POST); each call trains the recommender",
}
# Operations whose valid request works once only: not sent before sqlmap, whose first request
# succeeds and every later one meets a spent value.
# Requests that work once: (the status after that, why). Their baseline is not sent, and sqlmap
# is told that status is no error (its payloads still reach the query that finds the id).
SINGLE_USE = {
    ("POST", "/auth/refresh"): (401, "the refresh token is single-use: sqlmap's first request spends it"),
    ("POST", "/me/invitations/{id}/accept"): (404, "an invitation is answered once: sqlmap's first request accepts it"),
    ("POST", "/me/invitations/{id}/decline"): (404, "an invitation is answered once: sqlmap's first request declines it"),
}
# Bodies sqlmap cannot inject into: a ZIP archive.
UNSUPPORTED_BODY = {"application/zip"}

JSON_HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}


def log(*args):
    print(*args, file=sys.stderr, flush=True)


class Client:
    def __init__(self, base):
        self.base = base.rstrip("/")

    def call(self, method, path, token=None, body=None, query=None, headers=None, cookie=None):
        url = self.base + PREFIX + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = None
        h = dict(JSON_HEADERS)
        if headers:
            h.update(headers)
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
        if token:
            h["Authorization"] = "Bearer " + token
        if cookie:
            h["Cookie"] = cookie
        request = urllib.request.Request(url, data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                status, raw, hdrs = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, raw, hdrs = error.code, error.read(), error.headers
        try:
            payload = json.loads(raw) if raw else None
        except ValueError:
            payload = raw.decode(errors="replace")
        return status, payload, hdrs

    def ok(self, method, path, **kwargs):
        status, payload, headers = self.call(method, path, **kwargs)
        if status >= 300:
            raise SystemExit(f"fixture: {method} {path} answered {status}: {str(payload)[:400]}")
        return payload


# --------------------------------------------------------------------------------------------
# Fixtures: real ids and tokens


def sign_in(client, email, password):
    status, payload, _ = client.call("POST", "/auth/login", body={"email": email, "password": password})
    if status != 200:
        raise SystemExit(f"fixture: cannot sign in {email} ({status}: {str(payload)[:300]}); "
                         "the demo accounts exist only when the platform loaded its demo data into an empty database (CAREEROPS_DEMO), "
                         "and on PostgreSQL sign in only under the keys that database was filled with (CAREEROPS_DATA_KEYS, "
                         "CAREEROPS_HMAC_KEY, CAREEROPS_JWT_KEYS; tests/security/sqlmap.sh keeps its own in build/security/postgres-keys.env)")
    token = client.ok("POST", "/me/tokens", token=payload["access_token"],
                      body={"name": "sqlmap", "scopes": ["read", "write"], "expires_in_days": 1})["token"]
    return token, payload


def join(client, email, token, organization, role, admin):
    """Membership is by invitation: the admin invites the address, its owner follows the mailed
    verification link (the development outbox, loopback only) and accepts."""
    invitation = client.ok("POST", f"/orgs/{organization}/members", token=admin, body={"email": email, "role": role})
    marker = "/auth/verify-email?token="
    for _ in range(100):
        with urllib.request.urlopen(client.base + "/debug/outbox", timeout=10) as response:
            mail = next((m for m in json.load(response)["items"] if m["to"] == email and marker in m["body"]), None)
        if mail:
            break
        time.sleep(0.1)
    else:
        raise SystemExit(f"fixture: no verification mail to {email}")
    client.ok("POST", "/auth/verify-email", body={"token": mail["body"].split(marker, 1)[1].split()[0]})
    client.ok("POST", f"/me/invitations/{invitation['id']}/accept", token=token)


def sign_in_access(client, email, password):
    status, payload, _ = client.call("POST", "/auth/login", body={"email": email, "password": password})
    if status != 200:
        raise SystemExit(f"cannot sign in {email} ({status})")
    return payload["access_token"]


def first(items, what):
    if not items:
        raise SystemExit(f"fixture: no {what} found")
    return items[0]


def fixtures(client):
    run = secrets.token_hex(3)
    f = {"run": run}
    f["member"], _ = sign_in(client, "demo@careerops.local", "demo-careerops")
    f["admin"], _ = sign_in(client, "admin@careerops.local", "admin-careerops")
    f["coach"], _ = sign_in(client, "coach@careerops.local", "coach-careerops")
    me = client.ok("GET", "/me", token=f["member"])
    admin = client.ok("GET", "/me", token=f["admin"])
    coach = client.ok("GET", "/me", token=f["coach"])
    f["user"], f["admin_id"], f["coach_id"] = me["id"], admin["id"], coach["id"]
    f["org"] = next((o["id"] for o in admin["organizations"] if o["role"] in ("org_admin", "admin", "owner")),
                    first(admin["organizations"], "organization of the admin")["id"])

    # Throw-away accounts: `auth` for POST /auth/login, /auth/refresh and /auth/password/forgot,
    # `browser` for POST /auth/session and the session cookie (sqlmap's garbled passwords lock an
    # address out after five failures, so each sign-in endpoint has its own), `peer` for role
    # changes, team membership and imports.
    password = "Sq-" + secrets.token_urlsafe(12)
    f["auth_email"], f["auth_password"] = f"sqlmap-auth-{run}@example.org", password
    pair = client.ok("POST", "/auth/signup", body={"email": f["auth_email"], "password": password, "name": "Sqlmap Auth"})
    f["refresh_token"] = pair["refresh_token"]
    f["browser_email"] = f"sqlmap-browser-{run}@example.org"
    client.ok("POST", "/auth/signup", body={"email": f["browser_email"], "password": password, "name": "Sqlmap Browser"})
    f["peer_email"] = f"sqlmap-peer-{run}@example.org"
    client.ok("POST", "/auth/signup", body={"email": f["peer_email"], "password": password, "name": "Sqlmap Peer"})
    f["peer"], _ = sign_in(client, f["peer_email"], password)
    f["peer_id"] = client.ok("GET", "/me", token=f["peer"])["id"]
    join(client, f["peer_email"], f["peer"], f["org"], "member", f["admin"])
    f["team"] = client.ok("POST", f"/orgs/{f['org']}/teams", token=f["admin"], body={"name": f"Sqlmap {run}"})["id"]
    client.ok("PUT", f"/orgs/{f['org']}/teams/{f['team']}/members/{f['peer_id']}", token=f["admin"])
    # Invitations for the member to accept and to decline, each from an organization of its own.
    for answer in ("accept", "decline"):
        organization = client.ok("POST", "/orgs", token=f["admin"], body={"name": f"Sqlmap {answer} {run}", "slug": f"sqlmap-{answer}-{run}"})
        f["invitation_" + answer] = client.ok("POST", f"/orgs/{organization['id']}/members", token=f["admin"],
                                              body={"email": "demo@careerops.local", "role": "member"})["id"]
    status, _, headers = client.call("POST", "/auth/session", body={"email": f["browser_email"], "password": password})
    cookie = re.search(r"careerops_session=([^;]+)", headers.get("Set-Cookie", "") or "")
    f["session_cookie"] = cookie.group(1) if status == 200 and cookie else None

    # The member's data.
    u = f["user"]
    skills = client.ok("GET", f"/users/{u}/skills", token=f["member"], query={"limit": 100})["items"]
    f["skill"] = first(skills, "skill of the member")["id"]
    owned = {s.get("uri") for s in skills}
    goals = client.ok("GET", f"/users/{u}/goals", token=f["member"], query={"limit": 100})["items"]
    goal = next((g for g in goals if g.get("milestones")), first(goals, "goal of the member"))
    f["goal"] = goal["id"]
    f["milestone"] = first(goal.get("milestones"), "milestone")["id"]
    plans = client.ok("GET", f"/users/{u}/plans", token=f["member"], query={"limit": 100})["items"]
    plan = client.ok("GET", f"/users/{u}/plans/{first(plans, 'plan of the member')['id']}", token=f["member"])
    f["plan"] = plan["id"]
    phase = next(p for p in plan["phases"] if p.get("actions"))
    f["phase"], f["action"] = phase["id"], phase["actions"][0]["id"]
    profile = client.ok("GET", f"/users/{u}/profile", token=f["member"])
    f["profile"] = profile
    f["experience"] = first(profile.get("experiences"), "experience")["id"]
    f["current_role"] = (profile.get("current_occupation") or {}).get("label") or "ICT system administrator"
    f["target_role"] = (goal.get("target_occupation") or {}).get("label") or "ICT system architect"
    resources = client.ok("GET", "/learning-resources", token=f["member"], query={"limit": 50})["items"]
    resource = next((r for r in resources if r.get("skills")), first(resources, "learning resource"))
    f["resource"] = resource["id"]
    f["resource_skill"] = resource["skills"][0]["uri"] if resource.get("skills") else None
    catalog = client.ok("GET", "/skills/catalog", token=f["member"], query={"q": "data", "limit": 50})["items"]
    f["new_skill_uri"] = next((c["uri"] for c in catalog if c["uri"] not in owned), first(catalog, "catalog skill")["uri"])
    opportunities = client.ok("GET", "/opportunities", token=f["member"], query={"limit": 50, "status": "all"})["items"]
    o = next((o for o in opportunities if o.get("occupation") and o.get("location")), first(opportunities, "opportunity"))
    f["occupation_uri"] = o["occupation"]["uri"]
    f["location"] = o.get("location") or "Berlin"
    f["opportunity_word"] = (o.get("title") or "engineer").split()[-1]
    f["posting_skill"] = (o.get("skills") or [{}])[0].get("uri") or f["new_skill_uri"]
    f["opportunity"] = o["id"]

    # The peer's own data: a skill for the coach's endorsements is not needed (the coach endorses
    # the member); one for the peer keeps imports away from the member.
    # The admin's opportunity and learning resource, changed by PUT/PATCH/close.
    today = datetime.date.today()
    f["today"], f["from"] = today.isoformat(), (today - datetime.timedelta(days=60)).isoformat()
    f["admin_opportunity"] = client.ok("POST", "/opportunities", token=f["admin"], body=opportunity_body(f, "fixture"))["id"]
    f["admin_resource"] = client.ok("POST", "/learning-resources", token=f["admin"], body=resource_body(f))["id"]
    # A skill goal for PATCH (target_level needs one).
    f["skill_goal"] = client.ok("POST", f"/users/{u}/goals", token=f["member"], body={
        "title": "Grow in " + f["new_skill_uri"][-6:], "kind": "skill", "target_skill_uri": f["new_skill_uri"], "target_level": 4,
        "due_on": "2027-12-31"})["id"]
    return f


def opportunity_body(f, tag):
    return {
        "title": "Data engineer", "employer": "Sqlmap Corp", "description": "Build SQL pipelines with Python.",
        "location": "Berlin", "remote": True, "employment_type": "FULL_TIME", "external_id": f"sqlmap-{f['run']}-{tag}",
        "salary_min_yearly": 50000, "salary_max_yearly": 70000, "salary_currency": "EUR", "closes_on": "2027-12-31",
        "occupation_uri": f["occupation_uri"], "organization_id": f["org"],
        "skills": [{"uri": f["posting_skill"], "min_level": 3, "required": True}],
    }


def resource_body(f):
    return {
        "title": "SQL in practice", "provider": "Sqlmap Academy", "url": f"https://learn.example.org/sqlmap-{f['run']}",
        "format": "course", "duration_minutes": 90, "level": 2, "skill_uris": [f["resource_skill"] or f["new_skill_uri"]],
        "organization_id": f["org"],
    }


# --------------------------------------------------------------------------------------------
# Values for each operation


def principal(method, path):
    """The token an operation is sent with: None for the anonymous sign-in endpoints."""
    if path.startswith("/auth/"):
        return None
    if path.startswith(("/admin/", "/analytics/reports/", "/orgs")):
        return "admin"
    if path in ("/opportunities", "/opportunities/import", "/learning-resources") and method == "POST":
        return "admin"
    if re.fullmatch(r"/opportunities/\{id\}(/close)?", path) and method != "GET":
        return "admin"
    if path == "/learning-resources/{id}" and method == "PUT":
        return "admin"
    if path == "/users/{user}/skills/{id}/endorsements" or path == "/skills/verify":
        return "coach"
    if path.startswith("/users/{user}/imports/"):
        return "peer"
    return "member"


def path_value(f, method, path, name):
    if name == "user":
        if path.startswith("/orgs/") or path.startswith("/users/{user}/imports/"):
            return f["peer_id"]
        return f["user"]
    if name == "org":
        return f["org"]
    if name == "team":
        return f["team"]
    if name == "coach":
        return f["coach_id"]
    if name == "milestone":
        return f["milestone"]
    if name == "phase":
        return f["phase"]
    if name == "action":
        return f["action"]
    if name == "id":
        if path.startswith("/me/invitations/"):
            return f["invitation_accept"] if path.endswith("/accept") else f["invitation_decline"]
        if path.startswith("/admin/users/"):
            return f["peer_id"]
        if path.startswith("/opportunities/"):
            return f["opportunity"] if method == "GET" else f["admin_opportunity"]
        if path.startswith("/learning-resources/"):
            return f["admin_resource"] if method == "PUT" and path == "/learning-resources/{id}" else f["resource"]
        if "/skills/" in path:
            return f["skill"]
        if "/goals/" in path:
            return f["skill_goal"] if method == "PATCH" and path == "/users/{user}/goals/{id}" else f["goal"]
        if "/plans/" in path:
            return f["plan"]
        if "/experiences/" in path:
            return f["experience"]
    return None


def query_value(f, path, name):
    if name == "limit":
        return "3"
    if name == "q":
        return {"/skills/catalog": "data", "/opportunities": f["opportunity_word"]}.get(path, "data")
    if name in ("from", "to"):
        if path == "/users/{user}/career-paths":
            return f["current_role"]
        return f["from"] if name == "from" else f["today"]
    table = {
        "status": "all", "location": f["location"], "occupation": f["occupation_uri"], "remote": "true",
        "skill": f["resource_skill"] if path == "/learning-resources" else f["posting_skill"],
        "weeks": "26", "horizon": "8", "organization": f["org"], "format": "json",
        "period": "week", "team": f["team"], "target_role": f["target_role"], "actor": f["admin_id"],
        "dry_run": "true", "organization_id": f["org"],
    }
    return table.get(name)


def body_value(f, method, path, schema):
    u = f["run"]
    bodies = {
        ("POST", "/auth/login"): {"email": f["auth_email"], "password": f["auth_password"]},
        ("POST", "/auth/session"): {"email": f["browser_email"], "password": f["auth_password"]},
        ("POST", "/auth/signup"): {"name": "Sqlmap Signup", "email": f"sqlmap-signup-{u}@example.org", "password": f["auth_password"]},
        ("POST", "/auth/refresh"): {"refresh_token": f["refresh_token"]},
        ("POST", "/auth/password/forgot"): {"email": f["auth_email"]},
        ("POST", "/auth/password/reset"): {"token": "sqlmap" + secrets.token_urlsafe(24), "password": f["auth_password"]},
        ("POST", "/auth/verify-email"): {"token": "sqlmap" + secrets.token_urlsafe(24)},
        ("POST", "/jobs/analyze"): {"text": "We are hiring a senior Python developer with SQL and Docker skills in Berlin; "
                                            "five years of experience; remote possible."},
        ("POST", "/learning-resources"): resource_body(f),
        ("PUT", "/learning-resources/{id}"): resource_body(f),
        ("PUT", "/learning-resources/{id}/rating"): {"rating": 4},
        ("POST", "/me/tokens"): {"name": "sqlmap-token", "scopes": ["read"], "expires_in_days": 1},
        ("POST", "/opportunities"): opportunity_body(f, "post"),
        ("PUT", "/opportunities/{id}"): opportunity_body(f, "fixture"),
        ("PATCH", "/opportunities/{id}"): {"status": "open"},
        ("POST", "/opportunities/import"): {
            "@context": "https://schema.org", "@type": "JobPosting", "title": "Data engineer", "description": "Build SQL pipelines.",
            "hiringOrganization": {"name": "Sqlmap Import"}, "identifier": f"sqlmap-import-{u}", "employmentType": "FULL_TIME",
            "jobLocation": {"address": {"addressLocality": "Berlin", "addressCountry": "DE"}}, "validThrough": "2027-12-31",
            "skills": "SQL, Python", "baseSalary": {"currency": "EUR", "value": {"minValue": 50000, "maxValue": 70000, "unitText": "YEAR"}}},
        ("POST", "/orgs"): {"name": "Sqlmap Org", "slug": f"sqlmap-{u}"},
        ("POST", "/orgs/{org}/members"): {"email": f["auth_email"], "role": "member"},
        ("PUT", "/orgs/{org}/members/{user}"): {"role": "member"},
        ("POST", "/orgs/{org}/teams"): {"name": f"Sqlmap team {u}"},
        ("POST", "/skills/verify"): {"user_skill_id": f["skill"], "source": "coach", "level": 4, "reference": "REF-1", "comment": "Reviewed"},
        ("PUT", "/admin/users/{id}/role"): {"platform_role": "member"},
        ("POST", "/analytics/track"): {"id": f"sqlmap-{u}", "type": "page_viewed", "occurred_at": f["today"] + "T10:00:00Z",
                                       "properties": {"page": "/dashboard", "duration_ms": 1200}},
        ("POST", "/users/{user}/educations"): {"institution": "Sqlmap University", "degree": "BSc", "field_of_study": "Computer science",
                                               "started_on": "2010-09-01", "ended_on": "2013-06-30"},
        ("POST", "/users/{user}/experiences"): {"title": "Data engineer", "employer": "Sqlmap Corp", "started_on": "2004-01-01",
                                                "ended_on": "2005-01-01", "occupation_uri": f["occupation_uri"], "description": "Pipelines"},
        ("PUT", "/users/{user}/experiences/{id}"): {"title": "ICT system administrator", "employer": "Blue Harbor Bank", "started_on": "2019-11-25",
                                                    "ended_on": None, "occupation_uri": f["occupation_uri"], "description": "Systems"},
        ("POST", "/users/{user}/goals"): {"title": "Learn more", "kind": "skill", "target_skill_uri": f["new_skill_uri"], "target_level": 3,
                                          "due_on": "2027-12-31", "milestones": [{"title": "Read a book", "due_on": "2027-06-01", "position": 0}]},
        ("PATCH", "/users/{user}/goals/{id}"): {"title": "Grow", "status": "active", "due_on": "2027-12-31", "target_level": 4},
        ("POST", "/users/{user}/goals/{id}/milestones"): {"title": "Milestone", "due_on": "2027-06-01", "position": 0},
        ("PATCH", "/users/{user}/goals/{id}/milestones/{milestone}"): {"title": "Milestone", "due_on": "2027-06-01", "completed": False, "position": 0},
        ("POST", "/users/{user}/plans"): {"title": "Sqlmap plan", "goal_id": f["goal"], "phases": [
            {"title": "Phase", "position": 0, "actions": [{"kind": "learn", "title": "Read", "skill_uri": f["new_skill_uri"], "resource_id": f["resource"],
                                                            "opportunity_id": f["opportunity"], "status": "todo", "position": 0, "due_on": "2027-03-01"}]}]},
        ("PATCH", "/users/{user}/plans/{id}"): {"title": "Career plan", "status": "active"},
        ("PATCH", "/users/{user}/plans/{id}/actions/{action}"): {"title": "Do it", "status": "todo", "position": 0, "due_on": "2027-03-01"},
        ("POST", "/users/{user}/plans/{id}/phases"): {"title": "New phase", "position": 3, "actions": [{"kind": "network", "title": "Meet people"}]},
        ("PATCH", "/users/{user}/plans/{id}/phases/{phase}"): {"title": "Close the gap", "position": 0},
        ("POST", "/users/{user}/plans/{id}/phases/{phase}/actions"): {"kind": "learn", "title": "Take a course", "status": "todo", "position": 0,
                                                                      "due_on": "2027-04-01", "skill_uri": f["new_skill_uri"], "resource_id": f["resource"],
                                                                      "opportunity_id": f["opportunity"]},
        ("PATCH", "/users/{user}/profile"): {k: f["profile"].get(k) for k in ("headline", "summary", "location", "time_zone", "visibility", "preferences")},
        ("POST", "/users/{user}/skills"): {"uri": f["new_skill_uri"], "level": 3, "years": 2, "last_used_on": "2026-01-01",
                                           "evidence": [{"url": "https://example.org/proof", "note": "A project"}]},
        ("PATCH", "/users/{user}/skills/{id}"): {"level": 4, "years": 8, "last_used_on": "2026-11-18",
                                                 "evidence": [{"url": "https://example.org/proof", "note": "A project"}]},
        ("POST", "/users/{user}/skills/{id}/endorsements"): {"level": 4, "comment": "Seen it in our last project."},
        ("POST", "/users/{user}/imports/json-resume"): json.load(open(os.path.join(os.path.dirname(__file__), "..", "e2e", "resume.json"))),
    }
    if (method, path) in bodies:
        return bodies[(method, path)]
    return synthesize(schema)


def synthesize(schema, depth=0):
    """A plausible value from a schema, for operations added after this table was written."""
    schema = schema or {}
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "object" or "properties" in schema:
        return {k: synthesize(v, depth + 1) for k, v in (schema.get("properties") or {}).items()}
    if kind == "array":
        return [synthesize(schema.get("items"), depth + 1)] if depth < 3 else []
    if kind == "integer":
        return 3
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if schema.get("format") == "uuid":
        return "00000000-0000-0000-0000-000000000000"
    return "sqlmap"


def resolve(spec, schema):
    while isinstance(schema, dict) and "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].split("/")[-1]]
    if isinstance(schema, dict) and "anyOf" in schema:
        schema = next((s for s in schema["anyOf"] if s.get("type") != "null"), schema)
    return schema


# --------------------------------------------------------------------------------------------
# Markers


def marked_json(value, names, path="", depth=0):
    """JSON text of `value` with `*` after every leaf (string, number, boolean); `names` gets the
    dotted name of each marker in order."""
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k) + ":" + marked_json(v, names, f"{path}.{k}" if path else k, depth + 1)
                              for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(marked_json(v, names, f"{path}[{i}]", depth + 1) for i, v in enumerate(value)) + "]"
    if value is None:
        return "null"
    names.append(path)
    if isinstance(value, str):
        return json.dumps(value.replace(MARK, ""))[:-1] + MARK + '"'
    return json.dumps(value) + MARK


class Target:
    def __init__(self, name, method, path, token_name, url, params, data=None, headers=(), extra=(), baseline=None, note=""):
        self.name, self.method, self.path, self.token_name = name, method, path, token_name
        self.url, self.params, self.data, self.headers, self.extra = url, params, data, list(headers), list(extra)
        self.baseline, self.note = baseline, note
        self.result = None
        self.fresh = None


def build_targets(client, spec, f, only=None):
    targets, skipped = [], []
    n = 0
    for full_path, item in sorted(spec["paths"].items()):
        path = full_path[len(PREFIX):] if full_path.startswith(PREFIX) else full_path
        for method, op in sorted(item.items()):
            method = method.upper()
            if method not in ("GET", "POST", "PUT", "PATCH", "DELETE"):
                continue
            label = f"{method} {path}"
            if only and not re.search(only, label):
                continue
            if (method, path) in SKIP:
                skipped.append((label, SKIP[(method, path)]))
                continue
            if method == "DELETE":
                skipped.append((label, "DELETE is not scanned (its path ids are the ones the other methods of the path take)"))
                continue
            params = (item.get("parameters") or []) + (op.get("parameters") or [])
            body = op.get("requestBody")
            content = ((body or {}).get("content") or {})
            if body and not any(ct == "application/json" for ct in content):
                skipped.append((label, f"body is {', '.join(content)}: sqlmap cannot place payloads inside it "
                                       "(its path and query parameters need that body to reach the database)"))
                continue
            n += 1
            token_name = principal(method, path)
            token = f.get(token_name) if token_name else None
            fresh = None
            if (method, path) == ("POST", "/me/tokens"):
                # Personal access tokens are created from a signed-in session only: a fresh access
                # token (15 minutes) when the target starts.
                token_name = "member (access token)"
                fresh = lambda: sign_in_access(client, "demo@careerops.local", "demo-careerops")
                token = fresh()
            marks = []       # names, in sqlmap's order: URI markers first by position
            concrete = path
            marked = path
            for name in re.findall(r"\{(\w+)\}", path):
                value = path_value(f, method, path, name)
                if value is None:
                    raise SystemExit(f"no value for path parameter {name} of {label}")
                concrete = concrete.replace("{%s}" % name, value)
                marked = marked.replace("{%s}" % name, value + MARK)
                marks.append(("path", name))
            query, cursor = [], False
            for p in params:
                if p.get("in") != "query":
                    continue
                if p["name"] == "cursor":
                    cursor = True
                    continue
                value = query_value(f, path, p["name"])
                if value is None:
                    value = "sqlmap"
                query.append((p["name"], value))
            url_q = "&".join(f"{k}={urllib.parse.quote(v, safe='')}" for k, v in query)
            url_qm = "&".join(f"{k}={urllib.parse.quote(v, safe='')}{MARK}" for k, v in query)
            marks += [("query", k) for k, _ in query]
            base_url = client.base + PREFIX
            url = base_url + marked + ("?" + url_qm if url_qm else "")
            headers, extra = [], []
            if token:
                headers.append(f"Authorization: Bearer {token}")
            data = None
            body_value_ = None
            if body:
                schema = resolve(spec, content["application/json"].get("schema"))
                body_value_ = body_value(f, method, path, schema)
                names = []
                data = marked_json(body_value_, names)
                marks += [("body", x) for x in names]
            if any(p.get("in") == "header" and p.get("name") == "Idempotency-Key" for p in params):
                headers.append(f"Idempotency-Key: sqlmap-{f['run']}-{n}{MARK}")
                marks.append(("header", "Idempotency-Key"))
            if path in ("/auth/login", "/auth/session", "/auth/signup", "/auth/refresh"):
                extra += ["--user-agent", f"sqlmap-careerops/{f['run']}{MARK}"]
                marks.append(("header", "User-Agent"))
            if (method, path) in SINGLE_USE:
                status, note = SINGLE_USE[(method, path)]
                extra += [f"--ignore-code={status}"]
            else:
                status, payload, _ = client.call(method, concrete, token=token, body=body_value_, query=dict(query) or None)
                note = "" if status < 300 else f"baseline {status}: {str((payload or {}).get('detail') if isinstance(payload, dict) else payload)[:160]}"
            if marks:
                t = Target(f"{n:03d}-{method}-{slug(path)}", method, path, token_name, url, marks, data, headers, extra, status, note)
                if fresh:
                    t.fresh = lambda t=t, fresh=fresh: [h if not h.startswith("Authorization:") else "Authorization: Bearer " + fresh() for h in t.headers]
                targets.append(t)
            else:
                skipped.append((label, "no parameter"))
            if cursor:
                # Base64 on the wire ("o:3"): sqlmap decodes, appends its payload and encodes.
                c_query = query + [("cursor", "bzoz")]
                c_url = base_url + concrete + "?" + "&".join(f"{k}={urllib.parse.quote(v, safe='')}" for k, v in c_query)
                status, payload, _ = client.call(method, concrete, token=token, query=dict(c_query))
                targets.append(Target(f"{n:03d}-{method}-{slug(path)}-cursor", method, path, token_name, c_url,
                                      [("query", "cursor (base64)")], None, headers[:1], ["-p", "cursor", "--base64", "cursor"],
                                      status, "" if status < 300 else f"baseline {status}"))
    # Credentials themselves: the bearer token and the session cookie.
    if only and not re.search(only, "GET /me"):
        return targets, skipped
    n += 1
    targets.append(Target(f"{n:03d}-GET-me-bearer", "GET", "/me", "member", client.base + PREFIX + "/me",
                          [("header", "Authorization (personal access token)")], None,
                          [f"Authorization: Bearer {f['member']}{MARK}"], [], 200, ""))
    if f.get("session_cookie"):
        n += 1
        targets.append(Target(f"{n:03d}-GET-me-cookie", "GET", "/me", None, client.base + PREFIX + "/me",
                              [("cookie", "careerops_session")], None, [], ["--cookie", f"careerops_session={f['session_cookie']}{MARK}"], 200, ""))
    return targets, skipped


def annotate(target, text):
    """sqlmap names custom markers '#n*' per place: name them after the parameter they mark."""
    uri = [name for place, name in target.params if place in ("path", "query")]
    body = [name for place, name in target.params if place == "body"]
    m = re.search(r"URI parameter '#(\d+)\*'", text)
    if m and int(m.group(1)) <= len(uri):
        return f"{text} [= {uri[int(m.group(1)) - 1]}]"
    m = re.search(r"JSON #(\d+)\*", text)
    if m and int(m.group(1)) <= len(body):
        return f"{text} [= body {body[int(m.group(1)) - 1]}, unless sqlmap labels a path marker of a {target.method} like a body one]"
    return text


def slug(path):
    return re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-").replace("-user-", "-")[:60] or "root"


# --------------------------------------------------------------------------------------------
# sqlmap


def level(args):
    return args.level or (3 if args.full else 1)


def risk(args):
    return args.risk or (2 if args.full else 1)


def sqlmap_args(args, dbms):
    common = ["--batch", "--disable-coloring", f"--dbms={dbms}", "--threads=2", "--flush-session",
              "--ignore-code=401", "--answers=extending=N,keep testing=Y,exploit=N", "--timeout=60", "--retries=1"]
    common += [f"--level={level(args)}", f"--risk={risk(args)}"]
    if args.full:
        return common + ["--technique=BEUSTQ", f"--time-sec={args.time_sec}"]
    return common + ["--technique=BEU"]


def run_target(target, args, dbms, out):
    directory = os.path.join(out, target.name)
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    results = os.path.join(directory, "results.csv")
    command = ["sqlmap", "-u", target.url, f"--output-dir={directory}", f"--results-file={results}"] + sqlmap_args(args, dbms)
    if args.full and target.baseline and target.baseline >= 300 and not args.risk:
        # The unaltered request already fails (an unknown mailed token): only OR-based payloads
        # (risk 3) could turn it into a success.
        command.append("--risk=3")
    if target.fresh:
        target.headers = target.fresh()
    if target.method != "GET" or target.data is not None:
        command.append(f"--method={target.method}")
    if target.data is not None:
        command.append(f"--data={target.data}")
    for header in target.headers:
        command += ["-H", header]
    command += target.extra
    with open(os.path.join(directory, "command.txt"), "w") as fh:
        fh.write(" ".join(shlex_quote(c) for c in command) + "\n")
    started = time.monotonic()
    try:
        completed = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   timeout=args.target_timeout, text=True, errors="replace")
        output, timed_out = completed.stdout, False
    except subprocess.TimeoutExpired as error:
        output = (error.stdout or b"").decode(errors="replace") if isinstance(error.stdout, bytes) else (error.stdout or "")
        timed_out = True
    elapsed = time.monotonic() - started
    with open(os.path.join(directory, "stdout.txt"), "w") as fh:
        fh.write(output)
    target.result = parse(output, results, timed_out, elapsed)
    return target


def shlex_quote(s):
    import shlex
    return shlex.quote(s)


# Confirmed by sqlmap (after its false-positive check): these end the detection of a parameter.
INJECTABLE = [
    re.compile(r"parameter '[^']+' is vulnerable"),
    re.compile(r"identified the following injection point"),
]
# Provisional ("appears to be ... injectable"): sqlmap then checks them for false positives.
PROVISIONAL = re.compile(r"parameter '[^']+' (?:appears|seems) to be '.+' injectable|parameter '[^']+' is '.+' injectable")
FALSE_POSITIVE = "false positive or unexploitable"
SUSPECT = re.compile(r"heuristic \(basic\) test shows that (.+?) might be injectable(.*)", re.I)
TESTED = re.compile(r"testing for SQL injection on (.+?parameter '[^']+')", re.I)
CODES = re.compile(r"HTTP error codes detected during run:\n((?:\d{3} .*\n?)+)")


def parse(output, results_file, timed_out, elapsed):
    findings, discarded = [], []
    if os.path.exists(results_file):
        with open(results_file, newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("Parameter"):
                    text = f"{row.get('Place')} parameter '{row.get('Parameter')}': technique(s) {row.get('Technique(s)')} {row.get('Note(s)') or ''}".strip()
                    (discarded if FALSE_POSITIVE in (row.get("Note(s)") or "") else findings).append(text)
    lines = output.splitlines()
    for i, line in enumerate(lines):
        if any(p.search(line) for p in INJECTABLE):
            findings.append(line.strip())
        elif PROVISIONAL.search(line):
            # Provisional until sqlmap's false-positive check; discarded when it says so before
            # moving on to the next parameter.
            rest = "\n".join(lines[i + 1:])
            verdict = re.search(r"(false positive or unexploitable)|(is vulnerable)|(identified the following injection point)|testing if .* is dynamic", rest)
            if verdict and verdict.group(1):
                discarded.append(line.strip())
    suspects = [m.group(0).strip() for m in SUSPECT.finditer(output)]
    tested = TESTED.findall(output)  # not unique: sqlmap may label a path marker of a PUT like a body one
    codes = {}
    for block in CODES.findall(output):
        for line in block.strip().splitlines():
            m = re.match(r"(\d{3}) \(.*?\) - (\d+) times", line.strip())
            if m:
                codes[int(m.group(1))] = codes.get(int(m.group(1)), 0) + int(m.group(2))
    complete = "all tested parameters do not appear to be injectable" in output or bool(findings)
    errors = [l.strip() for l in output.splitlines() if "[CRITICAL]" in l]
    return {"findings": sorted(set(findings)), "discarded": sorted(set(discarded)), "suspects": sorted(set(suspects)), "tested": tested, "codes": codes,
            "complete": complete and not timed_out, "timed_out": timed_out, "errors": errors, "seconds": elapsed}


# --------------------------------------------------------------------------------------------
# Canary: proves the harness detects an injection through the same options and markers


class Canary(http.server.BaseHTTPRequestHandler):
    db_lock = threading.Lock()
    db = None

    def log_message(self, *args):
        pass

    def answer(self, status, payload):
        raw = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def query(self, sql):
        try:
            with self.db_lock:
                rows = self.db.execute(sql).fetchall()
            self.answer(200, {"items": [{"id": r[0], "name": r[1]} for r in rows]})
        except sqlite3.Error:
            self.answer(500, {"title": "Internal Server Error"})  # no DBMS message: sqlmap must prove it blind

    def do_GET(self):
        q = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        if "name" in q:
            self.query("SELECT id, name FROM skills WHERE name = '%s' ORDER BY id" % q["name"][0])
        else:  # a prefix search: sqlmap needs level 2 for the `%'` boundary
            self.query("SELECT id, name FROM skills WHERE name LIKE '%s%%' ORDER BY id" % q.get("q", [""])[0])

    def do_POST(self):
        try:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        except ValueError:
            return self.answer(400, {"title": "Bad Request"})
        self.query("SELECT id, name FROM skills WHERE id = %s" % body.get("id", 0))


def canary(args, out):
    Canary.db = sqlite3.connect(":memory:", check_same_thread=False)
    Canary.db.execute("CREATE TABLE skills (id INTEGER PRIMARY KEY, name TEXT)")
    Canary.db.executemany("INSERT INTO skills (name) VALUES (?)", [(n,) for n in ("data analysis", "database design", "data mining", "python")])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Canary)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    probes = [Target("canary-GET-equal", "GET", "/canary", None, base + "/canary?name=python" + MARK, [("query", "name")]),
              Target("canary-POST-json", "POST", "/canary", None, base + "/canary", [("body", "id")], '{"id":2' + MARK + ',"name":"x' + MARK + '"}')]
    if level(args) >= 2:
        probes.append(Target("canary-GET-like", "GET", "/canary", None, base + "/canary?q=data" + MARK, [("query", "q")]))
    try:
        for t in probes:
            run_target(t, args, "SQLite", out)
    finally:
        server.shutdown()
    missed = [t.name for t in probes if not t.result["findings"]]
    if missed:
        log(f"sqlmap: the harness did not detect the canary's injections ({', '.join(missed)}); see {out}/canary-*/stdout.txt")
        return False
    log(f"sqlmap: canary injections detected ({', '.join(t.name for t in probes)})")
    return True


# --------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the platform's base URL, e.g. http://127.0.0.1:8080")
    parser.add_argument("--out", default="build/security/sqlmap")
    parser.add_argument("--full", action="store_true", help="level 3, risk 2, every technique (time-based too)")
    parser.add_argument("--dbms", default="SQLite", help="SQLite or PostgreSQL")
    parser.add_argument("--jobs", type=int, default=max(2, min(4, os.cpu_count() or 2)))
    parser.add_argument("--only", help="a regular expression on 'METHOD /path' (without /api/v1)")
    parser.add_argument("--level", type=int, help="override sqlmap's --level (short 1, full 3)")
    parser.add_argument("--risk", type=int, help="override sqlmap's --risk (short 1, full 2)")
    parser.add_argument("--time-sec", type=int, default=3)
    parser.add_argument("--target-timeout", type=int, default=0, help="seconds per target (default 600, full 3600)")
    parser.add_argument("--no-canary", action="store_true")
    args = parser.parse_args()
    args.target_timeout = args.target_timeout or (3600 if args.full else 600)
    os.makedirs(args.out, exist_ok=True)
    started = time.monotonic()

    if not args.no_canary and not canary(args, args.out):
        return 2

    client = Client(args.base)
    status, spec, _ = client.call("GET", "/openapi.json")
    if status != 200:
        raise SystemExit(f"openapi.json answered {status}")
    f = fixtures(client)
    targets, skipped = build_targets(client, spec, f, args.only)
    with open(os.path.join(args.out, "targets.json"), "w") as fh:
        json.dump([{"name": t.name, "method": t.method, "path": t.path, "as": t.token_name, "parameters": t.params,
                    "baseline": t.baseline, "note": t.note} for t in targets], fh, indent=1)
    parameters = sum(len(t.params) for t in targets)
    log(f"sqlmap: {len(targets)} targets, {parameters} parameters, {'full' if args.full else 'short'} mode, "
        f"dbms {args.dbms}, {args.jobs} at a time (output in {args.out}/)")
    done = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for t in pool.map(lambda t: run_target(t, args, args.dbms, args.out), targets):
            done += 1
            r = t.result
            state = "FINDING" if r["findings"] or r["suspects"] else ("ok" if r["complete"] else "INCOMPLETE")
            log(f"  [{done:3d}/{len(targets)}] {state:10s} {r['seconds']:6.1f}s {t.method} {t.path} "
                f"({len(t.params)} params{', ' + t.note if t.note else ''})")

    # Summary
    findings = [(t, annotate(t, x)) for t in targets for x in t.result["findings"]]
    suspects = [(t, x) for t in targets for x in t.result["suspects"]]
    incomplete = [t for t in targets if not t.result["complete"]]
    weak = [t for t in targets if t.baseline and t.baseline >= 300]
    errors500 = [(t, t.result["codes"][500]) for t in targets if 500 in t.result["codes"]]
    operations = len({(t.method, t.path) for t in targets})
    lines = []
    print = lines.append  # noqa: A001 - the summary goes to stdout and summary.txt
    print("")
    print(f"== sqlmap summary ({'full' if args.full else 'short'}: level {level(args)}, risk {risk(args)}, "
          f"techniques {'BEUSTQ' if args.full else 'BEU'}; "
          f"dbms {args.dbms}; {time.monotonic() - started:.0f} s)")
    print(f"operations tested: {operations} ({len(targets)} sqlmap targets); parameters marked: {parameters}; "
          f"parameters sqlmap tested: {sum(len(t.result['tested']) for t in targets)}")
    print(f"skipped operations: {len(skipped)}")
    for label, why in skipped:
        print(f"  - {label}: {why}")
    if weak:
        print(f"targets whose unaltered request is not a success ({len(weak)}; their parameters are only tested against that answer):")
        for t in weak:
            print(f"  - {t.method} {t.path}: {t.note}")
    if errors500:
        print("warnings: payloads provoked HTTP 500 answers (check the server log):")
        for t, count in errors500:
            print(f"  - {t.method} {t.path}: {count} times ({t.name})")
    if incomplete:
        print(f"INCOMPLETE targets ({len(incomplete)}): sqlmap did not finish them")
        for t in incomplete:
            why = "timed out" if t.result["timed_out"] else "; ".join(t.result["errors"][:2]) or "no verdict in its output"
            print(f"  - {t.method} {t.path} ({t.name}): {why}")
    discarded = [(t, x) for t in targets for x in t.result["discarded"]]
    if discarded:
        print("provisional detections sqlmap itself discarded as false positives or unexploitable (not findings):")
        for t, x in discarded:
            print(f"  - {t.method} {t.path} ({t.name}): {x}")
    print(f"findings: {len(findings) + len(suspects)}")
    for t, x in findings:
        print(f"  - INJECTABLE {t.method} {t.path} ({t.name}): {x}")
    for t, x in suspects:
        print(f"  - SUSPECT {t.method} {t.path} ({t.name}): {x}")
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    sys.stdout.flush()
    with open(os.path.join(args.out, "summary.txt"), "w") as fh:
        fh.write(text)
    with open(os.path.join(args.out, "summary.json"), "w") as fh:
        json.dump({"mode": "full" if args.full else "short", "dbms": args.dbms, "operations": operations, "targets": len(targets),
                   "parameters": parameters, "skipped": skipped,
                   "results": [{"name": t.name, "method": t.method, "path": t.path, "parameters": t.params, "baseline": t.baseline,
                                **t.result} for t in targets]}, fh, indent=1)
    if findings or suspects:
        return 1
    if incomplete:
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
