import Career
import Foundation
import Identity

/// Loads one kind of member data for a GraphQL request in batches: every member the request
/// has surfaced so far (`register`) and not yet loaded is fetched in one query the first time
/// any of them is asked for. So `coachees { skills }` costs one skills query, not one per member.
actor BatchLoader<Value: Sendable> {
    private let fetch: @Sendable ([UUID]) async throws -> [UUID: Value]
    private let empty: Value
    private var known: [UUID] = []
    private var knownSet: Set<UUID> = []
    private var loads: [UUID: Task<[UUID: Value], any Error>] = [:]
    /// How many fetches ran (for tests and metrics).
    private(set) var batches = 0

    init(empty: Value, fetch: @escaping @Sendable ([UUID]) async throws -> [UUID: Value]) {
        self.empty = empty
        self.fetch = fetch
    }

    func register(_ ids: [UUID]) {
        for id in ids where knownSet.insert(id).inserted { known.append(id) }
    }

    func load(_ id: UUID) async throws -> Value {
        register([id])
        if loads[id] == nil {
            let batch = known.filter { loads[$0] == nil }
            let fetch = self.fetch
            let task = Task { try await fetch(batch) }
            batches += 1
            for member in batch { loads[member] = task }
        }
        return try await loads[id]!.value[id] ?? empty
    }
}

/// The batch loaders of one GraphQL request.
struct CareerLoader: Sendable {
    let profiles: BatchLoader<Profile?>
    let skills: BatchLoader<[MemberSkill]>
    let goals: BatchLoader<[Goal]>
    let plans: BatchLoader<[Plan]>

    /// Each batch is read as the caller, so that only members whose data they may read come back.
    init(career: CareerService, caller: Principal?) {
        @Sendable func signedIn() throws -> Principal { try AccessPolicy.requireSignedIn(caller) }
        profiles = BatchLoader(empty: nil) { try await career.profiles(of: $0, as: try signedIn()) }
        skills = BatchLoader(empty: []) { try await career.skills(of: $0, as: try signedIn()) }
        goals = BatchLoader(empty: []) { try await career.goals(of: $0, as: try signedIn()) }
        plans = BatchLoader(empty: []) { try await career.plans(of: $0, as: try signedIn()) }
    }

    /// Members whose data the request may ask for next.
    func register(_ ids: [UUID]) async {
        await profiles.register(ids)
        await skills.register(ids)
        await goals.register(ids)
        await plans.register(ids)
    }
}
