@testable import App
@testable import Career
import Core
import Foundation
@testable import Identity
@testable import Insights
import Intelligence
import SQLKit
@testable import Storage
import Testing
import Tools

@Suite struct DemoDataTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func generatesTheDemoSetWithWorkingLoginsAndSealedPersonalData() async throws {
        try await TestPlatform.with(clock: FixedClock(Self.now)) { platform in
            _ = try await platform.loadTaxonomy(from: nil) { _ in }
            let summary = try await platform.demoSeeder.seed()
            #expect(summary.organizations == 3)
            #expect(summary.members == 150)
            #expect(summary.opportunities == 500)
            #expect(summary.resources == 300)
            #expect(summary.workExperiences >= 150)
            #expect(summary.userSkills >= 200)
            #expect(summary.events >= 1_000)

            let sql = platform.persistence.sql
            struct User: Decodable { let email_sealed: String; let email_index: String; let name_sealed: String; let password_hash: String?; let platform_role: String }
            let users = try await sql.select().columns("email_sealed", "email_index", "name_sealed", "password_hash", "platform_role").from("users").all(decoding: User.self)
            #expect(users.allSatisfy { !$0.email_sealed.contains("@") && !$0.name_sealed.contains(" ") })

            // The demo logins are found through the blind index and their passwords verify.
            for (email, password, role) in [(DemoSeeder.memberEmail, DemoSeeder.memberPassword, "member"), (DemoSeeder.adminEmail, DemoSeeder.adminPassword, "platform_admin"),
                                            (DemoSeeder.coachEmail, DemoSeeder.coachPassword, "member")] {
                let user = try #require(users.first { $0.email_index == platform.cipher.blindIndex(email) })
                #expect(try platform.cipher.open(user.email_sealed) == email)
                #expect(user.platform_role == role)
                #expect(try await BcryptHasher(cost: 4).verify(password, against: try #require(user.password_hash)))
            }

            // Events carry pseudonyms, never a member's id.
            struct Event: Decodable { let pseudonym: String }
            let events = try await sql.select().column("pseudonym").from("user_events").limit(50).all(decoding: Event.self)
            let ids = try await sql.select().column("id").from("users").all(decoding: IDRow.self).map { $0.id.uuidString.lowercased() }
            #expect(events.allSatisfy { event in !ids.contains(event.pseudonym) })

            // The demo member's career reads back through the career core.
            let demo = try await TestPlatform.userID(DemoSeeder.memberEmail, in: platform)
            let me = try await platform.auth.principal(userID: demo, credential: .session(id: UUID()))
            let profile = try await platform.career.profile(of: demo, as: me)
            #expect(profile.headline != nil && !profile.experiences.isEmpty && profile.experiences.allSatisfy { $0.occupation != nil })
            #expect(try await !platform.career.skills(of: demo, as: me).isEmpty)
            #expect(try await platform.career.goals(of: demo, as: me).contains { $0.kind == .role && !$0.milestones.isEmpty })
            #expect(summary.plans >= 20)
            let plan = try #require(CareerService.currentPlan(in: try await platform.career.plans(of: demo, as: me)))
            #expect(plan.phases.count == 3 && plan.currentPhase != nil && plan.goalID != nil)

            // The work histories give career paths: from the member's current role, moves others made.
            let paths = try await platform.insights.careerPaths(of: demo, as: me, from: nil)
            #expect(paths.resolvedBy == "profile" && paths.paths.contains { $0.observedMoves > 0 })
            #expect(paths.paths.allSatisfy { $0.probability > 0 && $0.skillsToGain.count + $0.skillsHeld > 0 })
            // A true story: the ICT system administrator holds technologies of the job and part of
            // the architect's essential skills they aim at, and each path has its own duration.
            #expect(profile.experiences.contains { $0.title == "ICT system administrator" && $0.endedOn == nil })
            let held = try await platform.career.skills(of: demo, as: me)
            #expect(held.contains { $0.skill.uri.hasPrefix("urn:careerops:technology:") }, "\(held.map(\.skill.label))")
            let architect = try #require(paths.paths.first { $0.occupation.label == "ICT system architect" })
            #expect(architect.skillsHeld >= 3, "\(architect.skillsHeld) of the architect's essential skills")
            #expect(Set(paths.paths.map(\.typicalMonths)).count >= 3, "\(paths.paths.map(\.typicalMonths))")
            // Every technology the tracks name is in the vocabulary.
            struct Label: Decodable { let preferred_label: String }
            let technologies = Set(try await sql.raw("SELECT preferred_label FROM skill_catalog WHERE concept_uri IS NOT NULL").all(decoding: Label.self).map(\.preferred_label))
            #expect(Set(DemoCatalog.trackTools.joined()).subtracting(technologies).isEmpty, "\(Set(DemoCatalog.trackTools.joined()).subtracting(technologies))")
            // Postings read like postings, name technologies, and ask for them.
            struct Posting: Decodable { let description: String }
            let postings = try await sql.raw("SELECT description FROM opportunities WHERE title = 'ICT system administrator'").all(decoding: Posting.self)
            #expect(postings.contains { $0.description.contains("What we ask:") && $0.description.contains("Hands-on experience with") })
            // Their own words propose a skill they are learning and do not hold yet (read by name:
            // encoding the whole catalog is the worker's, minutes long).
            let byName = SkillIndexCache(source: platform.taxonomyStore, embeddings: nil)
            #expect(try await SkillProposals(career: platform.career, analyzer: byName).proposals(of: demo, as: me)
                .contains { $0.label == "Amazon Web Services" })
            // Demand for the most asked-for skill, weekly, with a forecast.
            struct Top: Decodable { let uri: String; let n: Int }
            let top = try #require(try await sql.raw("""
                SELECT s.uri, COUNT(*) AS n FROM opportunity_skills os JOIN skill_catalog s ON s.id = os.skill_id GROUP BY s.uri ORDER BY n DESC, s.uri LIMIT 1
                """).first(decoding: Top.self))
            let demand = try await platform.insights.demand.demand(of: top.uri, visibleTo: OpportunityFilter(allOrganizations: true))
            #expect(demand.weeks.count == 26 && demand.weeks.map(\.postings).reduce(0, +) == top.n)
            #expect(demand.forecast.count == 8 && demand.model != nil, "\(demand)")
            #expect(demand.forecast.allSatisfy { $0.lower <= $0.expected && $0.expected <= $0.upper })
            let evaluation = try await CareerPathModel.evaluate(store: SQLInsightStore(persistence: platform.persistence))
            #expect(evaluation.cases >= 20 && evaluation.accuracy >= evaluation.baselineAccuracy, "\(evaluation)")

            await #expect(throws: DemoSeeder.Failure.self) { try await platform.demoSeeder.seed() }
        }
    }

    @Test func sameSeedGivesTheSameData() async throws {
        func titles() async throws -> [String] {
            try await TestPlatform.with(clock: FixedClock(Self.now)) { platform in
                _ = try await platform.loadTaxonomy(from: nil) { _ in }
                _ = try await platform.demoSeeder.seed()
                struct Row: Decodable { let title: String }
                return try await platform.persistence.sql.select().column("title").from("opportunities")
                    .orderBy("id").all(decoding: Row.self).map(\.title)
            }
        }
        let first = try await titles()
        #expect(first.count == 500)
        #expect(try await titles() == first)
    }

    @Test func refusesWithoutATaxonomy() async throws {
        try await TestPlatform.with { platform in
            await #expect(throws: DemoSeeder.Failure.self) { try await platform.demoSeeder.seed() }
        }
    }
}

struct IDRow: Decodable { let id: UUID }
