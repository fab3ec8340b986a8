@testable import App
@testable import Career
import Core
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Insights
import Testing

/// Matching, skill gaps and the vectors behind them, through the API on the small catalog.
@Suite struct InsightTests {
    @Test func matchesAreScoredInPartsExplainedStoredAndRefreshed() async throws {
        try await CareerTests.withCareerApp { platform, api in
            let (admin, member) = try await MarketTests.people(platform, api)
            _ = try await api.call(.patch, "/api/v1/users/me/profile", [
                "headline": "Software developer building prototypes", "location": "Utrecht, NL",
                "experiences": [["title": "Software developer", "employer": "Acme", "started_on": "2020-01-01"]],
                "preferences": ["remote": true, "salary_min_yearly": 50000, "currency": "EUR"],
            ], token: member)
            _ = try await api.call(.post, "/api/v1/users/me/skills", ["uri": Fixture.prototypeSkill, "level": 2], token: member)
            #expect(try await api.call(.get, "/api/v1/opportunities/match", token: member).1["items"].array.isEmpty, "no postings yet")
            let fit = try #require(try await api.call(.post, "/api/v1/opportunities", [
                "title": "Software Developer", "employer": "Acme", "description": "Develop software prototypes with the product team.",
                "remote": true, "salary_min_yearly": 55000, "salary_max_yearly": 70000, "salary_currency": "EUR",
                "skills": [["uri": Fixture.prototypeSkill, "min_level": 3]],
            ], token: admin).1["id"].string)
            _ = try await api.call(.post, "/api/v1/opportunities", ["title": "Gardener", "employer": "Parks", "description": "Plant and prune trees.",
                                                                   "location": "Oslo"], token: admin)

            var (status, body) = try await api.call(.get, "/api/v1/opportunities/match?limit=5", token: member)
            #expect(status == .ok)
            let items = body["items"].array
            #expect(items.count == 2)
            #expect(items.first?["opportunity"]["id"].string == fit, "the posting that fits ranks first")
            let best = try #require(items.first)
            #expect(best["parts"].array.compactMap { $0["name"].string } == ["skills", "semantic", "role", "preferences"])
            #expect(best["parts"].array.allSatisfy { ($0["detail"].string ?? "").count > 10 })
            #expect(best["parts"][1]["points"].number ?? 0 > 0, "the profile and posting vectors were compared")
            #expect(best["matched_skills"][0]["your_level"].int == 2 && best["matched_skills"][0]["wanted_level"].int == 3)
            #expect((best["summary"].string ?? "").contains("/100"))
            #expect((best["score"].int ?? 0) > (items[1]["score"].int ?? 100))
            #expect(try await api.call(.get, "/api/v1/opportunities/match?limit=0", token: member).1["errors"]["limit"].string != nil)
            #expect(try await api.call(.get, "/api/v1/opportunities/match", token: nil).0 == .unauthorized)

            // Stored, and refreshed by the worker once the profile changes.
            let memberID = try #require(try await api.call(.get, "/api/v1/me", token: member).1["id"].string.flatMap(UUID.init(uuidString:)))
            #expect(try await platform.insights.matcher.storedMatches(of: memberID).count == 2)
            // Requests on several instances (or interleaved on one) may store a member's matches
            // at once: each replaces the set whole, none fails on the other's rows.
            let stored = try await platform.insights.matcher.storedMatches(of: memberID)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for round in 0..<8 {
                    group.addTask { try await platform.insights.matcher.store.replaceMatches(round.isMultiple(of: 2) ? stored : Array(stored.prefix(1)), of: memberID) }
                }
                try await group.waitForAll()
            }
            #expect([1, 2].contains(try await platform.insights.matcher.storedMatches(of: memberID).count))
            try await platform.insights.matcher.store.replaceMatches(stored, of: memberID)
            _ = try await platform.insights.matcher.refreshStale()
            #expect(try await platform.insights.matcher.refreshStale() == 0, "nothing changed since")
            try await Task.sleep(for: .milliseconds(20))
            _ = try await api.call(.post, "/api/v1/users/me/skills", ["name": "Tree pruning", "level": 4], token: member)
            #expect(try await platform.insights.matcher.refreshStale() == 1)

            // GraphQL: the same matches as a connection.
            (status, body) = try await api.call(.post, "/graphql", ["query": "{ matches(first: 1) { edges { node { score opportunity { title } } } pageInfo { hasNextPage } } }"], token: member)
            #expect(body["data"]["matches"]["edges"][0]["node"]["opportunity"]["title"].string == "Software Developer")
            #expect(body["data"]["matches"]["pageInfo"]["hasNextPage"].bool == true)

            // The postings matched follow who asks: an organization's own posting is matched for a
            // platform admin, and not (again) for someone outside the organization.
            let org = try #require(try await api.call(.post, "/api/v1/orgs", ["name": "Acme", "slug": "acme"], token: admin).1["id"].string)
            #expect(try await api.call(.post, "/api/v1/opportunities", ["title": "Prototype engineer", "employer": "Acme", "description": "Build prototypes.",
                                                                         "organization_id": org], token: admin).0 == .created)
            let outside = try await platform.insights.matcher.matches(of: memberID, visibleTo: OpportunityFilter())
            let everything = try await platform.insights.matcher.matches(of: memberID, visibleTo: OpportunityFilter(allOrganizations: true))
            #expect(everything.count == outside.count + 1)
            #expect(try await platform.insights.matcher.matches(of: memberID, visibleTo: OpportunityFilter()).map(\.opportunity.id) == outside.map(\.opportunity.id))
        }
    }

    @Test func careerPathsFollowMembersMovesAndBackOffToSimilarRoles() async throws {
        try await CareerTests.withCareerApp { platform, api in
            let (mover, member) = try await MarketTests.people(platform, api)
            for position in [["title": "Software developer", "employer": "Acme", "started_on": "2018-01-01", "ended_on": "2020-12-31"],
                             ["title": "Database administrator", "employer": "Acme", "started_on": "2021-01-01"]] {
                #expect(try await api.call(.post, "/api/v1/users/me/experiences", position, token: mover).0 == .created)
            }
            #expect(try await api.call(.get, "/api/v1/users/me/career-paths", token: member).1["errors"]["from"].string != nil,
                    "no position yet: the role must be named")
            _ = try await api.call(.post, "/api/v1/users/me/experiences", ["title": "Software developer", "employer": "Initech", "started_on": "2022-03-01"],
                                   token: member)
            _ = try await api.call(.post, "/api/v1/users/me/skills", ["uri": "http://data.europa.eu/esco/skill/04fe962b-4017-4eb7-9139-7d69b6922bc9", "level": 3], token: member)

            var (status, body) = try await api.call(.get, "/api/v1/users/me/career-paths", token: member)
            #expect(status == .ok, "\(body)")
            #expect(body["origin"]["uri"].string == Fixture.softwareDeveloper && body["resolved_by"].string == "profile")
            let top = try #require(body["paths"].array.first)
            #expect(top["occupation"]["label"].string == "database administrator")
            #expect(top["observed_moves"].int == 1 && top["typical_months"].int == 36)
            #expect((top["probability"].number ?? 0) > 0.5)
            #expect(top["skills_held"].int == 1, "the member holds one of its essential skills")
            #expect(!top["skills_to_gain"].array.isEmpty && !top["skills_to_gain"].array.contains { $0["uri"].string?.hasSuffix("04fe962b-4017-4eb7-9139-7d69b6922bc9") == true })

            // Nobody has left the database administrator role: the paths back off to similar roles.
            (status, body) = try await api.call(.get, "/api/v1/users/me/career-paths?from=database%20administrator&limit=3", token: member)
            #expect(body["resolved_by"].string == "title")
            #expect(body["paths"][0]["occupation"]["uri"].string == Fixture.softwareDeveloper && body["paths"][0]["observed_moves"].int == 0)
            #expect(try await api.call(.get, "/api/v1/users/me/career-paths?limit=99", token: member).1["errors"]["limit"].string != nil)
            let moverID = try #require(try await api.call(.get, "/api/v1/me", token: mover).1["id"].string)
            #expect(try await api.call(.get, "/api/v1/users/\(moverID)/career-paths", token: member).0 == .notFound)

            (status, body) = try await api.call(.post, "/graphql", ["query": "{ careerPaths(first: 1) { origin { label } paths { occupation { label } probability skillsToGain { name } } } }"], token: member)
            #expect(body["data"]["careerPaths"]["paths"][0]["occupation"]["label"].string == "database administrator", "\(body)")
        }
    }

    @Test func recommendationsCloseTheGapThenFollowSimilarMembersAndSayWhy() async throws {
        try await CareerTests.withCareerApp { platform, api in
            let (admin, member) = try await MarketTests.people(platform, api)
            func course(_ title: String, level: Int, skills: [String]) async throws -> String {
                try #require(try await api.call(.post, "/api/v1/learning-resources", [
                    "title": title, "provider": "OpenU", "url": "https://learn.example.org/\(title.count)", "format": "course", "duration_minutes": 60,
                    "level": level, "skill_uris": skills,
                ], token: admin).1["id"].string)
            }
            let prototyping = try await course("Prototyping in practice", level: 3, skills: [Fixture.prototypeSkill])
            let advanced = try await course("Advanced prototyping", level: 5, skills: [Fixture.prototypeSkill])
            let databases = try await course("Databases for developers", level: 2, skills: ["http://data.europa.eu/esco/skill/04fe962b-4017-4eb7-9139-7d69b6922bc9"])
            _ = try await course("Team rituals", level: 2, skills: [])
            _ = try await api.call(.post, "/api/v1/users/me/skills", ["uri": Fixture.prototypeSkill, "level": 1], token: member)
            _ = try await api.call(.post, "/api/v1/users/me/goals", ["title": "Become a developer", "kind": "role", "target_occupation_uri": Fixture.softwareDeveloper],
                                   token: member)

            // No history and no model yet: the gap decides, at the level the member can take.
            var (status, body) = try await api.call(.get, "/api/v1/users/me/recommendations?limit=4", token: member)
            #expect(status == .ok)
            var items = body["items"].array
            let ids = items.compactMap { $0["resource"]["id"].string }
            #expect(Set(ids.prefix(2)) == [prototyping, databases], "both teach an essential skill at a level the member can take: \(body)")
            #expect(items.first?["reasons"][0].string?.contains("Closes your gap in") == true)
            #expect(items.first?["reasons"][0].string?.contains("software developer") == true)
            #expect(ids.firstIndex(of: advanced) ?? 0 > ids.firstIndex(of: prototyping) ?? 9, "a stretch ranks below the next step: \(body)")

            // Others who took the prototyping course went on to databases; once trained, that shows.
            for index in 0..<4 {
                let other = try await api.signUp("peer\(index)@example.com").accessToken
                for id in [prototyping, databases] { _ = try await api.call(.put, "/api/v1/learning-resources/\(id)/completion", token: other) }
            }
            #expect(try await api.call(.put, "/api/v1/learning-resources/\(prototyping)/completion", token: member).0 == .noContent)
            let report = try await platform.insights.recommender.train()
            #expect(report.version > 0 && report.members == 5 && report.interactions == 9, "\(report)")
            (status, body) = try await api.call(.get, "/api/v1/users/me/recommendations", token: member)
            items = body["items"].array
            #expect(!items.contains { $0["resource"]["id"].string == prototyping }, "completed: never again")
            let next = try #require(items.first { $0["resource"]["id"].string == databases })
            #expect(next["reasons"].array.contains { $0.string == "Members on a similar path completed it." }, "\(body)")

            #expect(try await api.call(.get, "/api/v1/users/me/recommendations?limit=0", token: member).1["errors"]["limit"].string != nil)
            let adminID = try #require(try await api.call(.get, "/api/v1/me", token: admin).1["id"].string)
            #expect(try await api.call(.get, "/api/v1/users/\(adminID)/recommendations", token: member).0 == .notFound)
            (status, body) = try await api.call(.post, "/graphql", ["query": "{ recommendations(first: 2) { score reasons resource { title } } }"], token: member)
            #expect(body["data"]["recommendations"].array.count == 2, "\(body)")
        }
    }

    @Test func generateCareerPlanComposesGapLearningAndOpeningsAndKeepsWhatIsDone() async throws {
        try await CareerTests.withCareerApp { platform, api in
            let (admin, member) = try await MarketTests.people(platform, api)
            var (status, body) = try await api.call(.post, "/api/v1/users/me/plans/generate", token: member)
            #expect(status == .unprocessableContent && body["errors"]["goal"].string != nil, "nothing to plan towards: \(body)")

            let interface = "http://data.europa.eu/esco/skill/04fe962b-4017-4eb7-9139-7d69b6922bc9"
            let course = try #require(try await api.call(.post, "/api/v1/learning-resources", [
                "title": "Application interfaces", "provider": "OpenU", "url": "https://learn.example.org/api", "format": "course",
                "duration_minutes": 60, "level": 3, "skill_uris": [interface],
            ], token: admin).1["id"].string)
            let opening = try #require(try await api.call(.post, "/api/v1/opportunities", [
                "title": "Software Developer", "employer": "Acme", "description": "Build prototypes.", "skills": [["uri": Fixture.prototypeSkill, "min_level": 3]],
            ], token: admin).1["id"].string)
            _ = try await api.call(.post, "/api/v1/users/me/skills", ["uri": Fixture.prototypeSkill, "level": 1], token: member)
            _ = try await api.call(.post, "/api/v1/users/me/goals", ["title": "Become a developer", "kind": "role", "target_occupation_uri": Fixture.softwareDeveloper],
                                   token: member)

            (status, body) = try await api.call(.post, "/api/v1/users/me/plans/generate", token: member)
            #expect(status == .ok, "\(body)")
            let plan = body["plan"]
            #expect(plan["generated_by"].string == "careerops-planner" && plan["title"].string == "Towards software developer")
            let phases = plan["phases"].array
            #expect(phases.compactMap { $0["title"].string } == ["Foundations", "Build experience", "Make the move"])
            let learn = try #require(phases.first?["actions"].array.first { $0["resource_id"].string == course })
            #expect(learn["kind"].string == "learn" && (learn["title"].string ?? "").contains("Application interfaces"))
            #expect(phases[1]["actions"].array.contains { $0["kind"].string == "practise" && $0["skill"]["uri"].string == Fixture.prototypeSkill },
                    "held below the level the role asks")
            #expect(phases[2]["actions"].array.contains { $0["kind"].string == "apply" && $0["opportunity_id"].string == opening })
            let dues = phases.flatMap { $0["actions"].array }.compactMap { $0["due_on"].string }
            #expect(dues.count == phases.flatMap { $0["actions"].array }.count && dues == dues.sorted(), "every action is due, in plan order")
            #expect(body["changes"]["added"].array.count == dues.count && body["changes"]["kept"].array.isEmpty)

            // Done stays done; regenerating says what changed.
            let planID = try #require(plan["id"].string), actionID = try #require(learn["id"].string)
            #expect(try await api.call(.patch, "/api/v1/users/me/plans/\(planID)/actions/\(actionID)", ["status": "done"], token: member).0 == .ok)
            (status, body) = try await api.call(.post, "/graphql", ["query": "mutation { generateCareerPlan { id currentPhase nextSteps changes { added removed kept } } }"],
                                                token: member)
            let generated = body["data"]["generateCareerPlan"]
            #expect(generated["id"].string == planID, "the same plan, updated: \(body)")
            #expect(generated["changes"]["kept"].array.compactMap(\.string) == [learn["title"].string ?? ""])
            #expect(generated["changes"]["added"].array.isEmpty && generated["changes"]["removed"].array.isEmpty)
            let plans = try await api.call(.get, "/api/v1/users/me/plans", token: member).1["items"].array
            #expect(plans.count == 1)
            #expect(plans[0]["phases"][0]["actions"].array.first { $0["id"].string == actionID }?["status"].string == "done")
        }
    }

    @Test func skillDemandCountsPostingsWeekByWeek() async throws {
        try await CareerTests.withCareerApp { platform, api in
            let (admin, member) = try await MarketTests.people(platform, api)
            for index in 0..<3 {
                _ = try await api.call(.post, "/api/v1/opportunities", ["title": "Developer \(index)", "employer": "Acme", "description": "Prototypes.",
                                                                       "skills": [["uri": Fixture.prototypeSkill]]], token: admin)
            }
            var (status, body) = try await api.call(.get, "/api/v1/market/skills/demand?skill=\(Fixture.prototypeSkill)&weeks=12", token: member)
            #expect(status == .ok, "\(body)")
            #expect(body["weeks"].array.count == 12 && body["weeks"].array.last?["postings"].int == 3)
            #expect(body["forecast"].array.isEmpty, "one week of data is not enough to fit a trend")
            (status, body) = try await api.call(.get, "/api/v1/market/skills/demand?skill=\(Fixture.prototypeSkill)&weeks=2", token: member)
            #expect(body["errors"]["weeks"].string != nil)
            #expect(try await api.call(.get, "/api/v1/market/skills/demand", token: member).1["errors"]["skill"].string != nil)
            #expect(try await api.call(.get, "/api/v1/market/skills/demand?skill=\(Fixture.prototypeSkill)", token: nil).0 == .unauthorized)
        }
    }

    @Test func trajectoryForecastsSkillTargetsAndGoalsAtTheMembersPace() async throws {
        try await CareerTests.withCareerApp { _, api in
            let member = try await api.signUp("pace@example.com").accessToken
            var (status, body) = try await api.call(.get, "/api/v1/users/me/trajectory", token: member)
            #expect(status == .ok && body["skills"].array.isEmpty && body["levels_per_month"].number == 0)

            let skill = try #require(try await api.call(.post, "/api/v1/users/me/skills", ["uri": Fixture.prototypeSkill, "level": 1], token: member).1["id"].string)
            for level in [2, 3] { _ = try await api.call(.patch, "/api/v1/users/me/skills/\(skill)", ["level": level], token: member) }
            _ = try await api.call(.post, "/api/v1/users/me/goals", ["title": "Prototype well", "kind": "skill", "target_skill_uri": Fixture.prototypeSkill,
                                                                    "target_level": 5], token: member)
            let goal = try await api.call(.post, "/api/v1/users/me/goals", [
                "title": "Ship a prototype", "milestones": [["title": "Sketch"], ["title": "Build"], ["title": "Test"]],
            ], token: member).1
            let sketch = try #require(goal["milestones"][0]["id"].string), goalID = try #require(goal["id"].string)
            _ = try await api.call(.patch, "/api/v1/users/me/goals/\(goalID)/milestones/\(sketch)", ["completed": true], token: member)

            (status, body) = try await api.call(.get, "/api/v1/users/me/trajectory", token: member)
            #expect(status == .ok, "\(body)")
            #expect((body["levels_per_month"].number ?? 0) > 0)
            let forecast = try #require(body["skills"].array.first { $0["skill"]["uri"].string == Fixture.prototypeSkill })
            #expect(forecast["current_level"].int == 3 && forecast["target_level"].int == 5)
            let expected = try #require(forecast["estimate"]["expected"].string)
            #expect(expected > String(ISO8601DateFormatter().string(from: Date()).prefix(10)), "in the future")
            #expect((forecast["sentence"].string ?? "").hasPrefix("At your pace, develop software prototype level 5 by \(expected)"))
            let shipping = try #require(body["goals"].array.first { $0["title"].string == "Ship a prototype" })
            #expect(shipping["milestones_done"].int == 1 && shipping["milestones"].int == 3 && shipping["estimate"]["expected"].string != nil)
        }
    }

    /// A technology held counts for the ESCO skill it belongs under: NumPy at level 3 meets
    /// "use software libraries", which a software developer needs.
    @Test func aTechnologyHeldMeetsTheESCOSkillAboveIt() async throws {
        try await CareerTests.withCareerApp { platform, api in
            let (_, member) = try await MarketTests.people(platform, api)
            let libraries = "http://data.europa.eu/esco/skill/8b94aa1e-89c9-459d-b3b4-1dfab8dec2df"
            func item() async throws -> JSONValue? {
                let body = try await api.call(.get, "/api/v1/users/me/skill-gap?target_role=\(Fixture.softwareDeveloper)", token: member).1
                return body["items"].array.first { $0["skill"]["uri"].string == libraries }
            }
            #expect(try await item()?["status"].string == "missing")
            #expect(try await api.call(.post, "/api/v1/users/me/skills", ["uri": "urn:careerops:technology:numpy", "level": 3], token: member).0 == .created)
            let met = try #require(try await item())
            #expect(met["current_level"].int == 3, "\(met)")
            #expect(met["status"].string != "missing")
        }
    }

    @Test func skillGapRanksWhatTheRoleNeedsAgainstTheMember() async throws {
        try await CareerTests.withCareerApp { platform, api in
            let (admin, member) = try await MarketTests.people(platform, api)
            _ = try await api.call(.post, "/api/v1/users/me/skills", ["uri": Fixture.prototypeSkill, "level": 1], token: member)
            var (status, body) = try await api.call(.post, "/api/v1/opportunities", ["title": "Software Developer", "employer": "Acme", "description": "Prototypes.",
                                                                                  "skills": [["uri": Fixture.prototypeSkill, "min_level": 4]]], token: admin)
            #expect(status == .created, "\(body)")
            (status, body) = try await api.call(.get, "/api/v1/users/me/skill-gap?target_role=\(Fixture.softwareDeveloper)", token: member)
            #expect(status == .ok)
            #expect(body["target"]["resolved_by"].string == "uri")
            #expect(body["postings_considered"].int == 1)
            let items = body["items"].array
            #expect(items.count >= 3)
            let prototype = try #require(items.first { $0["skill"]["uri"].string == Fixture.prototypeSkill })
            #expect(prototype["status"].string == "below" && prototype["current_level"].int == 1 && prototype["target_level"].int == 4)
            #expect(prototype["relation"].string == "essential" && prototype["postings"].int == 1)
            #expect(prototype["evidence"].array.count == 3)
            #expect(items.first?["skill"]["uri"].string == Fixture.prototypeSkill, "essential, asked by every posting, and far below: first")
            #expect(items.allSatisfy { ["missing", "below", "met"].contains($0["status"].string ?? "") })

            // A free-text title the catalog does not name is resolved by meaning.
            (status, body) = try await api.call(.get, "/api/v1/users/me/skill-gap?target_role=programmer%20of%20web%20software", token: member)
            #expect(status == .ok)
            #expect(body["target"]["resolved_by"].string == "similarity")
            #expect(try await api.call(.get, "/api/v1/users/me/skill-gap", token: member).1["errors"]["target_role"].string != nil)
            #expect(try await api.call(.get, "/api/v1/users/me/skill-gap?target_role=ship%20captain", token: member).1["errors"]["target_role"].string != nil,
                    "nothing in the catalog is close enough")
            #expect(try await api.call(.get, "/api/v1/users/me/skill-gap?target_role=http://nope", token: member).1["errors"]["target_role"].string != nil)

            // Someone else's gap is not there for a stranger.
            let memberID = try #require(try await api.call(.get, "/api/v1/me", token: member).1["id"].string)
            let stranger = try await api.signUp("stranger@example.com").accessToken
            #expect(try await api.call(.get, "/api/v1/users/\(memberID)/skill-gap?target_role=\(Fixture.softwareDeveloper)", token: stranger).0 == .notFound)

            body = try await api.call(.post, "/graphql", ["query": "{ skillGap(targetRole: \"\(Fixture.softwareDeveloper)\") { readiness target { occupation { uri } } items { skill { uri } status evidence } } }"], token: member).1
            #expect(body["data"]["skillGap"]["target"]["occupation"]["uri"].string == Fixture.softwareDeveloper)
            #expect(body["data"]["skillGap"]["items"][0]["status"].string == "below")
        }
    }

    /// On a new server the catalog's vectors are not there yet: the analysis used to answer from
    /// phrases alone, finding a third fewer skills, and said nothing. It now encodes what is
    /// missing first, or, past its patience, answers 503 with Retry-After.
    @Test func anAnalysisNeverSilentlyAnswersWithoutTheEncoder() async throws {
        try await CareerTests.withCareerApp { platform, api in
            #expect(platform.embeddings.encoder != nil, "the suite runs with the text encoder (make model)")
            #expect(try await platform.embeddings.index(.skill).count == 0, "a new catalog has no vectors yet")
            let impatient = SkillIndexCache(source: platform.taxonomyStore, embeddings: platform.embeddings, patience: .zero)
            await #expect(throws: DomainError.self) { _ = try await impatient.analyze("We develop software prototypes.") }

            let token = try await api.signUp("ada@example.com").accessToken
            let (status, body) = try await api.call(.post, "/api/v1/jobs/analyze", ["text": "We develop software prototypes."], token: token)
            #expect(status == .ok, "\(body)")
            #expect(try await platform.skillIndex.analyzer().usesEncoder, "the analysis encoded the catalog before answering")
            #expect(try await platform.embeddings.refresh(.skill) == 0, "every catalog skill has its vector now")
        }
    }

    @Test func vectorsAreStoredOnceAndRecomputedWhenTheTextChanges() async throws {
        try await CareerTests.withCareerApp { platform, _ in
            // The worker may have encoded them already; either way every ESCO skill has one (a technology
            // is found by its name, and has none).
            _ = try await platform.embeddings.refresh(.skill)
            #expect(try await platform.embeddings.refresh(.skill) == 0, "unchanged labels are not encoded again")
            await platform.embeddings.forget(.skill)
            let index = try await platform.embeddings.index(.skill)
            #expect(index.count == (try await platform.taxonomyStore.allSkillLabels().filter { $0.conceptURI == nil }.count))
            let analyzer = try await platform.skillIndex.analyzer()
            #expect(analyzer.usesEncoder)
        }
    }
}
