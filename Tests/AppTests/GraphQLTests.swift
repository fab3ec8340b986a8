@testable import App
import Career
import Core
import GraphQL
import Foundation
@testable import Gateway
import Hummingbird
import HummingbirdTesting
@testable import Identity
import Logging
@testable import Storage
import Testing

/// GraphQL: the seed's schema over the career core, its errors, limits and batch loading.
@Suite struct GraphQLTests {
    static func graphQL(_ api: AuthClient, _ query: String, variables: [String: Any] = [:], token: String?) async throws -> JSONValue {
        let (status, body) = try await api.call(.post, "/graphql", ["query": query, "variables": variables], token: token)
        #expect(status == .ok)
        return body
    }

    @Test func seedUserQueryReadsBackWhatMutationsWrote() async throws {
        try await CareerTests.withCareerApp { _, api in
            let token = try await api.signUp("ada@example.com", name: "Ada").accessToken
            var body = try await Self.graphQL(api, """
                mutation($input: ProfileInput!) { updateProfile(input: $input) { id profile { headline timeZone visibility } } }
                """, variables: ["input": ["headline": "Engineer", "timeZone": "Europe/Berlin", "visibility": "private"]], token: token)
            #expect(body["data"]["updateProfile"]["profile"]["headline"].string == "Engineer")
            #expect(body["data"]["updateProfile"]["profile"]["visibility"].string == "private")
            body = try await Self.graphQL(api, """
                mutation { createCareerGoal(input: {title: "Become a DBA", targetOccupationUri: "http://data.europa.eu/esco/occupation/8c57af09-719c-42b3-be40-6ed4946236cc",
                  dueOn: "2027-03-01", milestones: [{title: "Learn SQL"}, {title: "Run a replica"}]}) { id kind progress milestones { id title } } }
                """, token: token)
            #expect(body["data"]["createCareerGoal"]["kind"].string == "role")
            #expect(body["data"]["createCareerGoal"]["milestones"].array.count == 2)
            body = try await Self.graphQL(api, "mutation { addSkill(input: {uri: \"\(Fixture.prototypeSkill)\", level: 3}) { id name level verification } }", token: token)
            #expect(body["data"]["addSkill"]["verification"].string == "self")
            body = try await Self.graphQL(api, """
                mutation { createCareerPlan(input: {title: "Plan", phases: [{title: "Learn", actions: [{kind: learn, title: "Prototype course", skillUri: "\(Fixture.prototypeSkill)"}]},
                  {title: "Apply", actions: [{kind: apply, title: "Apply for DBA roles"}]}]}) { id currentPhase nextSteps } }
                """, token: token)
            #expect(body["data"]["createCareerPlan"]["currentPhase"].string == "Learn")

            // The seed's query, as the benchmark sends it.
            body = try await Self.graphQL(api, "{ me { profile { headline } skills { name level } goals { title } careerPlan { currentPhase nextSteps } } }", token: token)
            let me = body["data"]["me"]
            #expect(me["profile"]["headline"].string == "Engineer")
            #expect(me["skills"][0]["name"].string == "develop software prototype")
            #expect(me["skills"][0]["level"].int == 3)
            #expect(me["goals"][0]["title"].string == "Become a DBA")
            #expect(me["careerPlan"]["nextSteps"].array.compactMap(\.string) == ["Prototype course", "Apply for DBA roles"])
            #expect(body["errors"].isNull)
        }
    }

