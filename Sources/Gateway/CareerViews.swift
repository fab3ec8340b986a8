import Career
import Core
import Foundation
import Hummingbird
import Insights

// What the API shows of career data, for REST (snake_case on the wire) and GraphQL alike.

struct OccupationView: Codable, Sendable {
    let id: String
    let uri: String
    let label: String

    init(_ occupation: OccupationRef) {
        id = occupation.id.uuidString.lowercased()
        uri = occupation.uri
        label = occupation.label
    }
}

struct CatalogSkillView: Codable, Sendable {
    let uri: String
    let name: String
    let isCustom: Bool

    init(_ skill: SkillRef) {
        uri = skill.uri
        name = skill.label
        isCustom = skill.isCustom
    }
}

struct PreferencesView: Codable, Sendable {
    let targetRoles: [String]
    let locations: [String]
    let remote: Bool?
    let salaryMinYearly: Int?
    let salaryMaxYearly: Int?
    let currency: String?

    init(_ preferences: Preferences) {
        targetRoles = preferences.targetRoles
        locations = preferences.locations
        remote = preferences.remote
        salaryMinYearly = preferences.salaryMinYearly
        salaryMaxYearly = preferences.salaryMaxYearly
        currency = preferences.currency
    }
}

struct ExperienceView: Codable, Sendable, ResponseEncodable {
    let id: String
    let title: String
    let employer: String
    let occupation: OccupationView?
    let startedOn: String
    let endedOn: String?
    let description: String?

    init(_ experience: WorkExperience) {
        id = experience.id.uuidString.lowercased()
        title = experience.title
        employer = experience.employer
        occupation = experience.occupation.map(OccupationView.init)
        startedOn = experience.startedOn.description
        endedOn = experience.endedOn?.description
        description = experience.description
    }
}

struct EducationView: Codable, Sendable, ResponseEncodable {
    let id: String
    let institution: String
    let degree: String?
    let fieldOfStudy: String?
    let startedOn: String?
    let endedOn: String?

    init(_ education: Education) {
        id = education.id.uuidString.lowercased()
        institution = education.institution
        degree = education.degree
        fieldOfStudy = education.fieldOfStudy
        startedOn = education.startedOn?.description
        endedOn = education.endedOn?.description
    }
}

struct ProfileView: Codable, Sendable, ResponseEncodable {
    let userId: String
    let headline: String?
    let summary: String?
    let location: String?
    let timeZone: String
    let visibility: String
    let preferences: PreferencesView
    let experiences: [ExperienceView]
    let educations: [EducationView]
    let currentOccupation: OccupationView?

    init(_ profile: Profile) {
        userId = profile.userID.uuidString.lowercased()
        headline = profile.headline
        summary = profile.summary
        location = profile.location
        timeZone = profile.timeZone
        visibility = profile.visibility.rawValue
        preferences = PreferencesView(profile.preferences)
        experiences = profile.experiences.map(ExperienceView.init)
        educations = profile.educations.map(EducationView.init)
        currentOccupation = profile.currentExperience?.occupation.map(OccupationView.init)
    }
}

struct EvidenceView: Codable, Sendable {
    let url: String?
    let note: String?
}

struct EndorsementView: Codable, Sendable, ResponseEncodable {
    let id: String
    let endorserId: String
    let source: String
    let level: Int
    let comment: String?
    let reference: String?
    let createdAt: Date

    init(_ endorsement: Endorsement) {
        id = endorsement.id.uuidString.lowercased()
        endorserId = endorsement.endorserID.uuidString.lowercased()
        source = endorsement.source.rawValue
        level = endorsement.level
        comment = endorsement.comment
        reference = endorsement.reference
        createdAt = endorsement.createdAt
    }
}

struct SkillView: Codable, Sendable, ResponseEncodable {
    let id: String
    let uri: String
    let name: String
    let isCustom: Bool
    let level: Int
    let years: Int?
    let lastUsedOn: String?
    let evidence: [EvidenceView]
    /// The strongest source behind the skill: self < peer < coach < assessment/certificate.
    let verification: String
    let verifiedLevel: Int
    let endorsements: [EndorsementView]
    let createdAt: Date
    let updatedAt: Date

    init(_ skill: MemberSkill) {
        id = skill.id.uuidString.lowercased()
        uri = skill.skill.uri
        name = skill.skill.label
        isCustom = skill.skill.isCustom
        level = skill.level
        years = skill.years
        lastUsedOn = skill.lastUsedOn?.description
        evidence = skill.evidence.map { EvidenceView(url: $0.url, note: $0.note) }
        verification = skill.verification.rawValue
        verifiedLevel = skill.verifiedLevel
        endorsements = skill.endorsements.map(EndorsementView.init)
        createdAt = skill.createdAt
        updatedAt = skill.updatedAt
    }
}

struct LevelChangeView: Codable, Sendable {
    let level: Int
    let changedAt: Date
}

