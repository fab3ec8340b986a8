import Foundation

extension DemoBuilder {
    static let opportunityCount = 500
    static let resourceCount = 300

    /// Opportunities drawn from the occupations' skills, and learning resources teaching them.
    mutating func buildMarket() {
        let occupations = taxonomy.occupations
        let trackLabels = Set(members.flatMap { $0.track.map(\.label) })
        let weighted = occupations + occupations.filter { trackLabels.contains($0.label) }
        for _ in 0..<Self.opportunityCount {
            let occupation = pick(weighted)
            let seniority = int(0...3)
            let title = ["Junior ", "", "Senior ", "Lead "][seniority] + occupation.label
            let employer = pick(DemoCatalog.employers)
            let location = pick(DemoCatalog.locations)
            let remote = chance(0.3)
            let asked = sample(occupation.skills, count: min(occupation.skills.count, int(4...9)))
            let tools = sample(occupationTools[occupation.id] ?? [], count: int(2...3))
            // The posting's skills: the role's, then its technologies; the first ones required.
            let skills = asked + tools
            let required = Array(asked.prefix(max(1, asked.count * 3 / 5))) + tools.prefix(2)
            let base = 32_000 + seniority * 14_000 + int(0...12) * 1_000
            let top = base + int(8...25) * 1_000
            let age = int(0...120)
            let posted = daysAgo(age)
            let id = uuid()
            let description = Self.postingText(title: title, occupation: occupation.label, employer: employer, location: location, remote: remote,
                                               years: [0, 2, 5, 8][seniority], does: asked.filter { !taxonomy.knowledge.contains($0) }.compactMap { taxonomy.skillLabels[$0] },
                                               knows: asked.filter { taxonomy.knowledge.contains($0) }.compactMap { taxonomy.skillLabels[$0] },
                                               tools: tools.compactMap { taxonomy.skillLabels[$0] }, salary: (base, top), benefit: pick(DemoCatalog.benefits))
            let organization: UUID? = chance(0.2) ? pick(organizations) : nil
            let status = age > 90 && chance(0.5) ? "closed" : "open"
            if status == "open", organization == nil { openings[occupation.id, default: []].append(id) }
            add("opportunities", ["id", "organization_id", "title", "employer", "description", "location", "remote", "employment_type",
                                  "salary_min_yearly", "salary_max_yearly", "salary_currency", "occupation_id", "status", "source",
                                  "external_id", "posted_at", "closes_at", "is_demo", "created_at", "updated_at"],
                [id, organization, Self.capitalized(title), employer, description, location, remote, pick(["FULL_TIME", "FULL_TIME", "FULL_TIME", "PART_TIME", "CONTRACTOR"]),
                 base, top, "EUR", occupation.id, status, "demo",
                 String?.none, posted, posted.addingTimeInterval(60 * Self.day), true, posted, posted])
            for skill in skills {
                add("opportunity_skills", ["id", "opportunity_id", "skill_id", "required", "min_level"],
                    [uuid(), id, skill, required.contains(skill), min(5, 2 + seniority)])
            }
        }
        summary.opportunities = Self.opportunityCount
        buildResources(from: occupations)
    }

    /// A posting as employers write them: who, what the work is, what it asks, what it offers.
    static func postingText(title: String, occupation: String, employer: String, location: String, remote: Bool, years: Int,
                            does: [String], knows: [String], tools: [String], salary: (Int, Int), benefit: String) -> String {
        let duties = does.prefix(4).map { "- \(capitalized($0))." }.joined(separator: "\n")
        let asks = (years > 0 ? ["- \(years)+ years of experience as \(occupation) or in a similar role."] : ["- A first experience as \(occupation), an internship or a degree project."])
            + (tools.isEmpty ? [] : ["- Hands-on experience with \(list(Array(tools.prefix(2))))."])
            + knows.prefix(3).map { "- Good knowledge of \($0)." }
            + does.dropFirst(4).prefix(2).map { "- Able to \($0)." }
        let extra = tools.dropFirst(2).first.map { "\nNice to have: \($0)." } ?? ""
        return """
            \(capitalized(title)) at \(employer), \(location)\(remote ? " (remote possible)" : "")

            \(employer) is hiring \("aeioAEIO".contains(title.first ?? "x") ? "an" : "a") \(title) to join a small team. What you will do:
            \(duties)

            What we ask:
            \(asks.joined(separator: "\n"))\(extra)

            We offer €\(salary.0 / 1_000)k–\(salary.1 / 1_000)k a year and \(benefit).
            """
    }

    /// Learning resources teaching the occupations' skills.
    mutating func buildResources(from occupations: [DemoTaxonomy.Occupation]) {
        var teachable = Array(Set(occupations.flatMap(\.skills))).sorted { $0.uuidString < $1.uuidString }
        teachable = sample(teachable, count: teachable.count)
        for index in 0..<Self.resourceCount {
            let skill = teachable[index % teachable.count]
            let label = taxonomy.skillLabels[skill] ?? "a skill"
            let id = uuid()
            let title = pick(DemoCatalog.resourcePatterns).replacingOccurrences(of: "%@", with: label)
            let created = daysAgo(int(100...200))
            add("learning_resources", ["id", "organization_id", "title", "provider", "url", "format", "duration_minutes", "level", "is_demo", "created_at", "updated_at"],
                [id, chance(0.15) ? pick(organizations) : nil, Self.capitalized(title), pick(DemoCatalog.providers),
                 "https://learn.example.org/\(index + 1)", pick(DemoCatalog.formats), int(2...80) * 15, int(1...5), true, created, created])
            var taught = [skill]
            if let neighbour = occupations.first(where: { $0.skills.contains(skill) }) {
                taught += sample(neighbour.skills.filter { $0 != skill }, count: int(0...2))
            }
            for taughtSkill in taught {
                add("resource_skills", ["id", "resource_id", "skill_id"], [uuid(), id, taughtSkill])
            }
            resources.append((id, taught))
        }
        summary.resources = Self.resourceCount
    }
}
