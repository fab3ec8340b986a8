import Career
import Core
import FluentKit
import Foundation
import SQLKit

extension SQLCareerStore {
    struct GoalRow: Decodable {
        let id: UUID
        let user_id: UUID
        let kind: String
        let title: String
        let target_occupation_id: UUID?
        let occupation_uri: String?
        let occupation_label: String?
        let target_skill_id: UUID?
        let skill_uri: String?
        let skill_label: String?
        let skill_custom: Bool?
        let target_level: Int?
        let due_on: Date?
        let status: String
        let created_at: Date
        let updated_at: Date
    }

    struct MilestoneRow: Decodable {
        let id: UUID
        let goal_id: UUID
        let title: String
        let position: Int
        let due_on: Date?
        let completed_at: Date?
    }

    public func goals(of userIDs: [UUID]) async throws -> [UUID: [Goal]] {
        var rows: [GoalRow] = []
        for chunk in Self.chunks(userIDs) {
            rows += try await sql.raw("""
                SELECT g.id, g.user_id, g.kind, g.title, g.target_occupation_id, o.uri AS occupation_uri, o.preferred_label AS occupation_label,
                       g.target_skill_id, s.uri AS skill_uri, s.preferred_label AS skill_label, s.is_custom AS skill_custom,
                       g.target_level, g.due_on, g.status, g.created_at, g.updated_at
                FROM career_goals g LEFT JOIN occupations o ON o.id = g.target_occupation_id LEFT JOIN skill_catalog s ON s.id = g.target_skill_id
                WHERE g.user_id IN (\(binds: chunk)) ORDER BY g.created_at, g.id
                """).all(decoding: GoalRow.self)
        }
        var milestones: [MilestoneRow] = []
        for chunk in Self.chunks(rows.map(\.id)) {
            milestones += try await sql.select().columns("id", "goal_id", "title", "position", "due_on", "completed_at").from("milestones")
                .where("goal_id", .in, chunk).orderBy("position").orderBy("id").all(decoding: MilestoneRow.self)
        }
        let byGoal = Dictionary(grouping: milestones, by: \.goal_id)
        let goals = rows.map { row in
            Goal(
                id: row.id, userID: row.user_id, kind: Goal.Kind(rawValue: row.kind) ?? .text, title: row.title,
                targetOccupation: row.target_occupation_id.map { OccupationRef(id: $0, uri: row.occupation_uri ?? "", label: row.occupation_label ?? "") },
                targetSkill: row.target_skill_id.map { SkillRef(id: $0, uri: row.skill_uri ?? "", label: row.skill_label ?? "", isCustom: row.skill_custom ?? false) },
                targetLevel: row.target_level, dueOn: row.due_on.map(Day.init), status: Goal.Status(rawValue: row.status) ?? .active,
                milestones: (byGoal[row.id] ?? []).map {
                    Milestone(id: $0.id, title: $0.title, position: $0.position, dueOn: $0.due_on.map(Day.init), completedAt: $0.completed_at)
                },
                createdAt: row.created_at, updatedAt: row.updated_at
            )
        }
        return Dictionary(grouping: goals, by: \.userID)
    }

    public func save(_ goal: Goal) async throws {
        try await persistence.transaction { sql in
            try await sql.insert(into: "career_goals")
                .columns("id", "user_id", "kind", "title", "target_occupation_id", "target_skill_id", "target_level", "due_on", "status", "created_at", "updated_at")
                .values(SQLBind(goal.id), SQLBind(goal.userID), SQLBind(goal.kind.rawValue), SQLBind(goal.title), SQLBind(goal.targetOccupation?.id),
                        SQLBind(goal.targetSkill?.id), SQLBind(goal.targetLevel), SQLBind(goal.dueOn?.date), SQLBind(goal.status.rawValue),
                        SQLBind(goal.createdAt), SQLBind(goal.updatedAt))
                .onConflict(with: ["id"]) {
                    $0.set(excludedValueOf: "title").set(excludedValueOf: "target_level").set(excludedValueOf: "due_on")
                        .set(excludedValueOf: "status").set(excludedValueOf: "updated_at")
                }
                .run()
            try await sql.delete(from: "milestones").where("goal_id", .equal, goal.id).run()
            try await sql.insertRows(into: "milestones", columns: ["id", "goal_id", "title", "position", "due_on", "completed_at", "created_at", "updated_at"],
                                     rows: goal.milestones.map { [$0.id, goal.id, $0.title, $0.position, $0.dueOn?.date, $0.completedAt, goal.createdAt, goal.updatedAt] })
        }
    }

    public func deleteGoal(id: UUID, of userID: UUID) async throws -> Bool {
        try await !sql.raw("DELETE FROM career_goals WHERE id = \(bind: id) AND user_id = \(bind: userID) RETURNING id").all().isEmpty
    }

    // MARK: Plans

    struct PlanRow: Decodable {
        let id: UUID
        let user_id: UUID
        let goal_id: UUID?
        let title: String
        let status: String
        let generated_by: String?
        let created_at: Date
        let updated_at: Date
    }

