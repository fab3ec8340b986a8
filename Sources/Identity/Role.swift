/// What a person may do inside an organization.
public enum OrganizationRole: String, Sendable, Codable, CaseIterable {
    case member
    case coach
    case orgAdmin = "org_admin"
}

/// What a person may do across the whole platform.
public enum PlatformRole: String, Sendable, Codable, CaseIterable {
    case member
    case platformAdmin = "platform_admin"
}
