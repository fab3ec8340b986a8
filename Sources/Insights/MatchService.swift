import Career
import Core
import Foundation
import Intelligence

/// A match explained: the score, each part's contribution, and the skills behind it.
public struct MatchBreakdown: Sendable, Equatable, Codable {
    public struct Part: Sendable, Equatable, Codable {
        /// `skills`, `semantic`, `role`, `preferences`.
        public let name: String
        public let points: Double
        public let maximum: Double
        public let detail: String

        public init(name: String, points: Double, maximum: Double, detail: String) {
            self.name = name
            self.points = points
            self.maximum = maximum
            self.detail = detail
        }
    }

    public struct Skill: Sendable, Equatable, Codable {
        public let uri: String
        public let label: String
        public let required: Bool
        public let wantedLevel: Int?
        public let yourLevel: Int?

        public init(uri: String, label: String, required: Bool, wantedLevel: Int?, yourLevel: Int?) {
            self.uri = uri
            self.label = label
            self.required = required
            self.wantedLevel = wantedLevel
            self.yourLevel = yourLevel
        }
    }

    public let score: Int
    public let parts: [Part]
    public let matchedSkills: [Skill]
    public let missingSkills: [Skill]
    public let summary: String

    /// The parts' sum in thousandths, as `opportunity_matches` keeps it.
    public var scorePermille: Int { Int((parts.map(\.points).reduce(0, +) * 10).rounded()) }

    public init(score: Int, parts: [Part], matchedSkills: [Skill], missingSkills: [Skill], summary: String) {
        self.score = score
        self.parts = parts
        self.matchedSkills = matchedSkills
        self.missingSkills = missingSkills
        self.summary = summary
    }
}

/// An opportunity with its match.
public struct OpportunityMatch: Sendable, Equatable {
    public let opportunity: Opportunity
    public let breakdown: MatchBreakdown

    public init(opportunity: Opportunity, breakdown: MatchBreakdown) {
        self.opportunity = opportunity
        self.breakdown = breakdown
    }
}