struct MilestoneView: Codable, Sendable {
    let id: String
    let title: String
    let position: Int
    let dueOn: String?
    let completed: Bool
    let completedAt: Date?

    init(_ milestone: Milestone) {
        id = milestone.id.uuidString.lowercased()
        title = milestone.title
        position = milestone.position
        dueOn = milestone.dueOn?.description
        completed = milestone.completedAt != nil
        completedAt = milestone.completedAt
    }
}

struct GoalView: Codable, Sendable, ResponseEncodable {
    let id: String
    let kind: String
    let title: String
    let targetOccupation: OccupationView?
    let targetSkill: CatalogSkillView?
    let targetLevel: Int?
    let dueOn: String?
    let status: String
    /// Share of milestones done, 0…1.
    let progress: Double
    let milestones: [MilestoneView]
    let createdAt: Date
    let updatedAt: Date

    init(_ goal: Goal) {
        id = goal.id.uuidString.lowercased()
        kind = goal.kind.rawValue
        title = goal.title
        targetOccupation = goal.targetOccupation.map(OccupationView.init)
        targetSkill = goal.targetSkill.map(CatalogSkillView.init)
        targetLevel = goal.targetLevel
        dueOn = goal.dueOn?.description
        status = goal.status.rawValue
        progress = (goal.progress * 1_000).rounded() / 1_000
        milestones = goal.milestones.map(MilestoneView.init)
        createdAt = goal.createdAt
        updatedAt = goal.updatedAt
    }
}

struct ActionView: Codable, Sendable {
    let id: String
    let kind: String
    let title: String
    let status: String
    let position: Int
    let dueOn: String?
    let skill: CatalogSkillView?
    let resourceId: String?
    let opportunityId: String?

    init(_ action: PlanAction) {
        id = action.id.uuidString.lowercased()
        kind = action.kind.rawValue
        title = action.title
        status = action.status.rawValue
        position = action.position
        dueOn = action.dueOn?.description
        skill = action.skill.map(CatalogSkillView.init)
        resourceId = action.resourceID?.uuidString.lowercased()
        opportunityId = action.opportunityID?.uuidString.lowercased()
    }
}

struct PhaseView: Codable, Sendable {
    let id: String
    let title: String
    let position: Int
    let status: String
    let actions: [ActionView]

    init(_ phase: PlanPhase) {
        id = phase.id.uuidString.lowercased()
        title = phase.title
        position = phase.position
        status = phase.status
        actions = phase.actions.map(ActionView.init)
    }
}

struct PlanView: Codable, Sendable, ResponseEncodable {
    let id: String
    let userId: String
    let goalId: String?
    let title: String
    let status: String
    let generatedBy: String?
    let progress: Double
    /// The seed's `currentPhase`: the title of the first phase with work left.
    let currentPhase: String
    /// The seed's `nextSteps`: the titles of the next open actions.
    let nextSteps: [String]
    let nextActions: [ActionView]
    let phases: [PhaseView]
    let createdAt: Date
    let updatedAt: Date

    init(_ plan: Plan) {
        id = plan.id.uuidString.lowercased()
        userId = plan.userID.uuidString.lowercased()
        goalId = plan.goalID?.uuidString.lowercased()
        title = plan.title
        status = plan.status.rawValue
        generatedBy = plan.generatedBy
        progress = (plan.progress * 1_000).rounded() / 1_000
        currentPhase = plan.currentPhase?.title ?? ""
        let next = plan.nextSteps()
        nextSteps = next.map(\.title)
        nextActions = next.map(ActionView.init)
        phases = plan.phases.map(PhaseView.init)
        createdAt = plan.createdAt
        updatedAt = plan.updatedAt
    }
}

/// One page of a list: the items and the cursor of the next page (absent on the last).
struct Paged<Item: Codable & Sendable>: Codable, Sendable, ResponseEncodable {
    let items: [Item]
    let nextCursor: String?

    init(_ page: Page<Item>) {
        items = page.items
        nextCursor = page.nextCursor
    }

    /// A page cut from a list that is loaded whole (a member's own skills, goals, plans).
    init(all: [Item], request: PageRequest) {
        self.init(Page(slicing: all, request: request))
    }
}

/// A skill the member's own words propose (not on their profile until confirmed).
struct SkillProposalView: Codable, Sendable {
    struct Source: Codable, Sendable {
        /// headline, summary or experience.
        let field: String
        let position: String?
        let words: String
    }

    let uri: String
    let label: String
    let concept: SkillConceptView?
    let confidence: Double
    let sources: [Source]

    init(_ proposal: SkillProposal) {
        uri = proposal.uri
        label = proposal.label
        concept = proposal.concept.map { SkillConceptView(uri: $0.uri, label: $0.label) }
        confidence = proposal.confidence
        sources = proposal.sources.map { Source(field: $0.field, position: $0.position, words: $0.words) }
    }
}
