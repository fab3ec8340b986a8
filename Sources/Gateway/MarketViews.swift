import Career
import Identity
import Core
import Foundation
import Hummingbird

// What the API shows of opportunities and learning resources.

struct SkillNeedView: Codable, Sendable {
    let uri: String
    let name: String
    let required: Bool
    let minLevel: Int?
}

struct OpportunityView: Codable, Sendable, ResponseEncodable {
    let id: String
    let organizationId: String?
    let title: String
    let employer: String
    let description: String
    let location: String?
    let remote: Bool
    let employmentType: String
    let salaryMinYearly: Int?
    let salaryMaxYearly: Int?
    let salaryCurrency: String?
    let occupation: OccupationView?
    let status: String
    let source: String
    let externalId: String?
    let postedAt: Date
    let closesAt: Date?
    let skills: [SkillNeedView]

    init(_ opportunity: Opportunity) {
        id = opportunity.id.uuidString.lowercased()
        organizationId = opportunity.organizationID?.uuidString.lowercased()
        title = opportunity.title
        employer = opportunity.employer
        description = opportunity.description
        location = opportunity.location
        remote = opportunity.remote
        employmentType = opportunity.employmentType
        salaryMinYearly = opportunity.salaryMinYearly
        salaryMaxYearly = opportunity.salaryMaxYearly
        salaryCurrency = opportunity.salaryCurrency
        occupation = opportunity.occupation.map(OccupationView.init)
        status = opportunity.status.rawValue
        source = opportunity.source
        externalId = opportunity.externalID
        postedAt = opportunity.postedAt
        closesAt = opportunity.closesAt
        skills = opportunity.skills.map { SkillNeedView(uri: $0.skill.uri, name: $0.skill.label, required: $0.required, minLevel: $0.minLevel) }
    }
}

struct LearningResourceView: Codable, Sendable, ResponseEncodable {
    let id: String
    let organizationId: String?
    let title: String
    let provider: String
    let url: String
    let format: String
    let durationMinutes: Int
    let level: Int
    let skills: [CatalogSkillView]
    let averageRating: Double?
    let ratingCount: Int
    let completionCount: Int

    init(_ resource: LearningResource) {
        id = resource.id.uuidString.lowercased()
        organizationId = resource.organizationID?.uuidString.lowercased()
        title = resource.title
        provider = resource.provider
        url = resource.url
        format = resource.format
        durationMinutes = resource.durationMinutes
        level = resource.level
        skills = resource.skills.map(CatalogSkillView.init)
        averageRating = resource.averageRating
        ratingCount = resource.ratingCount
        completionCount = resource.completionCount
    }
}
