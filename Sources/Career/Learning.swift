import Core
import Foundation

/// Something to learn from: a course, video, book, article, workshop, …
public struct LearningResource: Sendable, Equatable, Codable {
    public static let formats: Set<String> = ["course", "video", "book", "article", "workshop", "podcast", "project", "certification"]

    public let id: UUID
    public var organizationID: UUID?
    public var title: String
    public var provider: String
    public var url: String
    public var format: String
    public var durationMinutes: Int
    /// The level it teaches up to, 1–5.
    public var level: Int
    public var skills: [SkillRef]
    public var averageRating: Double?
    public var ratingCount: Int
    public var completionCount: Int

    public init(id: UUID, organizationID: UUID?, title: String, provider: String, url: String, format: String, durationMinutes: Int, level: Int,
                skills: [SkillRef], averageRating: Double? = nil, ratingCount: Int = 0, completionCount: Int = 0) {
        self.id = id
        self.organizationID = organizationID
        self.title = title
        self.provider = provider
        self.url = url
        self.format = format
        self.durationMinutes = durationMinutes
        self.level = level
        self.skills = skills
        self.averageRating = averageRating
        self.ratingCount = ratingCount
        self.completionCount = completionCount
    }
}

public struct LearningResourceInput: Sendable, Equatable, Codable {
    public var title: String
    public var provider: String
    public var url: String
    public var format: String
    public var durationMinutes: Int
    public var level: Int
    public var skillUris: [String]?
    public var organizationId: UUID?

    public init(title: String, provider: String, url: String, format: String, durationMinutes: Int, level: Int,
                skillUris: [String]? = nil, organizationId: UUID? = nil) {
        self.title = title
        self.provider = provider
        self.url = url
        self.format = format
        self.durationMinutes = durationMinutes
        self.level = level
        self.skillUris = skillUris
        self.organizationId = organizationId
    }
}

/// A member's own record with a resource.
public struct LearningRecord: Sendable, Equatable {
    public let resourceID: UUID
    public let completedAt: Date?
    public let rating: Int?

    public init(resourceID: UUID, completedAt: Date?, rating: Int?) {
        self.resourceID = resourceID
        self.completedAt = completedAt
        self.rating = rating
    }
}

public protocol LearningStore: Sendable {
    /// Resources visible to these organizations (and the global ones), newest first; with
    /// `skillIDs`, only those teaching one of them.
    func resources(organizations: Set<UUID>?, skillIDs: [UUID]?, query: String?, page: PageRequest) async throws -> Page<LearningResource>
    func resources(ids: [UUID]) async throws -> [LearningResource]
    func save(_ resource: LearningResource, at: Date) async throws
    func complete(_ resourceID: UUID, by userID: UUID, at: Date) async throws
    func uncomplete(_ resourceID: UUID, by userID: UUID) async throws -> Bool
    func rate(_ resourceID: UUID, by userID: UUID, rating: Int, at: Date) async throws
    func records(of userID: UUID) async throws -> [LearningRecord]
}

/// Learning resources: admins keep them; members complete and rate them.
public struct LearningService: Sendable {
    let store: any LearningStore
    let career: any CareerStore
    let clock: any WallClock
    /// Where completions and ratings are reported (Analytics); nowhere when nil.
    let events: (any EventSink)?

    public init(store: any LearningStore, career: any CareerStore, clock: any WallClock, events: (any EventSink)? = nil) {
        self.store = store
        self.career = career
        self.clock = clock
        self.events = events
    }

    /// `organizations` nil: every resource (platform admins).
    public func list(organizations: Set<UUID>?, skillURI: String?, query: String?, page: PageRequest) async throws -> Page<LearningResource> {
        var skillIDs: [UUID]?
        if let skillURI {
            guard let skill = try await career.skill(uri: skillURI) else { throw DomainError.invalid(field: "skill", reason: "is not a skill in the catalog") }
            skillIDs = [skill.id]
        }
        if let query, query.count > 200 { throw DomainError.invalid(field: "q", reason: "must be at most 200 characters") }
        return try await store.resources(organizations: organizations, skillIDs: skillIDs, query: query, page: page)
    }

