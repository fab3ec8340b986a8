import Career
import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity
import Insights
import Intelligence

/// The job-description analyser (a pasted posting's skills, each with the words behind it, and
/// how the member fits) and career paths (likely next roles with their probability and the
/// skills each asks that the member lacks).
struct AnalysePage {
    struct Skill {
        let label: String
        let uri: String
        /// For a technology, the ESCO skill it belongs under.
        let concept: String?
        let evidence: String
        let confidence: String
        let yours: String?
        let have: Bool
    }

    let chrome: Chrome
    let text: String
    let error: String?
    let analysed: Bool
    let skills: [Skill]
    let fit: String?
    let hints: [String]
    /// What the text may also be about (not claimed), for the reader to weigh.
    var suggestions: [String] = []
}

struct PathsPage {
    struct Path { let role: String; let probability: String; let value: Double; let months: Int; let moves: Int; let held: Int; let toGain: [String] }

    let chrome: Chrome
    let from: Field
    let origin: String?
    let paths: [Path]
}

extension WebController {
    struct AnalyseForm: Decodable { let text: String? }

    func addInsightRoutes(to router: Router<Context>) {
        router.get("analyse") { request, context in
            try await member(request, context) { principal, csrf in
                try renderer.response(AnalysePage(chrome: renderer.chrome("Analyse a job posting", for: principal, csrf: csrf, current: "/analyse"),
                                                  text: "", error: nil, analysed: false, skills: [], fit: nil, hints: []), template: "analyse")
            }
        }
        router.post("analyse") { request, context in
            try await member(request, context) { principal, csrf in
                let text = try await Self.form(AnalyseForm.self, request, context).text ?? ""
                let chrome = renderer.chrome("Analyse a job posting", for: principal, csrf: csrf, current: "/analyse")
                guard let trimmed = Self.trimmed(text), trimmed.count <= 20_000 else {
                    return try renderer.response(AnalysePage(chrome: chrome, text: text, error: text.isEmpty ? "Paste the posting's text first." : "At most 20,000 characters.",
                                                             analysed: false, skills: [], fit: nil, hints: []), template: "analyse", status: .unprocessableContent)
                }
                return try renderer.response(try await analyse(trimmed, principal, chrome: chrome), template: "analyse")
            }
        }
        router.get("paths") { request, context in
            try await member(request, context) { principal, csrf in
                let from = Self.trimmed(request.uri.queryParameters["from"].map(String.init))
                var field = Field(id: "from", name: "from", label: "From the role", value: from ?? "",
                                  hint: "Leave empty to start from your current position.")
                let chrome = renderer.chrome("Career paths", for: principal, csrf: csrf, current: "/paths")
                do {
                    let report = try await services.insights.careerPaths(of: principal.userID, as: principal, from: from, limit: 6)
                    return try renderer.response(PathsPage(chrome: chrome, from: field, origin: report.origin.label, paths: report.paths.map { path in
                        PathsPage.Path(role: path.occupation.label, probability: String(format: "%.0f%%", path.probability * 100), value: path.probability,
                                       months: path.typicalMonths, moves: path.observedMoves, held: path.skillsHeld, toGain: path.skillsToGain.prefix(8).map(\.label))
                    }), template: "paths")
                } catch let error as DomainError where error.fieldError != nil {
                    field.error = error.fieldError?.reason
                    return try renderer.response(PathsPage(chrome: chrome, from: field, origin: nil, paths: []), template: "paths",
                                                 status: from == nil ? .ok : .unprocessableContent)
                }
            }
        }
    }

    func analyse(_ text: String, _ principal: Principal, chrome: Chrome) async throws -> AnalysePage {
        let analysis = try await services.skillIndex.analyze(text)
        let held = Dictionary(try await services.career.skills(of: principal.userID, as: principal).map { ($0.skill.uri, $0.level) }) { a, _ in a }
        let utf16 = Array(text.utf16)
        func words(_ range: Range<Int>) -> String {
            let clamped = max(0, range.lowerBound)..<min(utf16.count, range.upperBound)
            return String(decoding: utf16[clamped], as: UTF16.self)
        }
        let skills = analysis.skills.map { hit in
            AnalysePage.Skill(label: hit.label, uri: hit.uri, concept: hit.concept?.label, evidence: words(hit.range), confidence: String(format: "%.0f%%", hit.confidence * 100),
                              yours: held[hit.uri].map { "you have level \($0)" }, have: held[hit.uri] != nil)
        }
        var hints: [String] = []
        if let seniority = analysis.seniority { hints.append("Seniority: \(seniority.value) (“\(words(seniority.range))”)") }
        if let minimum = analysis.yearsMinimum { hints.append("Experience: \(minimum)\(analysis.yearsMaximum.map { "–\($0)" } ?? "+") years") }
        if let workplace = analysis.workplace { hints.append("Workplace: \(workplace.value)") }
        if let location = analysis.location { hints.append("Location: \(location.value)") }
        let have = skills.filter(\.have).count
        return AnalysePage(chrome: chrome, text: text, error: nil, analysed: true, skills: skills,
                           fit: skills.isEmpty ? nil : "You have \(have) of the \(skills.count) skills it asks for.", hints: hints,
                           suggestions: analysis.suggestions.prefix(5).map(\.label))
    }
}
