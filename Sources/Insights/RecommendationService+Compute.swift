import Career
import Core
import Foundation
import Intelligence

extension RecommendationService {
    /// A trained model and the resources its items stand for.
    struct Trained: Sendable {
        let version: Int
        let model: ImplicitALS.Model
        let itemIndex: [UUID: Int]

        /// "CRA1", the header's length (UInt32, little-endian), a JSON header with the member and
        /// resource ids in model order, then the model's own bytes.
        static func encode(_ model: ImplicitALS.Model, members: [UUID], items: [UUID]) throws -> Data {
            let header = try JSONEncoder().encode(Header(members: members, items: items))
            var data = Data("CRA1".utf8)
            withUnsafeBytes(of: UInt32(header.count).littleEndian) { data.append(contentsOf: $0) }
            return data + header + model.encoded()
        }

        static func decode(_ artefact: ModelArtefact) throws -> Trained {
            let data = Data(artefact.data)
            guard data.count >= 8, data.prefix(4).elementsEqual("CRA1".utf8) else { throw ImplicitALS.Model.DecodingError.notAModel }
            let length = Int(data.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 4, as: UInt32.self)) })
            guard data.count >= 8 + length else { throw ImplicitALS.Model.DecodingError.truncated }
            let header = try JSONDecoder().decode(Header.self, from: data[8..<(8 + length)])
            let model = try ImplicitALS.Model(decoding: data[(8 + length)...])
            guard model.items == header.items.count else { throw ImplicitALS.Model.DecodingError.truncated }
            return Trained(version: artefact.version, model: model,
                           itemIndex: Dictionary(uniqueKeysWithValues: header.items.enumerated().map { ($1, $0) }))
        }

        struct Header: Codable {
            let members: [UUID]
            let items: [UUID]
        }
    }

    /// Every resource as the blend sees it, with skills as ordinals.
    struct Catalog: Sendable {
        let mark: ChangeMark
        let resources: [LearningResource]
        let blend: [LearningBlend.Resource]
        let index: [UUID: Int]
        let skillOrdinal: [UUID: Int]
    }

    /// The newest stored model; looked up at most once a minute (another process may train).
    func currentModel() async throws -> Trained? {
        if let checked = trainedCheckedAt, checked.duration(to: ContinuousClock.now) < .seconds(60) { return trained }
        trainedCheckedAt = ContinuousClock.now
        let latest = try await store.latestArtefactStamp(kind: Self.kind)
        guard let latest, latest.version != trained?.version, let artefact = try await store.latestArtefact(kind: Self.kind) else { return trained }
        trained = try Trained.decode(artefact)
        return trained
    }

    /// Resources as held in memory; checked for changes at most every ten seconds. New or
    /// changed resources get their vectors here.
    func currentCatalog() async throws -> Catalog {
        if let catalog, let checked = catalogCheckedAt, checked.duration(to: ContinuousClock.now) < .seconds(10) { return catalog }
        let mark = try await store.learningResourcesMark()
        catalogCheckedAt = ContinuousClock.now
        if let catalog, catalog.mark == mark { return catalog }
        let resources = try await store.learningResources()
        try await embeddings.refresh(.resource)
        let vectors = try await embeddings.index(.resource)
        var skills: [UUID: Int] = [:]
        let blend = resources.map { resource in
            LearningBlend.Resource(
                skills: resource.skills.map { skill in skills[skill.id] ?? { skills[skill.id] = skills.count; return skills.count - 1 }() },
                level: resource.level, vector: vectors.vector(for: resource.id), completions: resource.completionCount, title: resource.title)
        }
        let fresh = Catalog(mark: mark, resources: resources, blend: blend,
                            index: Dictionary(uniqueKeysWithValues: resources.enumerated().map { ($1.id, $0) }), skillOrdinal: skills)
        catalog = fresh
        return fresh
    }

    func compute(_ userID: UUID, trained: Trained?, catalog: Catalog, records: [LearningInteraction], goals: [Goal],
                 organizations: Set<UUID>?, limit: Int) async throws -> [LearningRecommendation] {
        let visible = catalog.resources.indices.filter { index in
            guard let owner = catalog.resources[index].organizationID, let organizations else { return true }
            return organizations.contains(owner)
        }
        var collaborative: [Float?]?
        if let trained {
            let mine = records.compactMap { record in trained.itemIndex[record.resourceID].map { (item: $0, strength: 1 + 2 * Self.strength(record)) } }
            if !mine.isEmpty {
                let scores = trained.model.scores(vector: trained.model.foldIn(mine))
                collaborative = catalog.resources.map { resource in trained.itemIndex[resource.id].map { scores[$0] } }
            }
        }
        let gap = try await self.gap(of: userID, goals: goals, organizations: organizations ?? [])
        let member = LearningBlend.Member(
            gaps: gap?.items.compactMap { item in
                guard item.status != .met, let skill = catalog.skillOrdinal[item.skill.id] else { return nil }
                return LearningBlend.Gap(skill: skill, importance: item.importance, currentLevel: item.currentLevel ?? 0, targetLevel: item.targetLevel)
            } ?? [],
            collaborative: collaborative, profile: try await embeddings.profileVector(userID),
            done: Set(records.filter(\.completed).compactMap { catalog.index[$0.resourceID] }))
        let labels = Dictionary(catalog.resources.flatMap(\.skills).map { ($0.id, $0.label) }) { a, _ in a }
        let skillIDs = Dictionary(catalog.skillOrdinal.map { ($1, $0) }) { a, _ in a }
        return LearningBlend().rank(member, resources: catalog.blend, candidates: visible, limit: limit).map { pick in
            let resource = catalog.resources[pick.resource]
            return LearningRecommendation(resource: resource, score: Int((pick.score * 100).rounded()), reasons: pick.reasons.map { reason in
                switch reason {
                case let .closesGap(skill):
                    let label = skillIDs[skill].flatMap { labels[$0] } ?? "a skill"
                    return gap.map { "Closes your gap in \(label), which \($0.target.occupation.label) needs." } ?? "Closes your gap in \(label)."
                case .similarMembers: return "Members on a similar path completed it."
                case .nearProfile: return "Close to what your profile says you do."
                case .popular: return "Popular: \(resource.completionCount) member\(resource.completionCount == 1 ? "" : "s") completed it."
                }
            })
        }
    }

    /// The member's gap for where they are heading (see `SkillGapService.target`); none without a target.
    func gap(of userID: UUID, goals: [Goal], organizations: Set<UUID>) async throws -> SkillGapReport? {
        guard let target = try await gaps.target(of: userID, goals: goals)?.role else { return nil }
        do {
            return try await gaps.gap(of: userID, targetRole: target, visibleTo: OpportunityFilter(organizations: organizations))
        } catch DomainError.invalid {
            return nil
        }
    }
}