    struct PhaseRow: Decodable { let id: UUID; let plan_id: UUID; let title: String; let position: Int }

    struct ActionRow: Decodable {
        let id: UUID
        let phase_id: UUID
        let kind: String
        let title: String
        let status: String
        let position: Int
        let due_on: Date?
        let skill_id: UUID?
        let skill_uri: String?
        let skill_label: String?
        let skill_custom: Bool?
        let resource_id: UUID?
        let opportunity_id: UUID?
    }

    public func plans(of userIDs: [UUID]) async throws -> [UUID: [Plan]] {
        var rows: [PlanRow] = []
        for chunk in Self.chunks(userIDs) {
            rows += try await sql.select().columns("id", "user_id", "goal_id", "title", "status", "generated_by", "created_at", "updated_at")
                .from("career_plans").where("user_id", .in, chunk).orderBy("created_at").orderBy("id").all(decoding: PlanRow.self)
        }
        var phases: [PhaseRow] = []
        for chunk in Self.chunks(rows.map(\.id)) {
            phases += try await sql.select().columns("id", "plan_id", "title", "position").from("plan_phases")
                .where("plan_id", .in, chunk).orderBy("position").orderBy("id").all(decoding: PhaseRow.self)
        }
        var actions: [ActionRow] = []
        for chunk in Self.chunks(phases.map(\.id)) {
            actions += try await sql.raw("""
                SELECT a.id, a.phase_id, a.kind, a.title, a.status, a.position, a.due_on, a.skill_id, s.uri AS skill_uri,
                       s.preferred_label AS skill_label, s.is_custom AS skill_custom, a.resource_id, a.opportunity_id
                FROM plan_actions a LEFT JOIN skill_catalog s ON s.id = a.skill_id
                WHERE a.phase_id IN (\(binds: chunk)) ORDER BY a.position, a.id
                """).all(decoding: ActionRow.self)
        }
        let actionsByPhase = Dictionary(grouping: actions, by: \.phase_id)
        let phasesByPlan = Dictionary(grouping: phases, by: \.plan_id)
        let plans = rows.map { row in
            Plan(
                id: row.id, userID: row.user_id, goalID: row.goal_id, title: row.title, status: Plan.Status(rawValue: row.status) ?? .active,
                generatedBy: row.generated_by,
                phases: (phasesByPlan[row.id] ?? []).map { phase in
                    PlanPhase(id: phase.id, title: phase.title, position: phase.position, actions: (actionsByPhase[phase.id] ?? []).map { action in
                        PlanAction(
                            id: action.id, kind: PlanAction.Kind(rawValue: action.kind) ?? .learn, title: action.title,
                            status: PlanAction.Status(rawValue: action.status) ?? .todo, position: action.position, dueOn: action.due_on.map(Day.init),
                            skill: action.skill_id.map { SkillRef(id: $0, uri: action.skill_uri ?? "", label: action.skill_label ?? "", isCustom: action.skill_custom ?? false) },
                            resourceID: action.resource_id, opportunityID: action.opportunity_id
                        )
                    })
                },
                createdAt: row.created_at, updatedAt: row.updated_at
            )
        }
        return Dictionary(grouping: plans, by: \.userID)
    }

    public func save(_ plan: Plan) async throws {
        let now = plan.updatedAt
        try await persistence.transaction { sql in
            try await sql.insert(into: "career_plans")
                .columns("id", "user_id", "goal_id", "title", "status", "generated_by", "created_at", "updated_at")
                .values(SQLBind(plan.id), SQLBind(plan.userID), SQLBind(plan.goalID), SQLBind(plan.title), SQLBind(plan.status.rawValue),
                        SQLBind(plan.generatedBy), SQLBind(plan.createdAt), SQLBind(plan.updatedAt))
                .onConflict(with: ["id"]) { $0.set(excludedValueOf: "title").set(excludedValueOf: "status").set(excludedValueOf: "updated_at") }
                .run()
            try await sql.delete(from: "plan_phases").where("plan_id", .equal, plan.id).run()
            try await sql.insertRows(into: "plan_phases", columns: ["id", "plan_id", "title", "position", "status", "created_at", "updated_at"],
                                     rows: plan.phases.map { [$0.id, plan.id, $0.title, $0.position, $0.status, plan.createdAt, now] })
            try await sql.insertRows(
                into: "plan_actions",
                columns: ["id", "phase_id", "kind", "title", "status", "position", "due_on", "skill_id", "resource_id", "opportunity_id", "created_at", "updated_at"],
                rows: plan.phases.flatMap { phase in
                    phase.actions.map { [$0.id, phase.id, $0.kind.rawValue, $0.title, $0.status.rawValue, $0.position, $0.dueOn?.date,
                                         $0.skill?.id, $0.resourceID, $0.opportunityID, plan.createdAt, now] }
                }
            )
        }
    }

    public func deletePlan(id: UUID, of userID: UUID) async throws -> Bool {
        try await !sql.raw("DELETE FROM career_plans WHERE id = \(bind: id) AND user_id = \(bind: userID) RETURNING id").all().isEmpty
    }
}
