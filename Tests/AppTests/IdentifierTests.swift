@testable import App
import Career
import Core
import Foundation
import Identity
import Testing

/// New identifiers come from the platform's source, like "now" from its clock: a test that
/// injects a sequence knows every id the services create.
@Suite struct IdentifierTests {
    @Test func theServicesTakeNewIdsFromTheInjectedSource() async throws {
        let ids = SequentialIdentifiers(start: 0x100)
        #expect(SequentialIdentifiers().next().uuidString == "00000000-0000-0000-0000-000000000001")
        try await TestPlatform.with(ids: ids) { platform in
            let account = try await platform.auth.signUp(email: "seq@example.com", password: AuthClient.password, name: "Seq",
                                                         origin: RequestOrigin(address: nil, userAgent: nil, requestID: nil))
            let member = Principal(userID: account.id, platformRole: .member, memberships: [], credential: .session(id: UUID()))
            let goal = try await platform.career.createGoal(for: account.id, as: member, GoalInput(title: "Lead a team", milestones: [.init(title: "Mentor")]))
            let made = [account.id, goal.id] + goal.milestones.map(\.id)
            #expect(made.allSatisfy { $0.uuidString.hasPrefix("00000000-0000-0000-0000-0000000001") }, "\(made)")
            #expect(Set(made).count == 3)
            #expect(goal.id.uuidString > account.id.uuidString, "in the order they were made")
        }
    }
}
