#!/usr/bin/env python3
"""Builds Sources/App/Resources/technologies.csv, the technology vocabulary: tools, languages,
platforms and methods by their own names, each with its aliases and linked to the ESCO skill it
belongs under (see NOTICE, section 1c).

Two parts:
  * mined from ESCO: the alternative labels of an ESCO skill that is not itself a tool ("use
    spreadsheets software", "computer programming", "graphics editor software") which are product
    names ("Google Sheets", "Fortran", "Inkscape"). ESCO files these under the broader concept;
    here each becomes a technology of its own under it. Source: "ESCO alternative label".
  * curated here, below: tools ESCO does not name as labels (Kubernetes, Terraform, React, Jira...),
    each linked by hand to the ESCO skill it belongs under. Where ESCO's description of that skill
    names the tool ("Oversee tools, such as VMware, kvm, Xen, Docker, Kubernetes"), the source says
    so; otherwise the link is CareerOps' own.

A name ESCO already has as a label of a skill that is itself the tool ("PostgreSQL", "Python
(computer programming)", "Jenkins (...)") is left out: the catalog has it already.

Columns: name, aliases ("|" between), concept_uri, concept_label, context, source. `context` is 1
when the name is also an everyday word ("Go", "Excel", "Spring"): the analyser then counts it only
when written with its capital and when the text is about computing (see SkillPhraseIndex).

    python3 scripts/build-technologies.py   # reads the bundled ESCO skills, writes the CSV
"""
import csv
import gzip
import io
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SKILLS = os.path.join(ROOT, "Sources/App/Resources/esco/skills_en.csv.gz")
OUT = os.path.join(ROOT, "Sources/App/Resources/technologies.csv")

