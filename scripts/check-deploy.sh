#!/usr/bin/env bash
# Validates the deployment files in deploy/: the Kubernetes manifests against the API schemas
# (kubernetes-validate, PyPI, --strict: unknown fields fail), the Prometheus configuration and
# alert rules with promtool (Debian's prometheus package) and the rules' unit tests, the
# compose file's and Grafana dashboard's structure, and the Dockerfile's stages.
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
