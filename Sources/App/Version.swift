import Storage

/// The platform's version, printed by `careerops version` and at start.
public enum Version {
    public static let current = "0.1.0"
}

/// The demo logins, printed by `serve` when demo data is loaded.
public typealias DemoLogins = DemoSeeder