# name | aliases (;) | ESCO skill it belongs under (preferred label) | flags (c: needs context, d: named in that skill's ESCO description)
CURATED = """
Docker|Docker Engine;Dockerfile;Docker Compose|manage ICT virtualisation machines|d
Kubernetes|K8s;k8s;Kubernetes cluster;EKS;AKS;GKE;OpenShift|manage ICT virtualisation machines|d
VMware|VMware vSphere;vSphere;ESXi|manage ICT virtualisation machines|d
Xen|Xen hypervisor|manage ICT virtualisation machines|d
KVM|QEMU|manage ICT virtualisation machines|
Podman||manage ICT virtualisation machines|
Helm|Helm charts|manage ICT virtualisation machines|c
Amazon Web Services|AWS;Amazon AWS;EC2;Amazon EC2;S3;Amazon S3;AWS Lambda;Lambda functions;CloudFormation|develop with cloud services|
Microsoft Azure|Azure;Azure DevOps;Azure Functions|develop with cloud services|
Google Cloud Platform|GCP;Google Cloud;BigQuery;Google BigQuery|develop with cloud services|
Terraform|HashiCorp Terraform;Terraform Cloud|design cloud architecture|
Pulumi||design cloud architecture|
Ansible||tools for software configuration management|
Git|GitHub;GitLab;Bitbucket;Git flow|tools for software configuration management|
GitHub Actions||DevOps|
GitLab CI|GitLab CI/CD|DevOps|
CircleCI||DevOps|
Travis CI||DevOps|
Argo CD|ArgoCD|DevOps|
Prometheus||cloud monitoring and reporting|c
Grafana||cloud monitoring and reporting|
Datadog||cloud monitoring and reporting|
Splunk||cloud monitoring and reporting|
New Relic||cloud monitoring and reporting|
Elasticsearch|Elastic Stack;ELK;ELK stack;Kibana;Logstash;OpenSearch|NoSQL|
Redis||NoSQL|
MongoDB|Mongo|NoSQL|
Cassandra|Apache Cassandra|NoSQL|c
DynamoDB|Amazon DynamoDB|NoSQL|
Neo4j||NoSQL|
Snowflake|Snowflake Data Cloud|data warehouse|c
Amazon Redshift|Redshift|data warehouse|
Databricks||analyse big data|
Apache Spark|Spark;PySpark;Spark SQL|analyse big data|c
Apache Kafka|Kafka;Kafka Streams;Confluent Kafka|ICT system integration|
RabbitMQ||ICT system integration|
Apache Airflow|Airflow|data extraction, transformation and loading tools|c
dbt|data build tool|data extraction, transformation and loading tools|
Apache Flink|Flink|analyse big data|
Tableau||deliver visual presentation of data|
Power BI|PowerBI;Microsoft Power BI|business intelligence|
Looker|Looker Studio;Google Data Studio|business intelligence|c
Qlik|QlikView;Qlik Sense|business intelligence|
Alteryx||perform data analysis|
React|React.js;ReactJS;React Native|JavaScript Framework|c
Angular|Angular 2;Angular.js|JavaScript Framework|c
Vue.js|Vue;VueJS;Nuxt;Nuxt.js|JavaScript Framework|
Svelte|SvelteKit|JavaScript Framework|
Next.js|NextJS|JavaScript Framework|
Node.js|Node;NodeJS;Express.js;ExpressJS|JavaScript Framework|
jQuery||JavaScript Framework|
Redux||JavaScript Framework|
Tailwind CSS|Tailwind;TailwindCSS|web programming|
Bootstrap|Twitter Bootstrap|web programming|c
HTML|HTML5;XHTML|use markup languages|
GraphQL||query languages|
REST APIs|REST;RESTful;REST API;RESTful APIs;OpenAPI;Swagger|design application interfaces|
gRPC|Protocol Buffers;protobuf|design application interfaces|
Go|Golang|computer programming|c
Rust||computer programming|c
Kotlin||computer programming|
Scala||computer programming|
Dart|Flutter|mobile device software frameworks|c
Swift UI|SwiftUI|mobile device software frameworks|
Bash|Shell scripting;shell scripts;Zsh|use scripting programming|
Django|Django REST framework|software frameworks|
Flask||software frameworks|c
FastAPI||software frameworks|
Spring|Spring Boot;Spring Framework;Spring MVC|software frameworks|c
Ruby on Rails|Rails|software frameworks|c
Laravel||software frameworks|
Symfony||software frameworks|
.NET Core|ASP.NET Core;.NET;dotnet;Entity Framework|software frameworks|
Hibernate||software frameworks|
pandas||use software libraries|c
NumPy||use software libraries|
SciPy||use software libraries|
scikit-learn|sklearn;scikit learn|machine learning|
TensorFlow|Tensorflow;tf.keras|machine learning|
PyTorch|Torch|machine learning|
Keras||machine learning|
XGBoost|LightGBM|machine learning|
Hugging Face|Hugging Face Transformers|natural language processing|
spaCy||natural language processing|
NLTK||natural language processing|
Jupyter|Jupyter Notebook;JupyterLab|use software libraries|
Jest||develop automated software tests|c
JUnit||develop automated software tests|
pytest||develop automated software tests|
Cypress||tools for ICT test automation|c
Playwright||tools for ICT test automation|c
Postman||ICT debugging tools|c
Linux|GNU/Linux;Ubuntu;Debian;Red Hat Enterprise Linux;RHEL;CentOS|use digital device operating systems|
Microsoft Windows Server|Windows Server|use digital device operating systems|
macOS|Mac OS|use digital device operating systems|
Nginx|NGINX|ICT infrastructure|
Apache HTTP Server|Apache httpd|ICT infrastructure|
Active Directory|Azure AD;Entra ID;LDAP|ICT infrastructure|
Jira|JIRA;Atlassian Jira;Jira Software|use online tools to collaborate|
Confluence|Atlassian Confluence|use online tools to collaborate|c
Slack||use online tools to collaborate|c
Microsoft Teams|MS Teams|use online tools to collaborate|
Zoom||use online tools to collaborate|c
Asana||use online tools to collaborate|c
Notion||use online tools to collaborate|c
Miro||use online tools to collaborate|
Trello||use personal organization software|
Monday.com||use personal organization software|
Microsoft Project|MS Project|ICT project management methodologies|
Scrum|Scrum master;Scrum framework|ICT project management methodologies|
Kanban||ICT project management methodologies|
SAFe|Scaled Agile Framework|Agile project management|
Lean Six Sigma|Six Sigma|Lean project management|
ITIL|ITIL v4;ITIL 4|apply operations for an ITIL-based environment|
ServiceNow||apply operations for an ITIL-based environment|
Microsoft Excel|Excel;MS Excel;VLOOKUP;pivot tables;Excel macros|use spreadsheets software|c
Microsoft Word|MS Word;Word|use word processing software|c
Microsoft PowerPoint|PowerPoint;MS PowerPoint|use presentation software|
Microsoft Outlook|Outlook;MS Outlook|use personal organization software|c
Microsoft Office|MS Office;Office 365;Microsoft 365|office software|
Google Workspace|G Suite;Google Docs;Google Drive|office software|
Salesforce|Salesforce CRM;Salesforce.com|use customer relationship management software|
HubSpot|HubSpot CRM|use customer relationship management software|
Microsoft Dynamics|Dynamics 365;Microsoft Dynamics 365|use customer relationship management software|
Zendesk||use customer relationship management software|
SAP|SAP ERP;SAP S/4HANA;S/4HANA;SAP FICO;SAP HANA|manage standard enterprise resource planning system|
Oracle E-Business Suite|Oracle EBS;Oracle ERP;Oracle NetSuite;NetSuite|manage standard enterprise resource planning system|
Workday||manage standard enterprise resource planning system|c
QuickBooks|QuickBooks Online|use accounting systems|
Xero||use accounting systems|
Sage|Sage 50;Sage Intacct|use accounting systems|c
IFRS|International Financial Reporting Standards;IFRS 9;IFRS 15;IFRS 16|international financial reporting standards|
US GAAP|GAAP;Generally Accepted Accounting Principles|accounting|
Epic|Epic Systems;Epic EHR|use electronic health records management system|c
Cerner|Oracle Cerner|use electronic health records management system|
Meditech||use electronic health records management system|
Revit|Autodesk Revit|use CAD software|
SolidWorks|SOLIDWORKS|use CAD software|
CATIA||use CAD software|
Fusion 360|Autodesk Fusion 360|use CAD software|
SketchUp||use CAD software|
Figma||design user interface|
Sketch||design user interface|c
Adobe XD||design user interface|
InVision||design user interface|
Adobe InDesign|InDesign|graphics editor software|
Adobe Premiere Pro|Premiere Pro|graphics editor software|
Canva||graphics editor software|
Google Analytics|GA4|web analytics|
Google Ads|AdWords;Google AdWords|digital marketing techniques|
SEMrush|Semrush;Ahrefs|search engine optimisation|
Mailchimp||digital marketing techniques|
WordPress||web programming|
Shopify||web programming|
Visual Studio Code|VS Code;VSCode|integrated development environment software|
IntelliJ IDEA|IntelliJ;PyCharm;WebStorm|integrated development environment software|
Eclipse IDE||integrated development environment software|
Wireshark||ICT network security risks|
Burp Suite||penetration testing tool|
OWASP Top 10||ICT network security risks|
SIEM|Security information and event management|ICT network security risks|
Cisco IOS|Cisco networking;CCNA;CCNP|ICT infrastructure|
Oracle SQL Developer||use databases|
SQLite||database management systems|
MariaDB||database management systems|
Microsoft SQL Server Management Studio|SSMS|use databases|
OLAP cubes||online analytical processing|
R Studio|RStudio|statistical analysis system software|
SPSS|IBM SPSS;SPSS Statistics|statistical analysis system software|
Stata||statistical analysis system software|
MATLAB|Matlab;Simulink|computer programming|
Unity|Unity3D;Unity 3D|integrated development environment software|c
Unreal Engine|Unreal|integrated development environment software|
"""


