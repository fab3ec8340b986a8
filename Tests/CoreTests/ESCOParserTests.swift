@testable import Career
import Testing

@Suite struct ESCOParserTests {
    static let skills = """
        conceptType,conceptUri,skillType,preferredLabel,altLabels
        KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/a,skill/competence,Python (computer programming),"Python
        python3"
        KnowledgeSkillCompetence,,skill/competence,no uri,
        KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/b,knowledge,statistics,
        KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/c,skill/competence
        KnowledgeSkillCompetence,not-a-uri,skill/competence,bad uri,
        """
    static let occupations = """
        conceptType,conceptUri,preferredLabel,altLabels,iscoGroup
        Occupation,http://data.europa.eu/esco/occupation/x,data scientist,"data science specialist",2511
        """
    static let relations = """
        occupationUri,relationType,skillType,skillUri
        http://data.europa.eu/esco/occupation/x,essential,skill/competence,http://data.europa.eu/esco/skill/a
        http://data.europa.eu/esco/occupation/x,optional,knowledge,http://data.europa.eu/esco/skill/b
        http://data.europa.eu/esco/occupation/x,essential,skill/competence,http://data.europa.eu/esco/skill/zzz
        """

    @Test func keepsGoodRowsAndNamesEachBadRowByLine() {
        let (taxonomy, issues) = ESCOParser().parse(.init(skills: Self.skills, occupations: Self.occupations, relations: Self.relations))
        #expect(taxonomy.skills.map(\.preferredLabel) == ["Python (computer programming)", "statistics"])
        #expect(taxonomy.skills[0].altLabels == ["Python", "python3"])
        #expect(taxonomy.skills[1].kind == .knowledge)
        #expect(taxonomy.occupations.map(\.iscoGroup) == ["2511"])
        #expect(taxonomy.links.map(\.relation) == [.essential, .optional])
        #expect(issues.map { "\($0.file):\($0.line)" } == [
            "skills_en.csv:4", "skills_en.csv:6", "skills_en.csv:7", "occupationSkillRelations_en.csv:4",
        ])
    }

    @Test func rejectsAFileWhoseHeaderLacksARequiredColumn() {
        let (taxonomy, issues) = ESCOParser().parse(.init(skills: "uri,label\nx,y\n", occupations: Self.occupations, relations: Self.relations))
        #expect(taxonomy.skills.isEmpty)
        #expect(issues.first == ESCOParser.Issue(file: "skills_en.csv", line: 1, reason: "header lacks column(s) conceptUri, preferredLabel"))
    }

    static let technologies = """
        name,aliases,concept_uri,concept_label,context,source
        Jupyter,Jupyter Notebook|JupyterLab,http://data.europa.eu/esco/skill/b,statistics,0,CareerOps
        Go,Golang,http://data.europa.eu/esco/skill/a,Python (computer programming),1,CareerOps
        Nowhere,,http://data.europa.eu/esco/skill/zzz,gone,0,CareerOps
        jupyter,,http://data.europa.eu/esco/skill/b,statistics,0,CareerOps
        """

    @Test func readsTechnologiesUnderTheirESCOSkill() throws {
        let files = ESCOParser.Files(skills: Self.skills, occupations: Self.occupations, relations: Self.relations, technologies: Self.technologies)
        let (taxonomy, issues) = ESCOParser().parse(files)
        let jupyter = try #require(taxonomy.skills.first { $0.preferredLabel == "Jupyter" })
        #expect(jupyter.uri == "urn:careerops:technology:jupyter")
        #expect(jupyter.altLabels == ["Jupyter Notebook", "JupyterLab"])
        #expect(jupyter.conceptURI == "http://data.europa.eu/esco/skill/b")
        #expect(jupyter.kind == .knowledge && !jupyter.needsContext)
        #expect(taxonomy.skills.first { $0.preferredLabel == "Go" }?.needsContext == true)
        #expect(issues.filter { $0.file == "technologies.csv" }.map(\.line) == [4, 5], "a concept not in the catalog, a name twice")
        // The bundled vocabulary keeps what links to this catalog and says nothing of the rest.
        let bundled = ESCOParser().parse(.init(skills: Self.skills, occupations: Self.occupations, relations: Self.relations, bundledTechnologies: Self.technologies))
        #expect(bundled.taxonomy.skills.filter { $0.conceptURI != nil }.map(\.preferredLabel) == ["Jupyter", "Go"])
        #expect(!bundled.issues.contains { $0.file == "technologies.csv" })
        #expect(CatalogSkill.technologyURI("Node.js / Express") == "urn:careerops:technology:node-js-express")
    }
}
