"""Signs in to a fresh platform with demo data and prints, as `export NAME=value` lines for
schemathesis.toml, the credentials and the real ids its operations are tested with.

Usage: prepare.py BASE_URL (e.g. http://127.0.0.1:18181)

Ids of the demo member's own data (a skill, a goal with a milestone, a plan with a phase and an
action, an experience, an education, a coach shared with) are read as they are; everything a
DELETE or a role change may destroy gets a throwaway of its own (a second skill, goal, plan,
experience, education, token, session and a signed-up account), so that a deletion that
succeeds early in the run does not leave every later request on that id at 404 and a role
change does not take rights from the accounts the run signs in with."""
import json
import shlex
import sys
import time
import urllib.error
import urllib.request

BASE = sys.argv[1].rstrip("/") + "/api/v1"
MEMBER = ("demo@careerops.local", "demo-careerops")
ADMIN = ("admin@careerops.local", "admin-careerops")
COACH = ("coach@careerops.local", "coach-careerops")


def call(method, path, token=None, body=None, expect=(200, 201, 202, 204)):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read().decode()
            status = response.status
    except urllib.error.HTTPError as error:
        text, status = error.read().decode(errors="replace"), error.code
    if status not in expect:
        sys.exit(f"prepare: {method} {path} answered {status}: {text[:400]}")
    return json.loads(text) if text.strip() else None


def mailed_token(address, path):
    """The token of the newest mail to `address` linking to `path`, from the development outbox
    (loopback only; mail goes nowhere else in development): followed as the person would."""
    for _ in range(100):
        with urllib.request.urlopen(BASE.removesuffix("/api/v1") + "/debug/outbox", timeout=10) as response:
            for mail in json.load(response)["items"]:
                marker = path + "?token="
                if mail["to"] == address and marker in mail["body"]:
                    return mail["body"].split(marker, 1)[1].split()[0]
        time.sleep(0.1)
    sys.exit(f"prepare: no mail to {address} linking {path}")


def join(email, token, organization, role, admin):
    """Membership is by invitation: the admin invites the address, its owner verifies it and accepts."""
    invitation = call("POST", f"/orgs/{organization}/members", admin, {"email": email, "role": role})
    call("POST", "/auth/verify-email", body={"token": mailed_token(email, "/auth/verify-email")})
    call("POST", f"/me/invitations/{invitation['id']}/accept", token)


def login(credentials):
    return call("POST", "/auth/login", body={"email": credentials[0], "password": credentials[1]})["access_token"]


def first(items, what):
    if not items:
        sys.exit(f"prepare: the demo data has no {what}")
    return items[0]