    @Test func aPlanShowsTheOpportunitiesAndLearningThatFitIt() async throws {
        try await CareerTests.withCareerApp { platform, api in
            let (admin, member) = try await MarketTests.people(platform, api)
            _ = try await api.call(.post, "/api/v1/opportunities", ["title": "Prototype Engineer", "employer": "Acme", "description": "Prototypes.",
                                                                   "skills": [["uri": Fixture.prototypeSkill]]], token: admin)
            _ = try await api.call(.post, "/api/v1/opportunities", ["title": "Gardener", "employer": "Parks", "description": "Plants."], token: admin)
            let course = try #require(try await api.call(.post, "/api/v1/learning-resources", [
                "title": "Prototyping 101", "provider": "OpenU", "url": "https://learn.example.org/p", "format": "course",
                "duration_minutes": 60, "level": 2, "skill_uris": [Fixture.prototypeSkill],
            ], token: admin).1["id"].string)
            _ = try await Self.graphQL(api, """
                mutation { createCareerPlan(input: {title: "Plan", phases: [{title: "Learn", actions: [{kind: learn, title: "Learn prototyping", skillUri: "\(Fixture.prototypeSkill)"}]}]}) { id } }
                """, token: member)
            let query = "{ me { careerPlan { opportunities { title } matches { opportunity { title } score summary parts { name points maximum } } learningPath { title } } } }"
            var plan = try await Self.graphQL(api, query, token: member)["data"]["me"]["careerPlan"]
            #expect(plan["matches"].array.compactMap { $0["opportunity"]["title"].string } == ["Prototype Engineer"])
            #expect(plan["opportunities"].array.compactMap { $0["title"].string } == ["Prototype Engineer"], "the seed's field: the matches' opportunities")
            let match = plan["matches"][0]
            #expect(match["parts"].array.compactMap { $0["name"].string } == ["skills", "semantic", "role", "preferences"])
            let points = match["parts"].array.compactMap { $0["points"].number }.reduce(0, +)
            #expect(abs(points - Double(match["score"].int ?? -1)) <= 1, "the score is the sum of its parts")
            #expect(plan["learningPath"].array.compactMap { $0["title"].string } == ["Prototyping 101"])
            // What the member completed leaves the path.
            _ = try await Self.graphQL(api, "mutation { completeLearningResource(id: \"\(course)\") }", token: member)
            plan = try await Self.graphQL(api, query, token: member)["data"]["me"]["careerPlan"]
            #expect(plan["learningPath"].array.isEmpty)
        }
    }

    @Test func analyzeJobDescriptionAnswersLikeREST() async throws {
        try await CareerTests.withCareerApp { _, api in
            let token = try await api.signUp("ada@example.com").accessToken
            let text = "Junior developer, on-site. You will develop software prototypes. 2-3 years."
            let body = try await Self.graphQL(api, "query($text: String!) { analyzeJobDescription(text: $text) { skills { uri confidence evidence { start end text } } seniority { value } yearsMinimum yearsMaximum workplace { value evidence { text } } } }",
                                              variables: ["text": text], token: token)
            let analysis = body["data"]["analyzeJobDescription"]
            #expect(analysis["skills"][0]["uri"].string == Fixture.prototypeSkill)
            #expect(analysis["skills"][0]["evidence"][0]["text"].string == "develop software prototypes")
            #expect(analysis["seniority"]["value"].string == "junior")
            #expect(analysis["yearsMinimum"].int == 2 && analysis["yearsMaximum"].int == 3)
            #expect(analysis["workplace"]["evidence"]["text"].string == "on-site")
            let empty = try await Self.graphQL(api, "{ analyzeJobDescription(text: \"  \") { yearsMinimum } }", token: token)
            #expect(empty["errors"][0]["extensions"]["field"].string == "text")
        }
    }

    @Test func errorsCarryACodeAndLimitsHold() async throws {
        try await TestPlatform.withAuthApp(extra: ["GRAPHQL_MAX_DEPTH": "4", "GRAPHQL_MAX_COMPLEXITY": "200", "GRAPHQL_INTROSPECTION": "false"]) { platform, api in
            let token = try await api.signUp("ada@example.com").accessToken
            func code(_ query: String, token: String? = token) async throws -> String? {
                try await Self.graphQL(api, query, token: token)["errors"][0]["extensions"]["code"].string
            }
            #expect(try await code("{ user(id: \"\(UUID())\") { name } }") == "NOT_FOUND")
            #expect(try await code("{ user(id: \"me\") { name } }") == "NOT_FOUND")
            #expect(try await code("{ opportunities { edges { node { title } } } }", token: nil) == "UNAUTHENTICATED")
            let invalid = try await Self.graphQL(api, "mutation { addSkill(input: {name: \"Knitting\", level: 9}) { id } }", token: token)
            #expect(invalid["errors"][0]["extensions"]["code"].string == "BAD_USER_INPUT")
            #expect(invalid["errors"][0]["extensions"]["field"].string == "level")
            #expect(invalid["errors"][0]["path"][0].string == "addSkill")
            #expect(try await code("{ me { name ") == "GRAPHQL_PARSE_FAILED")
            #expect(try await code("{ me { salary } }") == "GRAPHQL_VALIDATION_FAILED")
            #expect(try await code("{ me { careerPlan { phases { actions { skill { name } } } } } }") == "QUERY_TOO_DEEP")
            #expect(try await code("{ opportunities(first: 100) { edges { node { title employer location } } } }") == "QUERY_TOO_COMPLEX")
            #expect(try await code("{ me { plans { opportunities(first: 100) { id } matches(first: 100) { score } } } }") == "QUERY_TOO_COMPLEX",
                    "a plan's opportunities are matching, not a list read")
            #expect(try await code("{ __schema { types { name } } }") == "GRAPHQL_VALIDATION_FAILED")

            // A read-only personal token queries but does not mutate; GET never mutates.
            let (_, created) = try await api.call(.post, "/api/v1/me/tokens", ["name": "ro", "scopes": ["read"]], token: token)
            let readOnly = try #require(created["token"].string)
            #expect(try await Self.graphQL(api, "{ me { name } }", token: readOnly)["data"]["me"]["name"].string == "Test Member")
            #expect(try await code("mutation { removeSkill(id: \"\(UUID())\") }", token: readOnly) == "FORBIDDEN")
            let get = try await api.raw(.get, "/graphql?query=mutation%20%7B%20removeSkill(id:%22x%22)%20%7D", token: token)
            #expect(get.status == .methodNotAllowed)
        }
    }

    @Test func aValidatedDocumentIsKeptAndRunWithEachRequestsVariables() async throws {
        try await TestPlatform.withAuthApp(extra: ["GRAPHQL_MAX_COMPLEXITY": "200"]) { platform, api in
            let token = try await api.signUp("ada@example.com", name: "Ada").accessToken
            let principal = try await platform.auth.principal(accessToken: token)
            let service = try graphQLService(platform, try TestPlatform.config(extra: ["GRAPHQL_MAX_COMPLEXITY": "200"]))
            func run(_ query: String, _ variables: [String: Map] = [:]) async -> GraphQLResult {
                await service.execute(GraphQLRequest(query: query, variables: variables), principal: principal, requestID: "r", logger: Logger(label: "test"))
            }
            let query = "query($id: ID!) { user(id: $id) { name } }"
            #expect(await run(query, ["id": .string(principal.userID.uuidString)]).data?["user"]["name"] == "Ada")
            #expect(await run(query, ["id": .string(UUID().uuidString)]).errors.first?.extensions["code"] == "NOT_FOUND",
                    "the kept document runs with this request's variables")
            #expect(service.documents.count == 1)
            // A document that fails validation is not kept: it fails again, the same way.
            let tooComplex = "{ opportunities(first: 100) { edges { node { title employer location } } } }"
            for _ in 0..<2 { #expect(await run(tooComplex).errors.first?.extensions["code"] == "QUERY_TOO_COMPLEX") }
            #expect(service.documents.count == 1)
        }
    }

    @Test func introspectionIsOnByDefaultOutsideProduction() async throws {
        try await TestPlatform.withAuthApp { _, api in
            let body = try await Self.graphQL(api, "{ __type(name: \"User\") { fields { name } } }", token: nil)
            let fields = Set(body["data"]["__type"]["fields"].array.compactMap { $0["name"].string })
            #expect(fields.isSuperset(of: ["id", "profile", "careerPlan", "skills", "goals"]))
            let plan = try await Self.graphQL(api, "{ __type(name: \"CareerPlan\") { fields { name } } }", token: nil)
            #expect(Set(plan["data"]["__type"]["fields"].array.compactMap { $0["name"].string }).isSuperset(of: ["id", "currentPhase", "nextSteps", "opportunities", "learningPath"]))
        }
    }

    @Test func aCoachesTeamLoadsInOneQueryPerKind() async throws {
        try await CareerTests.withCareerApp { platform, api in
            _ = try await api.signUp("root@example.com")
            try await TestPlatform.makePlatformAdmin("root@example.com", in: platform)
            let root = try AuthClient.decode(TokenPair.self, try await api.login("root@example.com")).accessToken
            let org = try #require(try await api.call(.post, "/api/v1/orgs", ["name": "Acme", "slug": "acme"], token: root).1["id"].string)
            _ = try await api.signUp("coach@example.com", name: "Cory")
            try await api.join("coach@example.com", org, as: "coach", invitedBy: root, in: platform)
            let coachID = try await TestPlatform.userID("coach@example.com", in: platform)
            for index in 0..<3 {
                let member = try await api.signUp("member\(index)@example.com", name: "Member \(index)").accessToken
                try await api.join("member\(index)@example.com", org, as: "member", invitedBy: root, in: platform)
                #expect(try await api.call(.put, "/api/v1/me/shares/\(coachID)", token: member).0 == .noContent)
                _ = try await api.call(.post, "/api/v1/users/me/skills", ["uri": Fixture.prototypeSkill, "level": index + 1], token: member)
                _ = try await api.call(.post, "/api/v1/users/me/goals", ["title": "Goal \(index)"], token: member)
            }
            let coach = try #require(try await platform.auth.principal(userID: coachID, credential: .accessToken(sessionID: nil)))

            let store = CountingCareerStore(SQLCareerStore(persistence: platform.persistence, cipher: platform.cipher, cache: platform.cache))
            let career = CareerService(store: store, policy: platform.policy, clock: SystemClock())
            let service = try GraphQLService(services: GraphQLServices(
                auth: platform.auth, career: career, opportunities: platform.opportunities,
                learning: platform.learning, catalog: SkillCatalogSearch(catalog: platform.taxonomyStore), skillIndex: platform.skillIndex,
                insights: platform.insights, reports: platform.reports
            ), limits: GraphQLLimits())
            let result = await service.execute(.init(query: "{ coachees { name profile { headline } skills { name level } goals { title } careerPlan { currentPhase } } }"),
                                               principal: coach, requestID: "test", logger: Logger(label: "test"))
            #expect(result.errors.isEmpty, "\(result.errors)")
            let text = String(decoding: try GraphQLJSONEncoder().encode(result), as: UTF8.self)
            #expect(["Member 0", "Member 1", "Member 2", "Goal 2"].allSatisfy(text.contains))
            let calls = await store.calls
            #expect(calls["skills"] == [3] && calls["goals"] == [3] && calls["profiles"] == [3] && calls["plans"] == [3], "\(calls)")
        }
    }
}

