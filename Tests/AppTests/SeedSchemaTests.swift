@testable import App
import Foundation
import GraphQL
import Testing

/// The seed's GraphQL schema, kept exactly: every type and field it names answers with the type it
/// names, and a client written from it runs every query and mutation it allows.
@Suite struct SeedSchemaTests {
    /// Quoted from the seed's architecture document ("GraphQL Schema (Primary)").
    static let seed = """
        type User {
          id: ID!
          profile: UserProfile!
          careerPlan: CareerPlan
          skills: [Skill!]!
          goals: [CareerGoal!]!
        }

        type CareerPlan {
          id: ID!
          currentPhase: String!
          nextSteps: [String!]!
          opportunities: [Opportunity!]!
          learningPath: [LearningResource!]!
        }

        type Mutation {
          updateProfile(input: ProfileInput!): User!
          createCareerGoal(input: GoalInput!): CareerGoal!
          generateCareerPlan: CareerPlan!
        }
        """

    static func written(_ type: any GraphQL.`Type`) -> String {
        switch type {
        case let type as NonNullType: written(type.type) + "!"
        case let type as ListType: "[" + written(type.type) + "]"
        case let type as NamedType: type.name.value
        default: "?"
        }
    }

    /// An introspected type (`kind`, `name`, `ofType`) as the schema language writes it.
    static func written(_ type: JSONValue) -> String {
        switch type["kind"].string {
        case "NON_NULL": written(type["ofType"]) + "!"
        case "LIST": "[" + written(type["ofType"]) + "]"
        default: type["name"].string ?? "?"
        }
    }

    static let typeRef = "kind name ofType { kind name ofType { kind name ofType { kind name } } }"

    @Test func everySeedFieldHasTheSeedsTypeAndEverySeedOperationRuns() async throws {
        let definitions = try parse(source: Self.seed).definitions.compactMap { $0 as? ObjectTypeDefinition }
        #expect(definitions.map(\.name.value) == ["User", "CareerPlan", "Mutation"])
        try await CareerTests.withCareerApp { platform, api in
            let (admin, member) = try await MarketTests.people(platform, api)
            for definition in definitions {
                let body = try await GraphQLTests.graphQL(api, """
                    { __type(name: "\(definition.name.value)") { fields { name type { \(Self.typeRef) } args { name type { \(Self.typeRef) } } } } }
                    """, token: member)
                let fields = Dictionary(body["data"]["__type"]["fields"].array.map { ($0["name"].string ?? "", $0) }, uniquingKeysWith: { a, _ in a })
                for field in definition.fields {
                    let name = "\(definition.name.value).\(field.name.value)"
                    let ours = try #require(fields[field.name.value], "\(name) is missing")
                    #expect(Self.written(ours["type"]) == Self.written(field.type), "\(name)")
                    let arguments = Dictionary(ours["args"].array.map { ($0["name"].string ?? "", Self.written($0["type"])) }, uniquingKeysWith: { a, _ in a })
                    for argument in field.arguments {
                        #expect(arguments[argument.name.value] == Self.written(argument.type), "\(name)(\(argument.name.value):)")
                    }
                    let extra = arguments.filter { key, type in !field.arguments.contains { $0.name.value == key } && type.hasSuffix("!") }
                    #expect(extra.isEmpty, "\(name) requires arguments the seed does not name: \(extra)")
                }
            }

            // Every seed field selected, as a client written from the seed would.
            let plan = "id currentPhase nextSteps opportunities { id } learningPath { id }"
            let user = "id profile { __typename } careerPlan { \(plan) } skills { id } goals { id }"
            _ = try await api.call(.post, "/api/v1/opportunities", [
                "title": "Software Developer", "employer": "Acme", "description": "Build prototypes.", "skills": [["uri": Fixture.prototypeSkill, "min_level": 3]],
            ], token: admin)
            _ = try await api.call(.post, "/api/v1/users/me/skills", ["uri": Fixture.prototypeSkill, "level": 1], token: member)
            var body = try await GraphQLTests.graphQL(api, """
                mutation($input: ProfileInput!) { updateProfile(input: $input) { \(user) } }
                """, variables: ["input": ["headline": "Developer"]], token: member)
            #expect(body["errors"].isNull && body["data"]["updateProfile"]["id"].string != nil, "\(body)")
            body = try await GraphQLTests.graphQL(api, """
                mutation($input: GoalInput!) { createCareerGoal(input: $input) { id } }
                """, variables: ["input": ["title": "Become a developer", "targetOccupationUri": Fixture.softwareDeveloper]], token: member)
            #expect(body["errors"].isNull && body["data"]["createCareerGoal"]["id"].string != nil, "\(body)")
            body = try await GraphQLTests.graphQL(api, "mutation { generateCareerPlan { \(plan) } }", token: member)
            #expect(body["errors"].isNull, "\(body)")
            let generated = body["data"]["generateCareerPlan"]
            #expect(generated["opportunities"].array.count == 1 && generated["nextSteps"].array.count > 0, "\(body)")
            body = try await GraphQLTests.graphQL(api, "{ me { \(user) } }", token: member)
            #expect(body["errors"].isNull, "\(body)")
            #expect(body["data"]["me"]["careerPlan"]["opportunities"][0]["id"] == generated["opportunities"][0]["id"])
            #expect(body["data"]["me"]["skills"].array.count == 1 && body["data"]["me"]["goals"].array.count == 1)
        }
    }
}
