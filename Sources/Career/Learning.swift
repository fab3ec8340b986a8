import Core
import Foundation
import Identity

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

/// Learning resources: admins keep them (platform admins every one, an organization's admins
/// its own); members see the global ones and their organizations', and complete and rate them.
/// Every call names the caller, and the service decides what they may see and change.
public struct LearningService: Sendable {
    let store: any LearningStore
    let career: any CareerStore
    let access: CareerAccess
    let clock: any WallClock
    let ids: any IdentifierSource
    /// Where completions and ratings are reported (Analytics); nowhere when nil.
    let events: (any EventSink)?

    public init(store: any LearningStore, career: any CareerStore, access: CareerAccess, clock: any WallClock, ids: any IdentifierSource = RandomIdentifiers(), events: (any EventSink)? = nil) {
        self.store = store
        self.career = career
        self.access = access
        self.clock = clock
        self.ids = ids
        self.events = events
    }

    public func list(as caller: Principal, skillURI: String?, query: String?, page: PageRequest) async throws -> Page<LearningResource> {
        var skillIDs: [UUID]?
        if let skillURI {
            guard let skill = try await career.skill(uri: skillURI) else { throw DomainError.invalid(field: "skill", reason: "is not a skill in the catalog") }
            skillIDs = [skill.id]
        }
        if let query, TextRules.length(query) > 200 { throw DomainError.invalid(field: "q", reason: "must be at most 200 characters") }
        return try await store.resources(organizations: caller.learningScope, skillIDs: skillIDs, query: query, page: page)
    }

    /// The resource, if the caller may see it.
    public func resource(_ id: UUID, as caller: Principal) async throws -> LearningResource {
        guard let resource = try await store.resources(ids: [id]).first, Self.visible(resource, to: caller) else {
            throw DomainError.notFound("learning resource")
        }
        return resource
    }

    /// The resources with these ids that the caller may see, in the order asked.
    public func resources(ids: [UUID], as caller: Principal) async throws -> [LearningResource] {
        try await store.resources(ids: ids).filter { Self.visible($0, to: caller) }
    }

    package static func visible(_ resource: LearningResource, to caller: Principal) -> Bool {
        guard let organizations = caller.learningScope else { return true }
        return resource.organizationID.map(organizations.contains) ?? true
    }

    /// Resources teaching any of the skills that the caller may see, newest first.
    public func teaching(_ skillIDs: [UUID], as caller: Principal, limit: Int) async throws -> [LearningResource] {
        try await store.resources(organizations: caller.learningScope, skillIDs: skillIDs, query: nil,
                                  page: try PageRequest(limit: min(limit, PageRequest.maximumLimit))).items
    }

    /// A new resource, global (platform admins) or of an organization the caller administers.
    public func create(_ input: LearningResourceInput, as caller: Principal) async throws -> LearningResource {
        guard caller.allows(.write), caller.administers(input.organizationId) else { throw DomainError.forbidden }
        if let organization = input.organizationId, try await !career.organizationExists(organization) {
            throw DomainError.notFound("organization")
        }
        let resource = try await build(input, id: ids.next())
        try await store.save(resource, at: clock.now())
        return resource
    }

    /// The resource `id` rewritten (it keeps its organization), by one of its admins.
    public func replace(_ id: UUID, with input: LearningResourceInput, as caller: Principal) async throws -> LearningResource {
        let existing = try await resource(id, as: caller)
        guard caller.allows(.write), caller.administers(existing.organizationID) else { throw DomainError.forbidden }
        var input = input
        input.organizationId = existing.organizationID
        var resource = try await build(input, id: existing.id)
        resource.averageRating = existing.averageRating
        resource.ratingCount = existing.ratingCount
        resource.completionCount = existing.completionCount
        try await store.save(resource, at: clock.now())
        return resource
    }

    /// The caller completed the resource.
    public func complete(_ id: UUID, as caller: Principal) async throws {
        let resource = try await writable(id, caller)
        try await store.complete(resource.id, by: caller.userID, at: clock.now())
        await events?.publish(DomainEvent(name: "resource_completed", subjectID: caller.userID, occurredAt: clock.now(),
                                          properties: ["resource_id": resource.id.uuidString.lowercased()]))
    }

    public func uncomplete(_ id: UUID, as caller: Principal) async throws {
        let resource = try await writable(id, caller)
        guard try await store.uncomplete(resource.id, by: caller.userID) else { throw DomainError.notFound("completion") }
    }

    /// The caller's rating of the resource, 1–5.
    public func rate(_ id: UUID, as caller: Principal, rating: Int) async throws {
        let resource = try await writable(id, caller)
        guard (1...5).contains(rating) else { throw DomainError.invalid(field: "rating", reason: "must be between 1 and 5") }
        try await store.rate(resource.id, by: caller.userID, rating: rating, at: clock.now())
        await events?.publish(DomainEvent(name: "resource_rated", subjectID: caller.userID, occurredAt: clock.now(),
                                          properties: ["resource_id": resource.id.uuidString.lowercased(), "rating": String(rating)]))
    }

    /// A resource the caller may see, for recording their own completion or rating.
    private func writable(_ id: UUID, _ caller: Principal) async throws -> LearningResource {
        let resource = try await resource(id, as: caller)
        guard caller.allows(.write) else { throw DomainError.forbidden }
        return resource
    }

    /// What the member completed and rated, for a caller who may read their data.
    public func records(of member: UUID, as caller: Principal) async throws -> [LearningRecord] {
        try await access.requireRead(member, by: caller)
        return try await store.records(of: member)
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
