import Foundation
@testable import Intelligence
import Testing

/// Phrase matching of catalog labels in job text: case, plurals, tech punctuation, qualifiers.
@Suite struct SkillPhraseIndexTests {
    static let index = SkillPhraseIndex([
        .init(skillID: UUID(), uri: "esco:python", label: "Python (computer programming)", alternatives: []),
        .init(skillID: UUID(), uri: "esco:cpp", label: "C++", alternatives: []),
        .init(skillID: UUID(), uri: "esco:csharp", label: "C#", alternatives: []),
        .init(skillID: UUID(), uri: "esco:dotnet", label: ".NET", alternatives: ["dotnet"]),
        .init(skillID: UUID(), uri: "esco:node", label: "Node.js", alternatives: ["NodeJS"]),
        .init(skillID: UUID(), uri: "esco:db", label: "manage databases", alternatives: ["database management", "administer database"]),
        .init(skillID: UUID(), uri: "esco:cicd", label: "CI/CD", alternatives: ["continuous integration"]),
        .init(skillID: UUID(), uri: "esco:frontend", label: "front-end development", alternatives: []),
        .init(skillID: UUID(), uri: "esco:design", label: "design", alternatives: ["graphic design"]),
    ])

    @Test func findsLabelsWithTheirOffsets() {
        let text = "Experience with C++, C# and .NET; Node.js a plus. You will administer databases and build CI/CD pipelines."
        let hits = Self.index.find(in: text)
        #expect(hits.map(\.uri) == ["esco:cpp", "esco:csharp", "esco:dotnet", "esco:node", "esco:db", "esco:cicd"])
        let utf16 = Array(text.utf16)
        func words(_ hit: SkillPhraseIndex.Hit) -> String { String(decoding: utf16[hit.range], as: UTF16.self) }
        #expect(hits.map(words) == ["C++", "C#", ".NET", "Node.js", "administer databases", "CI/CD"])
        #expect(hits[4].confidence == 0.9, "an alternative label counts a little less")
    }

    @Test func qualifiersPluralsAndHyphensFold() {
        #expect(Self.index.find(in: "Strong PYTHON skills.").map(\.uri) == ["esco:python"])
        #expect(Self.index.find(in: "Frontend development in React").map(\.uri) == ["esco:frontend"])
        #expect(Self.index.find(in: "Database management, and more database management").map(\.uri) == ["esco:db"])
    }

    @Test func oneWordAlternativesCountOnlyWhenTheyAreNames() {
        let index = SkillPhraseIndex([
            .init(skillID: UUID(), uri: "esco:python", label: "Python (computer programming)", alternatives: ["Python", "Python3"]),
            .init(skillID: UUID(), uri: "esco:clean", label: "conduct cleaning tasks", alternatives: ["clean"]),
            .init(skillID: UUID(), uri: "esco:ppc", label: "pay-per-click", alternatives: ["PPC"]),
            .init(skillID: UUID(), uri: "esco:ifr", label: "visual flight rules", alternatives: ["IFR"]),
        ])
        #expect(index.find(in: "Write clean Python3 and Python").map(\.uri) == ["esco:python"], "an everyday word is no skill; the label's short form stays")
        #expect(index.find(in: "Run PPC campaigns").map(\.uri) == ["esco:ppc"])
        #expect(index.find(in: "Report under IFRS").isEmpty, "an acronym is not a plural")
    }

    @Test func commonWordsAloneAreNotSkills() {
        #expect(Self.index.find(in: "We design systems").isEmpty)
        #expect(Self.index.find(in: "Graphic design portfolio").map(\.uri) == ["esco:design"])
        #expect(Self.index.find(in: "").isEmpty)
    }

    @Test func tokensKeepTechNames() {
        #expect(PhraseTokens.tokens("c++, c#/f#. node.js .net front-end ci/cd.").map(\.text) == ["c++", "c#", "/", "f#", "node.js", ".net", "frontend", "ci", "/", "cd"])
        #expect(PhraseTokens.fold("Libraries") == "library")
        #expect(PhraseTokens.fold("analysis") == "analysis")
        #expect(PhraseTokens.fold("processes") == "process")
    }
}
