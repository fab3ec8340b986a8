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

    @Test func anAcronymTheCatalogUsesAsAWordIsNoSkillsName() {
        let index = SkillPhraseIndex([
            .init(skillID: UUID(), uri: "esco:pcb", label: "printed circuit boards testing methods", alternatives: ["ICT", "PCB testing"]),
            .init(skillID: UUID(), uri: "esco:ppc", label: "pay-per-click", alternatives: ["PPC"]),
        ] + ["use ICT systems", "ICT project management", "ICT network security", "provide ICT support"].map {
            .init(skillID: UUID(), uri: "esco:\($0)", label: $0, alternatives: [])
        })
        #expect(index.find(in: "Our ICT department runs PPC campaigns").map(\.uri) == ["esco:ppc"], "ICT is a word of four labels here")
        #expect(index.find(in: "PCB testing; we provide ICT support").map(\.uri) == ["esco:pcb", "esco:provide ICT support"])
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

    /// A small catalog with technologies: each found by its own name with the ESCO skill above it,
    /// and names that are everyday words found only in a text about computing.
    static let tools: SkillPhraseIndex = {
        let virtualisation = SkillPhraseIndex.Concept(uri: "esco:virtualisation", label: "manage ICT virtualisation machines")
        let spreadsheets = SkillPhraseIndex.Concept(uri: "esco:spreadsheets", label: "use spreadsheets software")
        let programming = SkillPhraseIndex.Concept(uri: "esco:programming", label: "computer programming")
        return SkillPhraseIndex([
            .init(skillID: UUID(), uri: virtualisation.uri, label: virtualisation.label, alternatives: ["manage containerization"]),
            .init(skillID: UUID(), uri: spreadsheets.uri, label: spreadsheets.label, alternatives: ["Google Sheets"]),
            .init(skillID: UUID(), uri: programming.uri, label: programming.label, alternatives: ["Ada"]),
            .init(skillID: UUID(), uri: "esco:chef", label: "Chef (tools for software configuration management)", alternatives: []),
            .init(skillID: UUID(), uri: "esco:salt", label: "Salt (tools for software configuration management)", alternatives: []),
            .init(skillID: UUID(), uri: "esco:java", label: "Java (computer programming)", alternatives: []),
            .init(skillID: UUID(), uri: "esco:react", label: "react to emergencies", alternatives: []),
            .init(skillID: UUID(), uri: "tech:kubernetes", label: "Kubernetes", alternatives: ["K8s"], concept: virtualisation),
            .init(skillID: UUID(), uri: "tech:sheets", label: "Google Sheets", alternatives: [], concept: spreadsheets),
            .init(skillID: UUID(), uri: "tech:excel", label: "Microsoft Excel", alternatives: ["Excel"], concept: spreadsheets, needsContext: true),
            .init(skillID: UUID(), uri: "tech:go", label: "Go", alternatives: ["Golang"], concept: programming),
            .init(skillID: UUID(), uri: "tech:react", label: "React", alternatives: ["ReactJS"], concept: programming, needsContext: true),
            .init(skillID: UUID(), uri: "tech:ada", label: "Ada", alternatives: [], concept: programming, needsContext: true),
        ])
    }()

    @Test func technologiesAreFoundByTheirOwnNamesWithTheirConcept() throws {
        let hits = Self.tools.find(in: "You will run our K8s clusters and keep budgets in Google Sheets.")
        #expect(hits.map(\.uri) == ["tech:kubernetes", "tech:sheets", "esco:spreadsheets"], "ESCO names Google Sheets as its skill's label too")
        let kubernetes = try #require(hits.first)
        #expect(kubernetes.label == "Kubernetes")
        #expect(kubernetes.concept == .init(uri: "esco:virtualisation", label: "manage ICT virtualisation machines"))
        #expect(hits[2].concept == nil)
    }

    @Test func everydayWordsNameATechnologyOnlyInContext() {
        func uris(_ text: String) -> [String] { Self.tools.find(in: text).map(\.uri) }
        // A kitchen: no tool at all.
        #expect(uris("Support the Head Chef, react to emergencies and go the extra mile. Go on, excel!") == ["esco:react"])
        // A computing text: the same words are tools.
        #expect(uris("Our software team writes Go and React; Chef runs the servers.") == ["tech:go", "tech:react", "esco:chef"])
        // A list vouches for its names; lower case does not make an everyday word a name.
        #expect(uris("Java/J2EE, Go, React") == ["esco:java", "tech:go", "tech:react"])
        #expect(uris("You will excel in Excel at our software firm") == ["tech:excel"])
        #expect(uris("Strong Java skills.") == ["esco:java"], "a name that is no everyday word needs no context")
        // Lower-case everyday words make no list; a person's name claims no skill through ESCO's label either.
        #expect(uris("The chef seasons with salt.").isEmpty)
        #expect(uris("Reporting to Ada Jansen.").isEmpty)
        #expect(uris("Ada and Go").sorted() == ["esco:programming", "tech:ada", "tech:go"], "a list of names vouches for both")
        // Named plainly once, a technology stays named.
        #expect(uris("ReactJS front end; React hooks") == ["tech:react"])
    }
}
