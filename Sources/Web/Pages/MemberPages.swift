import Career
import Core
import Foundation

/// The page models of a member's own pages: plain values, formatted for reading, that the
/// templates only render.
struct DashboardPage {
    struct GoalRow { let title: String; let status: String; let milestones: String? }
    struct Step { let title: String; let kind: String; let phase: String }
    struct MatchRow { let id: String; let title: String; let employer: String; let score: Int; let summary: String }

    let chrome: Chrome
    let greeting: String
    let chart: String?
    let goals: [GoalRow]
    let steps: [Step]
    let matches: [MatchRow]
}

struct ProfilePage {
    struct SkillRow {
        let id: String
        let label: String
        let uri: String
        let level: Int
        let levels: [Option]
        let verification: String
        let endorsements: Int
        let endorsedBy: String?
        let evidence: [String]
    }

    let chrome: Chrome
    let headline: String?
    let skills: [SkillRow]
    let skill: Field
    let level: [Option]
    let levelError: String?
    let evidence: Field
}

/// The skills the member's own words propose, to confirm.
struct ProposalsPage {
    struct Row {
        let uri: String
        let label: String
        let concept: String?
        /// Where the words are and what they say.
        let sources: [String]
        let confidence: String
    }

    let chrome: Chrome
    let proposals: [Row]
    let level: [Option]
    let error: String?
}

struct Option { let value: String; let label: String; let selected: Bool }

struct GoalsPage {
    struct Milestone { let action: String; let title: String; let done: Bool }
    struct GoalRow { let id: String; let title: String; let status: String; let active: Bool; let due: String?; let milestones: [Milestone] }

    let chrome: Chrome
    let goals: [GoalRow]
    let title: Field
    let role: Field
    let due: Field
}

struct PlanPage {
    struct Action { let id: String; let title: String; let kind: String; let status: String; let open: Bool }
    struct Phase { let title: String; let actions: [Action]; let done: Int; let total: Int }

    let chrome: Chrome
    let title: String?
    let phases: [Phase]
    let changes: String?
    let added: [String]
    let removed: [String]
    let error: String?
    let completion: Int?
}

struct OpportunitiesPage {
    let chrome: Chrome
    let words: Field
    let place: Field
    let remoteOnly: Bool
    let matches: [DashboardPage.MatchRow]
}

struct MatchPage {
    struct Part { let name: String; let points: String; let maximum: String; let value: Double; let max: Double; let detail: String }
    struct Skill { let label: String; let uri: String; let wanted: String; let yours: String }

    let chrome: Chrome
    let employer: String
    let location: String?
    let description: String
    let score: Int?
    let summary: String?
    let parts: [Part]
    let matched: [Skill]
    let missing: [Skill]
}

struct LearningPage {
    struct Recommendation { let id: String; let title: String; let provider: String; let format: String; let minutes: Int; let reasons: [String]; let url: String }
    struct Done { let id: String; let title: String; let completed: String; let rating: Int?; let ratings: [Option] }

    let chrome: Chrome
    let recommendations: [Recommendation]
    let completed: [Done]
}

struct SettingsPage {
    struct Session { let id: String; let kind: String; let agent: String; let lastSeen: String; let current: Bool }
    struct Invitation { let id: String; let organization: String; let role: String; let until: String }

    let chrome: Chrome
    let email: String
    /// Offers to join organizations, made to the member's verified address.
    let invitations: [Invitation]
    let connected: [String]
    let sessions: [Session]
    let confirm: Field
}

enum Format {
    static func day(_ date: Date) -> String { Day(date).description }

    static func levels(selected: Int) -> [Option] {
        let names = ["1 — beginner", "2 — elementary", "3 — competent", "4 — advanced", "5 — expert"]
        return names.enumerated().map { Option(value: "\($0.offset + 1)", label: $0.element, selected: $0.offset + 1 == selected) }
    }

    static func words(_ raw: String) -> String { raw.replacingOccurrences(of: "_", with: " ") }
}
