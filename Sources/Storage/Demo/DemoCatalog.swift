/// The fixed vocabulary the demo data is drawn from. Career tracks name ESCO occupations by
/// their preferred label; a label the loaded taxonomy lacks is skipped.
enum DemoCatalog {
    static let firstNames = [
        "Amara", "Ben", "Chloé", "Dmitri", "Elif", "Farah", "Goran", "Hana", "Igor", "Jun",
        "Kwame", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tomasz",
        "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zoe", "Aisha", "Bruno", "Carmen", "Diego",
    ]

    static let lastNames = [
        "Okafor", "Schmidt", "Dubois", "Ivanova", "Yilmaz", "Haddad", "Novak", "Tanaka", "Petrov",
        "Kim", "Mensah", "Berg", "García", "Rahman", "Nilsson", "Sharma", "Laurent", "Silva",
        "Jensen", "Kowalski", "Patel", "Horvat", "Chen", "Morales", "Aydın", "Murphy", "Rossi",
    ]

    static let organizations = [
        ("Northwind Labs", "northwind"),
        ("Globex Health", "globex"),
        ("Initech Finance", "initech"),
    ]

    static let employers = [
        "Acme Software", "Blue Harbor Bank", "Cobalt Analytics", "Delta Logistics", "Evergreen Energy",
        "Fjord Telecom", "Granite Insurance", "Helix Biotech", "Ion Mobility", "Juniper Retail",
        "Kestrel Games", "Lumen Media", "Meridian Health", "Nimbus Cloud", "Orbit Aerospace",
    ]

    static let locations = [
        "Berlin", "Amsterdam", "Lisbon", "Dublin", "Warsaw", "Barcelona", "Stockholm", "Vienna",
        "Paris", "Milan", "Prague", "Copenhagen",
    ]

    /// Typical progressions, junior to senior.
    static let tracks: [[String]] = [
        ["ICT help desk agent", "ICT system administrator", "ICT system architect"],
        ["software developer", "software architect", "enterprise architect"],
        ["web developer", "user interface developer", "user experience analyst"],
        ["software tester", "ICT test analyst", "ICT quality assurance manager"],
        ["data analyst", "data scientist", "computer scientist"],
        ["database developer", "database administrator", "data warehouse designer"],
        ["ICT network technician", "ICT network engineer", "ICT network architect"],
        ["ICT business analyst", "ICT business analysis manager", "ICT consultant"],
        ["ICT security technician", "ICT security engineer", "chief ICT security officer"],
        ["mobile application developer", "software developer", "cloud engineer"],
        ["ICT application configurator", "ICT system developer", "integration engineer"],
        ["embedded systems software developer", "embedded system designer", "embedded systems security engineer"],
        ["digital games tester", "digital games developer", "software architect"],
    ]

    /// The technologies each track works with, in the order its members meet them (three per
    /// role of the track), by their names in the technology vocabulary; a name it lacks is skipped.
    static let trackTools: [[String]] = [
        ["Microsoft Windows Server", "Active Directory", "Jira", "Linux", "Bash", "VMware", "Amazon Web Services", "Terraform", "Kubernetes"],
        ["Git", "Docker", "REST APIs", "Spring", "Kubernetes", "Apache Kafka", "Amazon Web Services", "Terraform", "Microsoft Azure"],
        ["HTML", "React", "Node.js", "Tailwind CSS", "Figma", "Next.js", "Google Analytics", "Miro", "Jira"],
        ["Jira", "Postman", "Cypress", "JUnit", "Playwright", "Git", "Confluence", "Scrum", "Microsoft Excel"],
        ["Microsoft Excel", "Power BI", "Tableau", "pandas", "Jupyter", "scikit-learn", "PyTorch", "Apache Spark", "Databricks"],
        ["Microsoft SQL Server Management Studio", "MariaDB", "Redis", "MongoDB", "Elasticsearch", "Snowflake", "dbt", "Apache Airflow", "Amazon Redshift"],
        ["Cisco IOS", "Linux", "Nginx", "Active Directory", "Grafana", "Prometheus", "Terraform", "Amazon Web Services", "Microsoft Azure"],
        ["Microsoft Excel", "Jira", "Confluence", "Miro", "Microsoft PowerPoint", "Power BI", "SAP", "Salesforce", "Microsoft Project"],
        ["Linux", "Burp Suite", "Splunk", "SIEM", "OWASP Top 10", "Active Directory", "Microsoft Azure", "ITIL", "ServiceNow"],
        ["Kotlin", "Dart", "Swift UI", "Git", "Docker", "REST APIs", "Kubernetes", "Amazon Web Services", "Terraform"],
        ["SAP", "ServiceNow", "REST APIs", "Apache Kafka", "RabbitMQ", "Docker", "Microsoft Azure", "gRPC", "Kubernetes"],
        ["Git", "Bash", "Linux", "Rust", "Jira", "Docker", "Go", "Grafana", "Kubernetes"],
        ["Jira", "Git", "Visual Studio Code", "Docker", "GitHub Actions", "Amazon Web Services", "Kubernetes", "Terraform", "Grafana"],
    ]

    static let benefits = [
        "a learning budget of €1,500 a year", "four weeks of paid leave and flexible hours", "a pension plan and a yearly team retreat",
        "hybrid work with two office days a week", "a home-office budget and a public transport pass",
    ]

    static let goalTexts = [
        "Speak at a conference", "Mentor a junior colleague", "Lead a cross-team project",
        "Get a professional certification", "Move to a remote-first role",
    ]

    static let providers = ["OpenLearn", "CodeCamp Academy", "DataSchool", "Skillforge", "TechTalks", "Library"]
    static let formats = ["course", "video", "book", "article", "workshop"]
    static let resourcePatterns = [
        "Introduction to %@", "%@ in practice", "Mastering %@", "%@: a hands-on workshop", "%@ fundamentals",
    ]
    static let eventTypes = ["session_started", "page_viewed", "skill_added", "goal_created", "resource_viewed", "opportunity_viewed"]
}

extension DemoCatalog {
    static let institutions = ["TU Delft", "University of Lisbon", "KTH Stockholm", "Charles University", "University College Dublin", "Politecnico di Milano"]
    static let fields = ["Computer Science", "Information Systems", "Mathematics", "Electrical Engineering", "Economics", "Physics"]
    static let timeZones = ["Europe/Berlin", "Europe/Amsterdam", "Europe/Lisbon", "Europe/Dublin", "Europe/Warsaw", "Europe/Madrid", "Europe/Stockholm"]
}