/// Matches members with open opportunities. The open postings are held in memory (reloaded when
/// they change); a member's matches are scored on demand, stored in `opportunity_matches`, and
/// refreshed by the worker when their profile or the postings change.
public actor MatchService {
    let store: any InsightStore
    let career: any CareerStore
    let embeddings: EmbeddingService
    let clock: any WallClock
    let matcher = OpportunityMatcher()
    /// How many matches are kept per member.
    public static let stored = 50

    struct Snapshot {
        let version: ChangeMark
        let opportunities: [Opportunity]
        let table: OpportunityMatcher.PostingTable
        let skillOrdinals: [UUID: Int32]
        let occupationOrdinals: [UUID: Int32]
        let placeOrdinals: [String: Int32]
    }

    private var snapshot: Snapshot?
    private var checkedAt: ContinuousClock.Instant?
    /// Loads are numbered as they start: one that finishes after a later one (the actor is
    /// re-entered while a load awaits the database) does not replace the later one's snapshot.
    private var loadsStarted = 0
    private var snapshotLoad = -1
    /// The matches last computed and stored for each member (up to 10,000 members), with what
    /// they were computed from (a hash): the same inputs give the same matches, answered without
    /// scoring or storing them again.
    private var computed: [UUID: (fingerprint: Int, matches: [OpportunityMatch])] = [:]

    public init(store: any InsightStore, career: any CareerStore, embeddings: EmbeddingService, clock: any WallClock) {
        self.store = store
        self.career = career
        self.embeddings = embeddings
        self.clock = clock
    }

    static func place(_ location: String?) -> String? {
        guard let first = location?.split(separator: ",").first else { return nil }
        let place = first.trimmingCharacters(in: .whitespaces).lowercased()
        return place.isEmpty ? nil : place
    }

    /// Postings changed in this process: the next use reloads them.
    public func postingsChanged() {
        checkedAt = nil
    }

    /// The open postings as the matcher sees them; checked for changes at most once a second
    /// (changes made by other processes), and at once after `postingsChanged`.
    func current() async throws -> Snapshot {
        if let snapshot, let checkedAt, checkedAt.duration(to: .now) < .seconds(1) { return snapshot }
        let load = loadsStarted
        loadsStarted += 1
        let version = try await store.opportunityVersion()
        checkedAt = .now
        if let snapshot, snapshot.version == version { return snapshot }
        let opportunities = try await store.openOpportunities()
        try await embeddings.refresh(.opportunity, texts: opportunities.map { ($0.id, EmbeddingService.text(of: $0)) })
        var skills: [UUID: Int32] = [:], occupations: [UUID: Int32] = [:], places: [String: Int32] = [:]
        func ordinal<Key: Hashable>(_ key: Key, _ table: inout [Key: Int32]) -> Int32 {
            if let known = table[key] { return known }
            table[key] = Int32(table.count)
            return Int32(table.count - 1)
        }
        let postings = opportunities.map { opportunity in
            OpportunityMatcher.Posting(
                needs: opportunity.skills.map { .init(skill: ordinal($0.skill.id, &skills), required: $0.required, minLevel: $0.minLevel) },
                occupation: opportunity.occupation.map { ordinal($0.id, &occupations) },
                seniority: JobDescriptionAnalyzer.seniorityRank(of: opportunity.title),
                place: Self.place(opportunity.location).map { ordinal($0, &places) }, remote: opportunity.remote,
                salaryMax: opportunity.salaryMaxYearly ?? opportunity.salaryMinYearly, currency: opportunity.salaryCurrency)
        }
        let vectors = try await embeddings.index(.opportunity)
        let fresh = Snapshot(version: version, opportunities: opportunities,
                             table: .init(postings, vectors: opportunities.map { vectors.vector(for: $0.id) }), skillOrdinals: skills,
                             occupationOrdinals: occupations, placeOrdinals: places)
        if load > snapshotLoad {
            snapshot = fresh
            snapshotLoad = load
        }
        return fresh
    }

    /// Open opportunities as held in memory.
    public func openOpportunities() async throws -> [Opportunity] {
        try await current().opportunities
    }

    /// The member's best matches (up to `stored`) among what the filter lets them see, scored
    /// and stored now unless nothing they are computed from changed since the last time.
    func matches(of userID: UUID, visibleTo filter: OpportunityFilter) async throws -> [OpportunityMatch] {
        let snapshot = try await current()
        let profile = try await career.profile(of: userID)
        let held = try await career.skills(of: userID)
        let vector = try await embeddings.profileVector(userID, profile: profile, skills: held)
        var inputs = Hasher()
        inputs.combine(snapshot.version.count)
        inputs.combine(snapshot.version.changedAt)
        inputs.combine(profile?.updatedAt)
        inputs.combine(held.map(\.updatedAt).max())
        inputs.combine(held.count)
        inputs.combine(filter)
        inputs.combine(vector != nil)
        let fingerprint = inputs.finalize()
        if let known = computed[userID], known.fingerprint == fingerprint { return known.matches }
        var levels = [Int8](repeating: 0, count: snapshot.skillOrdinals.count)
        let bySkill = held.heldWithConcepts
        for (id, skill) in bySkill { if let ordinal = snapshot.skillOrdinals[id] { levels[Int(ordinal)] = Int8(skill.level) } }
        var occupations = Set<Int32>()
        var titles = profile?.preferences.targetRoles ?? []
        if let current = profile?.currentExperience {
            titles.append(current.title)
            if let occupation = current.occupation, let ordinal = snapshot.occupationOrdinals[occupation.id] { occupations.insert(ordinal) }
        }
        for title in profile?.preferences.targetRoles ?? [] {
            if let occupation = try await career.occupation(titled: OpportunityService.roleTitle(title)),
               let ordinal = snapshot.occupationOrdinals[occupation.id] { occupations.insert(ordinal) }
        }
        let places = Set(((profile?.preferences.locations ?? []) + [profile?.location].compactMap { $0 })
            .compactMap { Self.place($0).flatMap { snapshot.placeOrdinals[$0] } })
        let member = OpportunityMatcher.Member(
            levels: levels, occupations: occupations,
            seniority: (profile?.currentExperience?.title ?? profile?.headline).flatMap(JobDescriptionAnalyzer.seniorityRank(of:)),
            places: places, remote: profile?.preferences.remote, salaryMin: profile?.preferences.salaryMinYearly, currency: profile?.preferences.currency)
        let visible = snapshot.opportunities.indices.filter { OpportunityService.visible(snapshot.opportunities[$0], to: filter) }
        let scores = matcher.best(Self.stored, for: member, in: snapshot.table,
                                  candidates: visible.count == snapshot.opportunities.count ? nil : visible, profile: vector)
        let matches = scores.map { score in
            let opportunity = snapshot.opportunities[score.posting]
            return OpportunityMatch(opportunity: opportunity, breakdown: Self.explain(score, opportunity, bySkill, weights: matcher.weights))
        }
        let now = clock.now()
        try await store.replaceMatches(matches.map {
            StoredMatch(opportunityID: $0.opportunity.id, scorePermille: $0.breakdown.scorePermille, breakdown: $0.breakdown, computedAt: now)
        }, of: userID)
        if computed.count >= 10_000 { computed.removeAll() }
        computed[userID] = (fingerprint, matches)
        return matches
    }

    static func explain(_ score: OpportunityMatcher.Score, _ opportunity: Opportunity, _ held: [UUID: MemberSkill],
                        weights: OpportunityMatcher.Weights) -> MatchBreakdown {
        let skills = opportunity.skills.map { need in
            MatchBreakdown.Skill(uri: need.skill.uri, label: need.skill.label, required: need.required, wantedLevel: need.minLevel,
                                 yourLevel: held[need.skill.id]?.level)
        }
        let matched = skills.filter { $0.yourLevel != nil }
        let missing = skills.filter { $0.yourLevel == nil }
        let below = matched.filter { ($0.yourLevel ?? 0) < ($0.wantedLevel ?? 0) }
        var skillDetail = opportunity.skills.isEmpty ? "The posting names no skills."
            : "You have \(matched.count) of the \(skills.count) skills it asks for"
        if !below.isEmpty { skillDetail += "; below the level asked in " + below.map(\.label).joined(separator: ", ") }
        if !opportunity.skills.isEmpty { skillDetail += "." }
        let semanticDetail = score.similarity.map { "Your profile and the posting read \(Int(($0 * 100).rounded()))% alike." }
            ?? "No profile text to compare yet."
        let roleDetail = opportunity.occupation.map { "The role is \($0.label)." } ?? "The role is not in the catalog."
        var preferences: [String] = []
        if opportunity.remote { preferences.append("remote") }
        if let location = opportunity.location { preferences.append("in \(location)") }
        if let maximum = opportunity.salaryMaxYearly, let currency = opportunity.salaryCurrency { preferences.append("pays up to \(maximum) \(currency) a year") }
        let parts = [
            MatchBreakdown.Part(name: "skills", points: round(score.skills), maximum: weights.skills, detail: skillDetail),
            .init(name: "semantic", points: round(score.semantic), maximum: weights.semantic, detail: semanticDetail),
            .init(name: "role", points: round(score.role), maximum: weights.role, detail: roleDetail),
            .init(name: "preferences", points: round(score.preferences), maximum: weights.preferences,
                  detail: preferences.isEmpty ? "No location, remote or salary details." : "It is " + preferences.joined(separator: ", ") + "."),
        ]
        let strongest = parts.max { $0.points / $0.maximum < $1.points / $1.maximum }!
        var summary = "\(Int(score.total.rounded()))/100 — strongest on \(strongest.name)."
        if let gap = missing.first(where: \.required) { summary += " Missing: \(gap.label)." }
        return MatchBreakdown(score: Int(score.total.rounded()), parts: parts, matchedSkills: matched, missingSkills: missing, summary: summary)
    }

    static func round(_ value: Double) -> Double { (value * 10).rounded() / 10 }

    /// Recomputes the stored matches of members whose profile, skills or postings changed since.
    public func refreshStale(limit: Int = 500) async throws -> Int {
        let snapshot = try await current()
        let members = try await store.membersNeedingMatches(postingsChangedAt: snapshot.version.changedAt, limit: limit)
        for member in members {
            try Task.checkCancellation()
            _ = try await matches(of: member, visibleTo: OpportunityFilter(organizations: try await store.organizations(of: member)))
        }
        return members.count
    }

    /// The stored matches of a member, best first (what the worker keeps fresh).
    func storedMatches(of userID: UUID) async throws -> [StoredMatch] {
        try await store.matches(of: userID).sorted { $0.scorePermille > $1.scorePermille }
    }
}