/// The SQL career store, counting the members each batch read asks for.
actor CallLog {
    var calls: [String: [Int]] = [:]
    func record(_ name: String, _ count: Int) { calls[name, default: []].append(count) }
}

struct CountingCareerStore: CareerStore {
    let base: SQLCareerStore
    let log = CallLog()

    init(_ base: SQLCareerStore) { self.base = base }

    var calls: [String: [Int]] { get async { await log.calls } }

    func skill(uri: String) async throws -> SkillRef? { try await base.skill(uri: uri) }
    func skill(labelled label: String) async throws -> SkillRef? { try await base.skill(labelled: label) }
    func customSkill(named label: String, at: Date) async throws -> SkillRef { try await base.customSkill(named: label, at: at) }
    func occupation(uri: String) async throws -> OccupationRef? { try await base.occupation(uri: uri) }
    func occupation(titled title: String) async throws -> OccupationRef? { try await base.occupation(titled: title) }
    func resourceExists(_ id: UUID) async throws -> Bool { try await base.resourceExists(id) }
    func opportunityExists(_ id: UUID) async throws -> Bool { try await base.opportunityExists(id) }
    func organizationExists(_ id: UUID) async throws -> Bool { try await base.organizationExists(id) }
    func profile(of userID: UUID) async throws -> Profile? { try await base.profile(of: userID) }
    func visibility(of userID: UUID) async throws -> Visibility? { try await base.visibility(of: userID) }
    func visibilities(of userIDs: [UUID]) async throws -> [UUID: Visibility] { try await base.visibilities(of: userIDs) }
    func profiles(of userIDs: [UUID]) async throws -> [UUID: Profile] {
        await log.record("profiles", userIDs.count)
        return try await base.profiles(of: userIDs)
    }
    func save(_ profile: Profile, at: Date) async throws { try await base.save(profile, at: at) }
    func skills(of userIDs: [UUID]) async throws -> [UUID: [MemberSkill]] {
        await log.record("skills", userIDs.count)
        return try await base.skills(of: userIDs)
    }
    func skillCounts(of userIDs: [UUID]) async throws -> [UUID: SkillCounts] { try await base.skillCounts(of: userIDs) }
    func memberSkill(id: UUID) async throws -> MemberSkill? { try await base.memberSkill(id: id) }
    func insert(_ skill: MemberSkill) async throws { try await base.insert(skill) }
    func update(_ skill: MemberSkill, levelChanged: Bool) async throws { try await base.update(skill, levelChanged: levelChanged) }
    func deleteSkill(id: UUID, of userID: UUID) async throws -> Bool { try await base.deleteSkill(id: id, of: userID) }
    func levelHistory(of skillID: UUID) async throws -> [LevelChange] { try await base.levelHistory(of: skillID) }
    func add(_ endorsement: Endorsement, to skillID: UUID) async throws { try await base.add(endorsement, to: skillID) }
    func goals(of userIDs: [UUID]) async throws -> [UUID: [Goal]] {
        await log.record("goals", userIDs.count)
        return try await base.goals(of: userIDs)
    }
    func save(_ goal: Goal) async throws { try await base.save(goal) }
    func deleteGoal(id: UUID, of userID: UUID) async throws -> Bool { try await base.deleteGoal(id: id, of: userID) }
    func plans(of userIDs: [UUID]) async throws -> [UUID: [Plan]] {
        await log.record("plans", userIDs.count)
        return try await base.plans(of: userIDs)
    }
    func save(_ plan: Plan) async throws { try await base.save(plan) }
    func deletePlan(id: UUID, of userID: UUID) async throws -> Bool { try await base.deletePlan(id: id, of: userID) }
}
