#!/usr/bin/env bash
# Validates the deployment files in deploy/: the Kubernetes manifests against the API schemas
# (kubernetes-validate, PyPI, --strict: unknown fields fail), the Prometheus configuration and
# alert rules with promtool (Debian's prometheus package) and the rules' unit tests, the
# compose file's and Grafana dashboard's structure, and the Dockerfile's stages; and that the
# manifests and the compose file are safe by default: TRUSTED_PROXIES set for API instances a
# balancer sits in front of, never 0.0.0.0/0 or ::/0, and ADMIN_ALLOWED_CIDRS narrow.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v kubernetes-validate >/dev/null; then
  echo "check-deploy: installing kubernetes-validate (PyPI)"
  python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore kubernetes-validate
fi
if ! command -v promtool >/dev/null; then
  if [[ $(id -u) -ne 0 ]]; then echo "check-deploy: please install prometheus (for promtool)" >&2; exit 1; fi
  echo "check-deploy: installing promtool (Debian's prometheus package)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
echo "== Kubernetes manifests"
kubernetes-validate --strict --quiet deploy/k8s/*.yaml && echo "  $(ls deploy/k8s/*.yaml | wc -l) files valid"
echo "== Prometheus configuration and alert rules"
(cd deploy/prometheus && promtool check config prometheus.yml && promtool test rules alerts.test.yml)
echo "== compose file, Grafana dashboard, Dockerfile"
python3 - <<'PY'
import json, os, re, sys, yaml
problems = []
compose = yaml.safe_load(open("deploy/docker-compose.yml"))
for name in ["api-1", "api-2", "worker", "postgres", "redis", "prometheus", "grafana"]:
    if name not in compose["services"]:
        problems.append(f"docker-compose.yml: no service {name}")
for name, service in compose["services"].items():
    for volume in service.get("volumes", []):
        source = volume.split(":")[0]
        if source.startswith(".") and not os.path.exists(os.path.join("deploy", source)):
            problems.append(f"docker-compose.yml: {name} mounts {source}, which does not exist")
dashboard = json.load(open("deploy/grafana/careerops.json"))
if not dashboard.get("panels"):
    problems.append("careerops.json: no panels")
for panel in dashboard["panels"]:
    for target in panel["targets"]:
        if "careerops_" not in target["expr"] and "up{" not in target["expr"]:
            problems.append(f"careerops.json: panel {panel['title']!r} reads no CareerOps metric")
dockerfile = open("deploy/Dockerfile").read()
stages = re.findall(r"^FROM\s+\S+\s+AS\s+(\w+)", dockerfile, re.M)
if len(stages) < 2:
    problems.append("Dockerfile: expected a build stage and a runtime stage")
runtime = dockerfile.split("AS runtime", 1)[-1]
user = re.findall(r"^USER\s+(\S+)", runtime, re.M)
if not user or user[-1].split(":")[0] in ("0", "root"):
    problems.append("Dockerfile: the runtime stage must run as a non-root USER")
for source in re.findall(r"^COPY\s+(?!--from)(?:--\S+\s+)*(\S+)\s", dockerfile, re.M):
    if not os.path.exists(source):
        problems.append(f"Dockerfile: COPY {source}: no such path")
for problem in problems:
    print("  " + problem)
if problems:
    sys.exit(1)
print(f"  compose: {len(compose['services'])} services; dashboard: {len(dashboard['panels'])} panels; Dockerfile: stages {', '.join(stages)}")
PY
echo "== proxy and admin settings (TRUSTED_PROXIES, ADMIN_ALLOWED_CIDRS)"
python3 - <<'PY'
# Reads every Kubernetes manifest and the compose file and checks, for each API instance (a
# `serve` whose roles, from --roles, CAREEROPS_ROLES or the default api,worker, include api):
#  - ADMIN_ALLOWED_CIDRS holds no network wider than /24 (IPv4) or /64 (IPv6) but loopback;
#  - where a balancer sits in front (an Ingress routing to it, or HAProxy and the like in the
#    compose file), TRUSTED_PROXIES is set and not empty;
#  - TRUSTED_PROXIES never holds 0.0.0.0/0 or ::/0 (whatever is trusted can name any client).
# The two settings are checked wherever they appear (ConfigMaps, Secrets, env, compose).
import base64, glob, ipaddress, re, sys, yaml

SETTINGS = ("ADMIN_ALLOWED_CIDRS", "TRUSTED_PROXIES")
MAPPED = ipaddress.ip_network("::ffff:0:0/96")
LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))
problems = {}  # message -> the places it was found, so a value shared by several is told once

def report(where, message):
    problems.setdefault(message, []).append(where)

def networks(where, setting, value):
    """The networks in a comma-separated setting as the platform reads them (host bits allowed,
    a bare address is one host); an IPv4-mapped IPv6 network is read as the IPv4 one it covers."""
    found = []
    for entry in (value or "").split(","):
        entry = entry.strip()
        if not entry:
            continue
        try:
            network = ipaddress.ip_network(entry, strict=False)
        except ValueError:
            report(where, f"{setting}: {entry!r} is not a network (the platform would refuse to start)")
            continue
        if network.version == 6 and network.prefixlen >= 96 and network.subnet_of(MAPPED):
            network = ipaddress.ip_network((int(network.network_address) & 0xFFFFFFFF, network.prefixlen - 96))
        found.append((entry, network))
    return found

def check_settings(where, env):
    """The two settings' values in one place (a workload's environment, a ConfigMap…)."""
    if "ADMIN_ALLOWED_CIDRS" in env:
        for entry, network in networks(where, "ADMIN_ALLOWED_CIDRS", env["ADMIN_ALLOWED_CIDRS"]):
            if any(network.version == loop.version and network.subnet_of(loop) for loop in LOOPBACK):
                continue
            widest = 24 if network.version == 4 else 64
            if network.prefixlen < widest:
                report(where, f"ADMIN_ALLOWED_CIDRS holds {entry}, wider than /{widest}: name the operators' "
                              f"network alone (a /32 or a small range) or leave it to loopback")
    if "TRUSTED_PROXIES" in env:
        for entry, network in networks(where, "TRUSTED_PROXIES", env["TRUSTED_PROXIES"]):
            if network.prefixlen == 0:
                report(where, f"TRUSTED_PROXIES holds {entry}: every peer could name any client in "
                              f"X-Forwarded-For; name the balancers' addresses")

def runs_api(command, env):
    """Whether this command line serves the api role."""
    command = [str(part) for part in command or []]
    if "serve" not in command:
        return False
    roles = env.get("CAREEROPS_ROLES") or "api,worker"
    for index, part in enumerate(command):
        if part == "--roles" and index + 1 < len(command):
            roles = command[index + 1]
        elif part.startswith("--roles="):
            roles = part.split("=", 1)[1]
    return "api" in [role.strip() for role in roles.split(",")]

# --- Kubernetes -----------------------------------------------------------------------------
documents = []
for path in sorted(glob.glob("deploy/k8s/*.yaml")):
    for document in yaml.safe_load_all(open(path)):
        if isinstance(document, dict) and document.get("kind"):
            documents.append((path.split("/")[-1], document))

def key(document):
    return (document["metadata"].get("namespace", "default"), document["metadata"]["name"])

config_maps = {key(d): {k: str(v) for k, v in (d.get("data") or {}).items()} for _, d in documents if d["kind"] == "ConfigMap"}
secrets = {}
for _, d in documents:
    if d["kind"] == "Secret":
        values = {k: base64.b64decode(v).decode() for k, v in (d.get("data") or {}).items()}
        values.update({k: str(v) for k, v in (d.get("stringData") or {}).items()})
        secrets[key(d)] = values
for (namespace, name), values in config_maps.items():
    check_settings(f"k8s ConfigMap {name}", values)
for (namespace, name), values in secrets.items():
    check_settings(f"k8s Secret {name}", values)

def pod_template(document):
    kind = document["kind"]
    if kind == "Pod":
        return document
    if kind in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"):
        return document["spec"]["template"]
    if kind == "CronJob":
        return document["spec"]["jobTemplate"]["spec"]["template"]
    return None

workloads = []  # (file, document, namespace, pod labels, [(container name, env, serves api)])
for path, d in documents:
    template = pod_template(d)
    if template is None:
        continue
    namespace = d["metadata"].get("namespace", "default")
    containers = []
    for container in template["spec"].get("containers", []):
        env, own = {}, {}  # own: set in the container itself (ConfigMaps and Secrets are checked above)
        for source in container.get("envFrom", []):
            prefix = source.get("prefix", "")
            if "configMapRef" in source:
                values = config_maps.get((namespace, source["configMapRef"]["name"]))
            else:
                values = secrets.get((namespace, source["secretRef"]["name"]))
            if values is None:
                report(f"{path}: {d['metadata']['name']}", f"envFrom names {source}, which no manifest defines")
                continue
            env.update({prefix + k: v for k, v in values.items()})
        for variable in container.get("env", []):
            if "value" in variable:
                env[variable["name"]] = own[variable["name"]] = str(variable["value"])
            elif "valueFrom" in variable:
                ref = variable["valueFrom"].get("configMapKeyRef") or variable["valueFrom"].get("secretKeyRef")
                table = config_maps if "configMapKeyRef" in variable["valueFrom"] else secrets
                if ref and (namespace, ref["name"]) in table and ref["key"] in table[(namespace, ref["name"])]:
                    env[variable["name"]] = table[(namespace, ref["name"])][ref["key"]]
                elif variable["name"] in SETTINGS:
                    report(f"{path}: {d['metadata']['name']}", f"{variable['name']} comes from a reference no manifest resolves")
        where = f"k8s {d['kind']} {d['metadata']['name']} ({path}), container {container['name']}"
        check_settings(where, {k: v for k, v in own.items() if k in SETTINGS})
        containers.append((where, env, runs_api((container.get("command") or []) + (container.get("args") or []), env)))
    workloads.append((path, d, namespace, (template.get("metadata") or {}).get("labels") or {}, containers))

k8s_services = {key(d): d for _, d in documents if d["kind"] == "Service"}
for path, ingress in [(p, d) for p, d in documents if d["kind"] == "Ingress"]:
    namespace = ingress["metadata"].get("namespace", "default")
    backends = []
    if ingress["spec"].get("defaultBackend", {}).get("service"):
        backends.append(ingress["spec"]["defaultBackend"]["service"]["name"])
    for rule in ingress["spec"].get("rules", []):
        for route in (rule.get("http") or {}).get("paths", []):
            if route.get("backend", {}).get("service"):
                backends.append(route["backend"]["service"]["name"])
    for name in sorted(set(backends)):
        service = k8s_services.get((namespace, name))
        if service is None:
            report(path, f"Ingress {ingress['metadata']['name']} routes to Service {name}, which no manifest defines")
            continue
        selector = service["spec"].get("selector") or {}
        behind = [w for w in workloads if w[2] == namespace and selector and all(w[3].get(k) == v for k, v in selector.items())]
        if not any(api for w in behind for _, _, api in w[4]):
            report(path, f"Ingress {ingress['metadata']['name']} routes to Service {name}, which selects no API pods")
        for _, _, _, _, containers in behind:
            for where, env, api in containers:
                if api and not env.get("TRUSTED_PROXIES", "").strip():
                    report(where, f"behind Ingress {ingress['metadata']['name']} but TRUSTED_PROXIES is unset: set it "
                                  f"to the ingress controller's addresses, or every client is the controller and shares its "
                                  f"rate limits and admin allow-list")

# --- compose --------------------------------------------------------------------------------
def interpolate(value):
    """Compose's ${VAR:-default} / ${VAR-default} as their defaults; None when a ${VAR} has none."""
    unresolved = False
    def default(match):
        nonlocal unresolved
        if match.group(2) is None:
            unresolved = True
            return ""
        return match.group(2)
    text = re.sub(r"\$\{(\w+)(?::?-([^}]*))?\}", default, str(value))
    return None if unresolved else text

BALANCERS = ("haproxy", "nginx", "traefik", "envoy", "caddy")
compose = yaml.safe_load(open("deploy/docker-compose.yml"))
services = compose.get("services") or {}
def image(service):
    build = service.get("build")
    return " ".join([str(service.get("image", "")), str(build.get("dockerfile", "") if isinstance(build, dict) else build or "")]).lower()
balancers = [name for name, service in services.items() if any(b in name.lower() or b in image(service) for b in BALANCERS)]
for name, service in services.items():
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) if "=" in item else (item, "") for item in environment)
    env = {}
    for variable, value in environment.items():
        resolved = interpolate("" if value is None else value)
        if resolved is None and variable in SETTINGS:
            report(f"docker-compose.yml: service {name}", f"{variable} comes from a variable without a default; give it a safe default")
        env[variable] = resolved or ""
    where = f"docker-compose.yml: service {name}"
    check_settings(where, {k: v for k, v in env.items() if k in SETTINGS})
    command = service.get("command") or []
    if isinstance(command, str):
        command = command.split()
    if balancers and runs_api(command, env) and not env.get("TRUSTED_PROXIES", "").strip():
        report(where, f"{', '.join(balancers)} sits in front but TRUSTED_PROXIES is unset: set it to the "
                      f"balancer's address, or every client is the balancer")

for message, places in problems.items():
    print(f"  {'; '.join(places)}: {message}")
if problems:
    sys.exit(1)
apis = sum(1 for w in workloads for _, _, api in w[4] if api)
print(f"  k8s: {apis} API container(s) checked; compose: {len(services)} services, balancer: {', '.join(balancers) or 'none'}; "
      f"admin networks narrow, TRUSTED_PROXIES set where a balancer is in front")
PY
