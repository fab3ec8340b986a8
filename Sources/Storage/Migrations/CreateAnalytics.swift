import FluentKit

/// Analytics tables. `user_events` holds a pseudonym, never a user id; `client_event_id`
/// makes a repeated event land once. Roll-ups and daily snapshots are keyed by period.
struct CreateAnalytics: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("user_events")
            .id()
            .field("client_event_id", .string, .required)
            .field("pseudonym", .string, .required)
            .link("organization_id", "organizations")
            .field("type", .string, .required)
            .field("properties", .string, .required)
            .field("occurred_at", .datetime, .required)
            .field("received_at", .datetime, .required)
            .field("is_demo", .bool, .required)
            .unique(on: "client_event_id")
            .create()
        try await database.createIndex(on: "user_events", "occurred_at")
        try await database.createIndex(on: "user_events", "pseudonym", "occurred_at")
        try await database.createIndex(on: "user_events", "type", "occurred_at")

        try await database.schema("engagement_metrics")
            .id()
            .link("organization_id", "organizations")
            .field("period", .string, .required)
            .field("period_start", .datetime, .required)
            .field("metric", .string, .required)
            .field("value", .double, .required)
            .field("computed_at", .datetime, .required)
            .unique(on: "organization_id", "period", "period_start", "metric")
            .create()
        try await database.createIndex(on: "engagement_metrics", "period", "period_start")

        try await database.schema("progress_snapshots")
            .id()
            .owner("user_id", "users")
            .field("snapshot_on", .datetime, .required)
            .field("skills_count", .int, .required)
            .field("level_sum", .int, .required)
            .field("verified_skills", .int, .required)
            .field("goals_done", .int, .required)
            .field("plan_completion_permille", .int, .required)
            .unique(on: "user_id", "snapshot_on")
            .create()
        try await database.createIndex(on: "progress_snapshots", "snapshot_on")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("progress_snapshots").delete()
        try await database.schema("engagement_metrics").delete()
        try await database.schema("user_events").delete()
    }
}
