"""Schemathesis hooks for tests/security/schemathesis.toml: what the OpenAPI document cannot say.

- application/zip bodies (POST /api/v1/users/{user}/imports/linkedin, LinkedIn's export archive)
  are sent as raw bytes, like application/octet-stream: Schemathesis has no serializer of its own
  for them. The handler must answer anything that is no readable archive with a 4xx.
- Idempotency-Key: a client sends a new key for each new request; reusing one with another body
  is answered 422 on purpose (draft-ietf-httpapi-idempotency-key-header). Schemathesis draws the
  same few values over and over, so a well-formed key is made unique per request; a malformed
  one is left as drawn, so that its rejection is still tested.
- The analytics reports (and a member's progress) cover `from`..`to`, at most 731 days and not
  backwards, `to` defaulting to today and `from` to 89 days before `to`: a rule across two
  parameters that OpenAPI cannot state, so drawn ranges that break it are not sent.
- Body fields that must name an entry of the ESCO catalog (skills, occupations: about 16,000,
  which the document cannot list) get a real one from the demo data (ST_SKILL_URI,
  ST_OCCUPATION_URI), like the path ids in the config; adding an organization member names a
  real account (ST_VICTIM_EMAIL). Only well-typed values are replaced, so that a wrong type is
  still sent as drawn.
- Passwords that are on the shipped list of leaked passwords are refused (422) at sign-up, reset
  and change; the list (about 20,000 entries) cannot be in the document, so drawn passwords on it
  are not sent.
"""
import datetime
import gzip
import os
import re
import uuid

import schemathesis

schemathesis.serializer.alias("application/zip", "application/octet-stream")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VALID_KEY = re.compile(r"^[!-~]{1,200}$")


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() == "idempotency-key" and isinstance(headers[name], str) and VALID_KEY.match(headers[name]):
            headers[name] = uuid.uuid4().hex


REPORTS = re.compile(r"^/api/v1/(analytics/reports/[a-z]+|users/\{user\}/progress)$")
LONGEST = 731


def _day(text):
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text) if isinstance(text, str) and len(text) == 10 else False
    except ValueError:
        return False


def _range_is_valid(query):
    start, end = _day(query.get("from")), _day(query.get("to"))
    if start is False or end is False:
        return True  # malformed: a negative case, let it through
    end = end or datetime.date.today()
    start = start or end - datetime.timedelta(days=89)
    return start <= end and (end - start).days < LONGEST


_common = None


def _common_passwords():
    global _common
    if _common is None:
        path = os.path.join(ROOT, "Sources/App/Resources/common-passwords.txt.gz")
        with gzip.open(path, "rt", encoding="utf-8") as file:
            _common = {line.strip().lower() for line in file if line.strip()}
    return _common


SKILL_FIELDS = {"target_skill_uri", "skill_uri"}
OCCUPATION_FIELDS = {"occupation_uri", "target_occupation_uri"}


def _catalog(value, parent=None):
    """Real catalog URIs into the fields that must name one, at any depth of a JSON body: the
    skill's `uri` of POST …/skills (top level) and of an opportunity's `skills[]`, `skill_uri`,
    `target_skill_uri`, `skill_uris[]`, `occupation_uri` and `target_occupation_uri`."""
    skill, occupation = os.environ.get("ST_SKILL_URI"), os.environ.get("ST_OCCUPATION_URI")
    if not skill or not occupation:
        return value
    if isinstance(value, list):
        return [skill if parent == "skill_uris" and isinstance(item, str) else _catalog(item, parent) for item in value]
    if not isinstance(value, dict):
        return value
    result = {}
    for key, item in value.items():
        if isinstance(item, str) and (key in SKILL_FIELDS or (key == "uri" and parent in (None, "skills"))):
            item = skill
        elif isinstance(item, str) and key in OCCUPATION_FIELDS:
            item = occupation
        else:
            item = _catalog(item, key)
        result[key] = item
    return result


@schemathesis.hook
def map_case(ctx, case):
    if isinstance(case.body, (dict, list)) and case.media_type and "json" in case.media_type:
        case.body = _catalog(case.body)
        email = os.environ.get("ST_VICTIM_EMAIL")
        if (case.operation.method.upper() == "POST" and case.operation.path == "/api/v1/orgs/{org}/members" and email
                and isinstance(case.body, dict) and isinstance(case.body.get("email"), str) and "@" in case.body["email"]):
            case.body["email"] = email
    return case


@schemathesis.hook
def filter_case(ctx, case):
    operation = case.operation
    if REPORTS.match(operation.path) and isinstance(case.query, dict):
        if not _range_is_valid(case.query):
            return False
    if isinstance(case.body, dict):
        for field in ("password", "new_password"):
            value = case.body.get(field)
            if isinstance(value, str) and value.lower() in _common_passwords():
                return False
        # Rules between two fields, which JSON Schema cannot state: an end not before its start,
        # a maximum salary not below the minimum. (Each is tested by the suite's own tests.)
        if _before(case.body, "ended_on", "started_on"):
            return False
        for low, high in (("salary_min_yearly", "salary_max_yearly"),):
            for holder in (case.body, case.body.get("preferences")):
                if isinstance(holder, dict) and _number(holder.get(low)) and _number(holder.get(high)) and holder[high] < holder[low]:
                    return False
    return True


def _number(value):
    """A JSON number (an integral 10.0 is an integer to JSON Schema, and to the handlers)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _before(body, end, start):
    """Whether `end` is a date before `start` in the body (both well-formed dates)."""
    values = body.get(end), body.get(start)
    if not all(isinstance(value, str) and len(value) == 10 for value in values):
        return False
    return values[0] < values[1]
