import FluentKit

/// Every migration of the platform, in the order it runs. Append only: a shipped
/// migration is never edited, a change is a new migration at the end.
enum CareerOpsMigrations {
    static var all: [any Migration] {
        [
            CreateOrganizations(),
            CreateUsers(),
            CreateMemberships(),
            CreateIdentities(),
            CreateSessions(),
            CreateAuditLog(),
            CreateSkillCatalog(),
            CreateOccupations(),
            CreateProfiles(),
            CreateUserSkills(),
            CreateGoals(),
            CreateOpportunities(),
            CreateLearning(),
            CreatePlans(),
            CreateAnalytics(),
            CreatePlatformData(),
            AddIdentity(),
            CreateIdempotencyKeys(),
            CreateAnalyticsRollups(),
            AddMailRecipientIndex(),
            CreateInvitations(),
            AddTechnologies(),
        ]
    }

    static var names: [String] { all.map(\.name) }
}

extension Migrations {
    static var careerOps: Migrations {
        let migrations = Migrations()
        migrations.add(CareerOpsMigrations.all)
        return migrations
    }
}
