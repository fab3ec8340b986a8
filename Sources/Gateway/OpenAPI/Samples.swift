import Career
import Core
import Foundation
import Identity

/// Filled-in examples of everything the API reads and writes: every optional set and every
/// list holding one element, so that the schema recorder sees each field's type.
enum Samples {
    static let id = UUID(uuidString: "6f1c2b1e-0000-4000-8000-000000000001")!
    static let date = Date(timeIntervalSince1970: 1_790_000_000)
    static let day = Day(date)
    static let skill = SkillRef(id: id, uri: "http://data.europa.eu/esco/skill/797a4416-0b8d-44f3-8fcd-eb10bd0be6b4", label: "develop software prototype", isCustom: false)
    static let occupation = OccupationRef(id: id, uri: "http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1", label: "software developer")

    static let profile = Profile(
        userID: id, headline: "Engineer", summary: "Builds things.", location: "Utrecht", timeZone: "Europe/Amsterdam", visibility: .coaches,
        preferences: Preferences(targetRoles: ["software architect"], locations: ["Utrecht"], remote: true, salaryMinYearly: 60_000, salaryMaxYearly: 80_000, currency: "EUR"),
        experiences: [WorkExperience(id: id, title: "Software Developer", employer: "Acme", occupation: occupation, startedOn: day, endedOn: day, description: "Built the API.")],
        educations: [Education(id: id, institution: "University of Utrecht", degree: "MSc", fieldOfStudy: "Computer Science", startedOn: day, endedOn: day)],
        updatedAt: date
    )

    static let memberSkill = MemberSkill(
        id: id, userID: id, skill: skill, level: 3, years: 4, lastUsedOn: day, evidence: [Evidence(url: "https://example.com/work", note: "Shipped it")],
        endorsements: [Endorsement(id: id, endorserID: id, source: .coach, level: 3, comment: "Seen it", reference: "https://certs.example.com/1", createdAt: date)],
        createdAt: date, updatedAt: date
    )

    static let goal = Goal(
        id: id, userID: id, kind: .skill, title: "Reach level 4", targetOccupation: occupation, targetSkill: skill, targetLevel: 4, dueOn: day,
        status: .active, milestones: [Milestone(id: id, title: "Finish the course", position: 0, dueOn: day, completedAt: date)], createdAt: date, updatedAt: date
    )

    static let plan = Plan(
        id: id, userID: id, goalID: id, title: "Road to architect", status: .active, generatedBy: "planner",
        phases: [PlanPhase(id: id, title: "Foundations", position: 0, actions: [
            PlanAction(id: id, kind: .learn, title: "Take the course", status: .todo, position: 0, dueOn: day, skill: skill, resourceID: id, opportunityID: id),
        ])],
        createdAt: date, updatedAt: date
    )

    static let opportunity = Opportunity(
        id: id, organizationID: id, title: "Software Developer", employer: "Acme", description: "Build things.", location: "Utrecht", remote: true,
        employmentType: "FULL_TIME", salaryMinYearly: 60_000, salaryMaxYearly: 80_000, salaryCurrency: "EUR", occupation: occupation, status: .open,
        source: "manual", externalID: "ext-1", postedAt: date, closesAt: date, skills: [.init(skill: skill, required: true, minLevel: 3)]
    )

    static let resource = LearningResource(
        id: id, organizationID: id, title: "Prototyping 101", provider: "OpenU", url: "https://learn.example.org/1", format: "course",
        durationMinutes: 90, level: 2, skills: [skill], averageRating: 4.5, ratingCount: 2, completionCount: 3
    )

    static let account = Account(id: id, email: "ada@example.com", name: "Ada", passwordHash: nil, platformRole: .member, status: .active,
                                 emailVerifiedAt: date, createdAt: date)
    static let principal = Principal(userID: id, platformRole: .member,
                                     memberships: [MembershipGrant(organizationID: id, organizationName: "Acme", role: .member)], credential: .accessToken(sessionID: id))

    static let preview: ImportPreview = {
        var preview = ImportPreview()
        preview.headline = "Engineer"
        preview.summary = "Builds things."
        preview.location = "Utrecht"
        preview.experiences = [ExperienceInput(title: "Software Developer", employer: "Acme", startedOn: day, endedOn: day, description: "Built it.", occupationUri: occupation.uri)]
        preview.educations = [EducationInput(institution: "University of Utrecht", degree: "MSc", fieldOfStudy: "Computer Science", startedOn: day, endedOn: day)]
        preview.skills = [.init(name: "prototyping", catalog: skill, level: 3)]
        return preview
    }()
}