    public func resource(_ id: UUID, organizations: Set<UUID>?) async throws -> LearningResource {
        guard let resource = try await store.resources(ids: [id]).first,
              organizations == nil || resource.organizationID.map({ organizations!.contains($0) }) ?? true
        else { throw DomainError.notFound("learning resource") }
        return resource
    }

    /// The resources with these ids that the organizations may see, in the order asked.
    public func resources(ids: [UUID], organizations: Set<UUID>?) async throws -> [LearningResource] {
        try await store.resources(ids: ids).filter { resource in
            organizations == nil || resource.organizationID.map { organizations!.contains($0) } ?? true
        }
    }

    /// Resources teaching any of the skills, newest first.
    public func teaching(_ skillIDs: [UUID], organizations: Set<UUID>?, limit: Int) async throws -> [LearningResource] {
        try await store.resources(organizations: organizations, skillIDs: skillIDs, query: nil, page: try PageRequest(limit: min(limit, PageRequest.maximumLimit))).items
    }

    public func create(_ input: LearningResourceInput) async throws -> LearningResource {
        let resource = try await build(input, id: UUID())
        try await store.save(resource, at: clock.now())
        return resource
    }

    public func replace(_ existing: LearningResource, with input: LearningResourceInput) async throws -> LearningResource {
        var input = input
        input.organizationId = existing.organizationID
        var resource = try await build(input, id: existing.id)
        resource.averageRating = existing.averageRating
        resource.ratingCount = existing.ratingCount
        resource.completionCount = existing.completionCount
        try await store.save(resource, at: clock.now())
        return resource
    }

    public func complete(_ resource: LearningResource, by userID: UUID) async throws {
        try await store.complete(resource.id, by: userID, at: clock.now())
        await events?.publish(DomainEvent(name: "resource_completed", subjectID: userID, occurredAt: clock.now(),
                                          properties: ["resource_id": resource.id.uuidString.lowercased()]))
    }

    public func uncomplete(_ resource: LearningResource, by userID: UUID) async throws {
        guard try await store.uncomplete(resource.id, by: userID) else { throw DomainError.notFound("completion") }
    }

    public func rate(_ resource: LearningResource, by userID: UUID, rating: Int) async throws {
        guard (1...5).contains(rating) else { throw DomainError.invalid(field: "rating", reason: "must be between 1 and 5") }
        try await store.rate(resource.id, by: userID, rating: rating, at: clock.now())
        await events?.publish(DomainEvent(name: "resource_rated", subjectID: userID, occurredAt: clock.now(),
                                          properties: ["resource_id": resource.id.uuidString.lowercased(), "rating": String(rating)]))
    }

    public func records(of userID: UUID) async throws -> [LearningRecord] {
        try await store.records(of: userID)
    }

    func build(_ input: LearningResourceInput, id: UUID) async throws -> LearningResource {
        let format = input.format.lowercased()
        guard LearningResource.formats.contains(format) else {
            throw DomainError.invalid(field: "format", reason: "must be one of \(LearningResource.formats.sorted().joined(separator: ", "))")
        }
        guard (1...100_000).contains(input.durationMinutes) else { throw DomainError.invalid(field: "duration_minutes", reason: "must be between 1 and 100000") }
        var skills: [SkillRef] = []
        for (index, uri) in (input.skillUris ?? []).prefix(50).enumerated() {
            guard let skill = try await career.skill(uri: uri) else { throw DomainError.invalid(field: "skill_uris[\(index)]", reason: "is not a skill in the catalog") }
            if !skills.contains(skill) { skills.append(skill) }
        }
        return LearningResource(
            id: id, organizationID: input.organizationId, title: try Validate.text(input.title, field: "title", max: 300),
            provider: try Validate.text(input.provider, field: "provider", max: 200), url: try Validate.url(input.url, field: "url"),
            format: format, durationMinutes: input.durationMinutes, level: try Validate.level(input.level, field: "level"), skills: skills
        )
    }
}
