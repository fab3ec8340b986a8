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
            let skills = sample(occupation.skills, count: min(occupation.skills.count, int(4...9)))
            let required = skills.prefix(max(1, skills.count * 3 / 5))
            let base = 32_000 + seniority * 14_000 + int(0...12) * 1_000
            let age = int(0...120)
            let posted = daysAgo(age)
            let id = uuid()
            let description = """
                \(employer) is looking for a \(title) to join its team in \(location)\(remote ? " (remote possible)" : ""). \
                You will work with \(skills.prefix(3).compactMap { taxonomy.skillLabels[$0] }.joined(separator: ", ")). \
                Requirements: \(required.compactMap { taxonomy.skillLabels[$0] }.joined(separator: "; ")).
                """
            let organization: UUID? = chance(0.2) ? pick(organizations) : nil
            let status = age > 90 && chance(0.5) ? "closed" : "open"
            if status == "open", organization == nil { openings[occupation.id, default: []].append(id) }
            add("opportunities", ["id", "organization_id", "title", "employer", "description", "location", "remote", "employment_type",
                                  "salary_min_yearly", "salary_max_yearly", "salary_currency", "occupation_id", "status", "source",
                                  "external_id", "posted_at", "closes_at", "is_demo", "created_at", "updated_at"],
                [id, organization, Self.capitalized(title), employer, description, location, remote, pick(["FULL_TIME", "FULL_TIME", "FULL_TIME", "PART_TIME", "CONTRACTOR"]),
                 base, base + int(8...25) * 1_000, "EUR", occupation.id, status, "demo",
                 String?.none, posted, posted.addingTimeInterval(60 * Self.day), true, posted, posted])
            for (position, skill) in skills.enumerated() {
                add("opportunity_skills", ["id", "opportunity_id", "skill_id", "required", "min_level"],
                    [uuid(), id, skill, position < required.count, min(5, 2 + seniority)])
            }
        }
        summary.opportunities = Self.opportunityCount

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
