import Career
import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity
import Insights
import Intelligence

/// `POST /api/v1/jobs/analyze`: the skills a job description asks for (each with the words that
/// support it), seniority, years of experience, and remote or location hints.
struct JobsController<Context: EdgeContext>: Sendable {
    let cache: SkillIndexCache

    struct Input: Codable { let text: String }

    func addRoutes(to api: RouterGroup<Context>) {
        api.post("jobs/analyze") { request, context -> JobAnalysisView in
            _ = try AccessPolicy.requireSignedIn(context.principal)
            let input = try await request.json(Input.self, context: context)
            let analysis = try await cache.analyze(input.text)
            return JobAnalysisView(analysis, text: input.text)
        }
    }
}

/// A job description's analysis as REST, GraphQL and `careerops analyze` show it.
struct JobAnalysisSpan: Codable, Sendable {
    let start: Int
    let end: Int
    let text: String
}

/// The ESCO skill a technology belongs under.
struct SkillConceptView: Codable, Sendable {
    let uri: String
    let label: String
}

struct JobAnalysisSkill: Codable, Sendable {
    let uri: String
    /// A technology's own name ("Kubernetes"), else the ESCO skill's label.
    let label: String
    let confidence: Double
    let evidence: [JobAnalysisSpan]
    /// For a technology, the ESCO skill it belongs under; nil for ESCO's own skills.
    let concept: SkillConceptView?

    init(uri: String, label: String, confidence: Double, evidence: [JobAnalysisSpan], concept: SkillConceptView? = nil) {
        self.uri = uri
        self.label = label
        self.confidence = confidence
        self.evidence = evidence
        self.concept = concept
    }

    init(_ hit: SkillPhraseIndex.Hit, evidence: JobAnalysisSpan) {
        self.init(uri: hit.uri, label: hit.label, confidence: hit.confidence, evidence: [evidence], concept: hit.concept.map { SkillConceptView(uri: $0.uri, label: $0.label) })
    }
}

struct JobAnalysisHint: Codable, Sendable {
    let value: String
    let evidence: JobAnalysisSpan
}

struct JobAnalysisView: Codable, Sendable, ResponseEncodable {
    let skills: [JobAnalysisSkill]
    /// What the sentences are about as a whole beyond `skills`, best first: offered, not claimed.
    let suggestions: [JobAnalysisSkill]
    let seniority: JobAnalysisHint?
    let yearsMinimum: Int?
    let yearsMaximum: Int?
    let workplace: JobAnalysisHint?
    let location: JobAnalysisHint?

    init(_ analysis: JobDescriptionAnalyzer.Analysis, text: String) {
        let utf16 = Array(text.utf16)
        func span(_ range: Range<Int>) -> JobAnalysisSpan { JobAnalysisSpan(start: range.lowerBound, end: range.upperBound, text: String(decoding: utf16[range], as: UTF16.self)) }
        func hint(_ hint: JobDescriptionAnalyzer.Hint?) -> JobAnalysisHint? { hint.map { JobAnalysisHint(value: $0.value, evidence: span($0.range)) } }
        skills = analysis.skills.map { JobAnalysisSkill($0, evidence: span($0.range)) }
        suggestions = analysis.suggestions.map { JobAnalysisSkill($0, evidence: span($0.range)) }
        seniority = hint(analysis.seniority)
        yearsMinimum = analysis.yearsMinimum
        yearsMaximum = analysis.yearsMaximum
        workplace = hint(analysis.workplace)
        location = hint(analysis.location)
    }

    init(skills: [JobAnalysisSkill], suggestions: [JobAnalysisSkill], seniority: JobAnalysisHint?, yearsMinimum: Int?, yearsMaximum: Int?,
         workplace: JobAnalysisHint?, location: JobAnalysisHint?) {
        self.skills = skills
        self.suggestions = suggestions
        self.seniority = seniority
        self.yearsMinimum = yearsMinimum
        self.yearsMaximum = yearsMaximum
        self.workplace = workplace
        self.location = location
    }
}

/// A job description's analysis as the API writes it (for `careerops analyze`).
public enum JobAnalysisJSON {
    public static func render(_ text: String, cache: SkillIndexCache) async throws -> Data {
        let analysis = try await cache.analyze(text)
        let encoder = APIJSON.encoder
        encoder.outputFormatting.insert(.prettyPrinted)
        return try encoder.encode(JobAnalysisView(analysis, text: text))
    }
}
