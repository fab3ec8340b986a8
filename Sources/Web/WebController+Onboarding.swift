import Career
import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity

/// Onboarding: bring in what the member already has (a JSON Resume, shown before it is saved;
/// a LinkedIn export through the API, by the page's script) or type it in.
struct OnboardingPage {
    let chrome: Chrome
    let resume: String
    let resumeError: String?
    let headline: Field
    let location: Field
    let title: Field
    let employer: Field
    let started: Field
}

struct ImportPreviewPage {
    struct Skill { let name: String; let catalog: String?; let level: Int }
    struct Position { let title: String; let employer: String; let started: String }

    let chrome: Chrome
    let resume: String
    let headline: String?
    let location: String?
    let skills: [Skill]
    let positions: [Position]
    let schools: [String]
    let alreadyThere: Int?
    let nothingNew: Bool
}

extension WebController {
    struct ResumeForm: Decodable { let resume: String?; let apply: String? }
    struct ProfileForm: Decodable { let headline: String?; let location: String? }
    struct PositionForm: Decodable { let title: String?; let employer: String?; let started_on: String? }

    func addOnboardingRoutes(to router: Router<Context>) {
        router.get("onboarding") { request, context in
            try await member(request, context) { principal, csrf in
                try renderer.response(onboarding(principal, csrf, welcome: request.uri.queryParameters["welcome"] != nil), template: "onboarding")
            }
        }
        router.post("onboarding/json-resume") { request, context in
            try await member(request, context) { principal, csrf in
                let form = try await Self.form(ResumeForm.self, request, context)
                let text = form.resume ?? ""
                do {
                    let resume = try ResumeImport.jsonResume(Data(text.utf8))
                    let apply = form.apply == "1"
                    let preview = try await services.career.importResume(resume, into: principal.userID, as: principal, apply: apply)
                    if apply {
                        return Self.redirect("/profile?imported=\(preview.skills.count + preview.experiences.count + preview.educations.count)")
                    }
                    return try renderer.response(ImportPreviewPage(
                        chrome: renderer.chrome("Check what will be imported", for: principal, csrf: csrf, current: "/profile"), resume: text,
                        headline: preview.headline, location: preview.location,
                        skills: preview.skills.map { ImportPreviewPage.Skill(name: $0.name, catalog: $0.catalog?.label, level: $0.level) },
                        positions: preview.experiences.map { ImportPreviewPage.Position(title: $0.title, employer: $0.employer, started: $0.startedOn.description) },
                        schools: preview.educations.map(\.institution), alreadyThere: preview.alreadyThere == 0 ? nil : preview.alreadyThere,
                        nothingNew: preview.skills.isEmpty && preview.experiences.isEmpty && preview.educations.isEmpty && preview.headline == nil),
                        template: "import-preview")
                } catch let error as DomainError where error.fieldError != nil {
                    return try renderer.response(onboarding(principal, csrf, resume: text, resumeError: error.fieldError?.reason), template: "onboarding",
                                                 status: .unprocessableContent)
                }
            }
        }
        router.post("onboarding/profile") { request, context in
            try await member(request, context) { principal, csrf in
                let form = try await Self.form(ProfileForm.self, request, context)
                do {
                    _ = try await services.career.updateProfile(of: principal.userID, as: principal, ProfileChange(headline: Self.trimmed(form.headline), location: Self.trimmed(form.location)))
                    return Self.redirect("/onboarding?saved=profile")
                } catch let error as DomainError where error.fieldError != nil {
                    return try renderer.response(onboarding(principal, csrf, profile: form, error: error), template: "onboarding", status: .unprocessableContent)
                }
            }
        }
        router.post("onboarding/position") { request, context in
            try await member(request, context) { principal, csrf in
                let form = try await Self.form(PositionForm.self, request, context)
                do {
                    guard let started = Self.trimmed(form.started_on).flatMap({ Day($0) ?? Day($0 + "-01") }) else {
                        throw DomainError.invalid(field: "started_on", reason: "is not a date (YYYY-MM or YYYY-MM-DD)")
                    }
                    _ = try await services.career.addExperience(to: principal.userID, as: principal, ExperienceInput(title: form.title ?? "", employer: form.employer ?? "", startedOn: started))
                    return Self.redirect("/onboarding?saved=position")
                } catch let error as DomainError where error.fieldError != nil {
                    return try renderer.response(onboarding(principal, csrf, position: form, error: error), template: "onboarding", status: .unprocessableContent)
                }
            }
        }
    }

    func onboarding(_ principal: Principal, _ csrf: String, welcome: Bool = false, resume: String = "", resumeError: String? = nil,
                    profile: ProfileForm? = nil, position: PositionForm? = nil, error: DomainError? = nil) -> OnboardingPage {
        let rejected = error?.fieldError
        func problem(_ field: String) -> String? { rejected?.field == field ? rejected?.reason : nil }
        return OnboardingPage(
            chrome: renderer.chrome("Bring in your experience", for: principal, csrf: csrf, current: "/profile",
                                    notice: welcome ? "Your account is ready. Import what you have, or type it in." : nil),
            resume: resume, resumeError: resumeError,
            headline: Field(id: "headline", name: "headline", label: "Headline", value: profile?.headline ?? "", hint: "What you do, in a few words.", error: problem("headline")),
            location: Field(id: "location", name: "location", label: "Location", value: profile?.location ?? "", error: problem("location"), autocomplete: "address-level2"),
            title: Field(id: "position-title", name: "title", label: "Job title", value: position?.title ?? "", error: problem("title"), required: true),
            employer: Field(id: "position-employer", name: "employer", label: "Employer", value: position?.employer ?? "", error: problem("employer"), required: true),
            started: Field(id: "position-started", name: "started_on", label: "Started (YYYY-MM)", value: position?.started_on ?? "",
                           error: problem("started_on"), required: true))
    }
}