def read_skills():
    with gzip.open(SKILLS, "rt", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def short(label):
    return re.sub(r"\s*\([^)]*\)", "", label).strip()


def words(text):
    return re.findall(r"[a-z0-9]+", text.lower())


def product_name(label):
    """A product's name, as ESCO writes tools among a concept's alternative labels: every word
    capitalised (or a digit), at most four words, not an acronym (which abbreviates the concept)."""
    parts = label.split()
    if not 1 <= len(parts) <= 4 or re.fullmatch(r"[A-Z0-9&+\-./]+s?", label):
        return False
    return all(part[0].isupper() or part[0].isdigit() for part in parts) and not label.endswith(",")


def main():
    skills = read_skills()
    by_label = {row["preferredLabel"]: row for row in skills}
    # Every preferred label, and the labels of skills that are themselves a tool (named like a
    # product, "PostgreSQL", "Java (computer programming)"): a technology by one of these names is
    # the catalog's own already.
    own_names = set()
    for row in skills:
        own_names.add(row["preferredLabel"].lower())
        own_names.add(short(row["preferredLabel"]).lower())
        if product_name(short(row["preferredLabel"])):
            for alt in filter(None, row["altLabels"].split("\n")):
                own_names.add(alt.lower())

    entries = {}

    def add(name, aliases, concept, context, source):
        key = name.lower()
        if key in own_names or key in entries:
            return False
        aliases = [a for a in dict.fromkeys(aliases) if a.lower() != key and a.lower() not in own_names]
        entries[key] = dict(name=name, aliases="|".join(aliases), concept_uri=concept["conceptUri"],
                            concept_label=concept["preferredLabel"], context="1" if context else "0", source=source)
        return True

    for line in CURATED.strip().splitlines():
        name, aliases, concept, flags = line.split("|")
        if concept not in by_label:
            sys.exit(f"unknown ESCO skill for {name}: {concept}")
        row = by_label[concept]
        source = "CareerOps"
        if "d" in flags:
            if name.split()[0].lower() not in row["description"].lower():
                sys.exit(f"{name} is not named in the description of {concept}")
            source = "ESCO description"
        if not add(name, [a for a in aliases.split(";") if a], row, "c" in flags, source):
            print(f"left out (ESCO has it): {name}", file=sys.stderr)

    for row in skills:
        if product_name(short(row["preferredLabel"])):
            continue
        concept_words = set(words(row["preferredLabel"]))
        names = [alt for alt in filter(None, row["altLabels"].split("\n"))
                 if product_name(alt) and not set(words(alt)) & concept_words]
        if len(names) < 3:  # a concept whose alternative labels list tools lists several
            continue
        for name in names:
            # A one-word name (not written like a brand, "PostgreSQL") may be an everyday word.
            ambiguous = len(name.split()) == 1 and sum(c.isupper() for c in name) < 2 and not re.search(r"[0-9.+#]", name)
            add(name, [], row, ambiguous, "ESCO alternative label")

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["name", "aliases", "concept_uri", "concept_label", "context", "source"], lineterminator="\n")
    writer.writeheader()
    for key in sorted(entries):
        writer.writerow(entries[key])
    with open(OUT, "w", encoding="utf-8") as handle:
        handle.write(out.getvalue())
    print(f"{len(entries)} technologies written to {os.path.relpath(OUT, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