def main():
    member = login(MEMBER)
    admin = login(ADMIN)
    out = {}

    # Long-lived credentials: a run takes longer than an access token lives (15 minutes).
    def personal_token(access, name):
        return call("POST", "/me/tokens", access, {"name": name, "scopes": ["read", "write"], "expires_in_days": 2})["token"]

    out["ST_TOKEN"] = personal_token(member, "schemathesis")
    out["ST_ADMIN_TOKEN"] = personal_token(admin, "schemathesis-admin")

    me = call("GET", "/me", member)
    out["ST_USER_ID"] = me["id"]
    out["ST_ORG_ID"] = first(me["organizations"], "organization of the demo member")["id"]

    # The demo member's own data, read as it is.
    skills = call("GET", "/users/me/skills?limit=100", member)["items"]
    out["ST_SKILL_ID"] = first(skills, "skill")["id"]
    goals = call("GET", "/users/me/goals?limit=100", member)["items"]
    goal = first([g for g in goals if g.get("milestones")], "goal with milestones")
    out["ST_GOAL_ID"] = goal["id"]
    out["ST_MILESTONE_ID"] = goal["milestones"][0]["id"]
    plans = call("GET", "/users/me/plans?limit=100", member)["items"]
    plan = call("GET", f"/users/me/plans/{first(plans, 'plan')['id']}", member)
    phase = first([p for p in plan.get("phases", []) if p.get("actions")], "plan phase with actions")
    out["ST_PLAN_ID"], out["ST_PHASE_ID"], out["ST_ACTION_ID"] = plan["id"], phase["id"], phase["actions"][0]["id"]
    profile = call("GET", "/users/me/profile", member)
    out["ST_EXPERIENCE_ID"] = first(profile.get("experiences", []), "experience")["id"]
    out["ST_EDUCATION_ID"] = first(profile.get("educations", []), "education")["id"]
    # The demo coach, shared with (again, should an earlier run have stopped sharing).
    out["ST_COACH_ID"] = call("GET", "/me", login(COACH))["id"]
    call("PUT", f"/me/shares/{out['ST_COACH_ID']}", member)
    opportunities = call("GET", "/opportunities?limit=100", member)["items"]
    out["ST_OPPORTUNITY_ID"] = first(opportunities, "opportunity")["id"]
    # Catalog entries, for the fields that must name one (the document cannot list the catalog).
    out["ST_SKILL_URI"] = first([s["uri"] for s in skills if not s.get("is_custom") and s.get("uri")], "catalog skill of the demo member")
    occupation = first([o["occupation"] for o in opportunities if o.get("occupation")], "opportunity with an occupation")
    out["ST_OCCUPATION_URI"], out["ST_OCCUPATION_LABEL"] = occupation["uri"], occupation["label"]
    out["ST_RESOURCE_ID"] = first(call("GET", "/learning-resources?limit=1", member)["items"], "learning resource")["id"]

    # Throwaways for what DELETE, role changes and membership changes may destroy.
    stamp = str(int(time.time() * 1000))
    out["ST_VICTIM_SKILL_ID"] = call("POST", "/users/me/skills", member, {"name": f"schemathesis skill {stamp}", "level": 2})["id"]
    victim_goal = call("POST", "/users/me/goals", member, {"title": f"schemathesis goal {stamp}", "milestones": [{"title": "one"}, {"title": "two"}]})
    out["ST_VICTIM_GOAL_ID"] = victim_goal["id"]
    out["ST_VICTIM_MILESTONE_ID"] = victim_goal["milestones"][0]["id"]
    victim_plan = call("POST", "/users/me/plans", member, {"title": f"schemathesis plan {stamp}", "phases": [
        {"title": "one", "actions": [{"kind": "learn", "title": "a"}, {"kind": "learn", "title": "b"}]}, {"title": "two"}]})
    out["ST_VICTIM_PLAN_ID"] = victim_plan["id"]
    out["ST_VICTIM_PHASE_ID"] = victim_plan["phases"][-1]["id"]
    out["ST_VICTIM_ACTION_ID"] = victim_plan["phases"][0]["actions"][0]["id"]
    out["ST_VICTIM_EXPERIENCE_ID"] = call("POST", "/users/me/experiences", member, {"title": "Tester", "employer": "Schemathesis", "started_on": "2020-01-01"})["id"]
    out["ST_VICTIM_EDUCATION_ID"] = call("POST", "/users/me/educations", member, {"institution": "Schemathesis University"})["id"]
    # A token and a session of the member other than the ones the run uses.
    victim_token = call("POST", "/me/tokens", member, {"name": "victim", "scopes": ["read"], "expires_in_days": 1})
    out["ST_VICTIM_TOKEN_ID"] = victim_token.get("id") or victim_token.get("details", {}).get("id")
    login(MEMBER)
    sessions = call("GET", "/me/sessions", member)["items"]
    out["ST_VICTIM_SESSION_ID"] = first([s for s in sessions if not s.get("current")], "second session")["id"]
    # Accounts of nobody's, members of the demo member's organization: the targets of role and
    # team changes, and (another one, so that the first stays a member) of removal.
    def throwaway_member(name):
        email = f"schemathesis-{name}-{stamp}@example.com"
        token = call("POST", "/auth/signup", body={"email": email, "password": "schemathesis-victim-1", "name": name})["access_token"]
        join(email, token, out['ST_ORG_ID'], "member", admin)
        return email, call("GET", "/me", token)["id"]

    out["ST_VICTIM_EMAIL"], out["ST_VICTIM_USER_ID"] = throwaway_member("victim")
    _, out["ST_REMOVED_USER_ID"] = throwaway_member("removed")
    out["ST_TEAM_ID"] = call("POST", f"/orgs/{out['ST_ORG_ID']}/teams", admin, {"name": f"schemathesis {stamp}"})["id"]

    for name, value in out.items():
        if not value:
            sys.exit(f"prepare: no value for {name}")
        print(f"export {name}={shlex.quote(value)}")


if __name__ == "__main__":
    main()
