import Foundation

extension DemoBuilder {
    static let memberCount = 150

    /// Organizations, the demo member, the admin, coaches and members with their profiles, work
    /// histories, education, skills with level history, endorsements and goals.
    mutating func buildPeople(memberPasswordHash: String, adminPasswordHash: String, coachPasswordHash: String) throws {
        let created = now.addingTimeInterval(-180 * Self.day)
        for (name, slug) in DemoCatalog.organizations {
            let id = uuid()
            organizations.append(id)
            add("organizations", ["id", "name", "slug", "is_demo", "created_at", "updated_at"], [id, name, slug, true, created, created])
        }
        summary.organizations = organizations.count

        // Each track with the technologies of each of its roles (three per role, in order).
        let tracks = zip(DemoCatalog.tracks, DemoCatalog.trackTools).compactMap { labels, names -> (roles: [DemoTaxonomy.Occupation], tools: [[UUID]])? in
            let roles = labels.compactMap(taxonomy.occupation(labelled:))
            guard roles.count >= 2 else { return nil }
            // Each role's three names resolved on their own, so that one the catalog lacks shifts no other role's.
            return (roles, roles.indices.map { step in taxonomy.tools(names.dropFirst(step * 3).prefix(3)) })
        }
        for track in tracks {
            for (role, tools) in zip(track.roles, track.tools) { occupationTools[role.id, default: []].append(contentsOf: tools.filter { !(occupationTools[role.id] ?? []).contains($0) }) }
        }
        let fallbackTrack = (roles: Array(taxonomy.occupations.prefix(3)), tools: [[UUID]](repeating: [], count: 3))
        var coaches: [UUID: UUID] = [:]

        for (index, organization) in organizations.enumerated() {
            let coach = uuid()
            coaches[organization] = coach
            let name = "\(DemoCatalog.firstNames[index]) \(DemoCatalog.lastNames[index])"
            // The first organization's coach (the demo member's) is a demo login too.
            try addUser(id: coach, email: index == 0 ? DemoSeeder.coachEmail : "coach.\(DemoCatalog.organizations[index].1)@careerops.local", name: name,
                        passwordHash: index == 0 ? coachPasswordHash : nil, platformRole: "member", created: created)
            add("memberships", ["id", "user_id", "organization_id", "role", "coach_id", "created_at", "updated_at"], [uuid(), coach, organization, "coach", UUID?.none, created, created])
        }

        for index in 0..<Self.memberCount {
            let id = uuid()
            let organization = organizations[index % organizations.count]
            let first = DemoCatalog.firstNames[(index * 7 + 3) % DemoCatalog.firstNames.count]
            let last = DemoCatalog.lastNames[(index * 11 + 5) % DemoCatalog.lastNames.count]
            let email: String
            let passwordHash: String?
            let role: String
            switch index {
            case 0: (email, passwordHash, role) = (DemoSeeder.memberEmail, memberPasswordHash, "member")
            case 1: (email, passwordHash, role) = (DemoSeeder.adminEmail, adminPasswordHash, "platform_admin")
            default: (email, passwordHash, role) = ("\(Self.ascii(first)).\(Self.ascii(last)).\(index)@demo.careerops.local", nil, "member")
            }
            // The first two (the demo logins) have months of history; the others joined over the last half year.
            let joined = daysAgo(index < 2 ? int(100...170) : int(14...170))
            try addUser(id: id, email: email, name: "\(first) \(last)", passwordHash: passwordHash, platformRole: role, created: joined)
            add("memberships", ["id", "user_id", "organization_id", "role", "coach_id", "created_at", "updated_at"],
                [uuid(), id, organization, index == 1 ? "org_admin" : "member", coaches[organization], joined, joined])
            if index != 1, chance(0.8) || index == 0 {
                add("coach_shares", ["id", "member_id", "coach_id", "created_at"], [uuid(), id, coaches[organization]!, joined])
            }

            let track = tracks.isEmpty ? fallbackTrack : tracks[index % tracks.count]
            let stage = index == 0 ? 2 : int(1...track.roles.count)
            let skills = try buildCareer(for: id, track: track.roles, tools: track.tools, stage: stage, joined: joined, coach: coaches[organization]!)
            members.append(Member(id: id, organization: organization, track: track.roles, stage: stage, skills: skills,
                                  activity: index < 2 ? 0.7 : Double(int(5...80)) / 100, joined: joined))
        }
        summary.members = members.count
    }

    private mutating func addUser(id: UUID, email: String, name: String, passwordHash: String?, platformRole: String, created: Date) throws {
        let normalized = email.lowercased()
        add("users", ["id", "email_sealed", "email_index", "name_sealed", "password_hash", "platform_role", "status", "email_verified_at", "is_demo", "created_at", "updated_at"],
            [id, try cipher.seal(normalized), cipher.blindIndex(normalized), try cipher.seal(name), passwordHash, platformRole, "active", created, true, created, created])
    }

    /// Work history along `track` up to `stage`, education, profile, skills and goals; answers the
    /// skills. A member holds most of each role's skills they have had (longer held, higher), the
    /// technologies of those roles, and a few of the next role's skills they are learning; their
    /// summary names a technology of the next role they have not added yet (a skill their own words
    /// propose).
    private mutating func buildCareer(for member: UUID, track: [DemoTaxonomy.Occupation], tools: [[UUID]], stage: Int, joined: Date, coach: UUID) throws -> [UUID] {
        // A first role lasts two to three years, a second three to five.
        let lengths = (0..<stage).map { step in step == stage - 1 ? 0 : step == 0 ? int(640...1_100) : int(1_000...1_800) }
        // What the member took from each role: most of its skills and its technologies.
        var gained: [(skills: [UUID], tools: [UUID])] = []
        for step in 0..<stage {
            let skills = track[step].skills
            gained.append((sample(skills, count: Int((Double(skills.count) * Double(int(60...85)) / 100).rounded())), tools[step].filter { _ in chance(0.85) }))
        }
        var start = int(200...900) + lengths.reduce(0, +)
        let firstStart = start
        for step in 0..<stage {
            let occupation = track[step]
            let employer = pick(DemoCatalog.employers)
            let ended: Date? = step == stage - 1 ? nil : dateOnly(daysAgo: max(start - lengths[step], 30))
            // The position's description names what the member took from it.
            let did = gained[step].skills.filter { !taxonomy.knowledge.contains($0) }.prefix(2).compactMap { taxonomy.skillLabels[$0] }
            let used = gained[step].tools.compactMap { taxonomy.skillLabels[$0] }
            let description = "On a team of \(int(3...12))\(did.isEmpty ? "" : ", my work covered \(Self.list(did))")."
                + (used.isEmpty ? "" : " Day to day I used \(Self.list(used)).")
            add("work_experiences", ["id", "user_id", "title", "employer", "occupation_id", "started_on", "ended_on", "description_sealed", "created_at", "updated_at"],
                [uuid(), member, Self.capitalized(occupation.label), employer, occupation.id, dateOnly(daysAgo: start), ended,
                 try cipher.seal(description), joined, joined])
            summary.workExperiences += 1
            start = max(start - lengths[step], 30)
        }
        add("educations", ["id", "user_id", "institution", "degree", "field_of_study", "started_on", "ended_on", "created_at", "updated_at"],
            [uuid(), member, pick(DemoCatalog.institutions), pick(["BSc", "MSc", "BA"]), pick(DemoCatalog.fields),
             dateOnly(daysAgo: firstStart + 1_460), dateOnly(daysAgo: firstStart + 60), joined, joined])

        let current = track[stage - 1]
        let next = stage < track.count ? track[stage] : nil
        let learning = next == nil ? nil : tools[stage].first.flatMap { taxonomy.skillLabels[$0] }
        let preferences = """
            {"target_roles":[\(next.map { "\"\($0.label)\"" } ?? "")],"locations":["\(pick(DemoCatalog.locations))"],"remote":\(chance(0.5)),"salary_min_yearly":\(int(40...90) * 1_000),"currency":"EUR"}
            """
        add("profiles", ["id", "user_id", "headline", "summary_sealed", "phone_sealed", "location", "time_zone", "visibility", "preferences", "created_at", "updated_at"],
            [uuid(), member, "\(Self.capitalized(current.label)) at \(pick(DemoCatalog.employers))",
             try cipher.seal("I work as \(current.label) and want to grow towards \(next?.label ?? "leading a team")."
                             + (learning.map { " Lately I have been learning \($0)." } ?? "")),
             try cipher.seal("+31 6 \(int(1_000_000...9_999_999))"), pick(DemoCatalog.locations), pick(DemoCatalog.timeZones),
             "organization", preferences, joined, joined])

        var known = Set<UUID>()
        var skills: [UUID] = []
        func hold(_ skill: UUID, level: Int) throws {
            guard known.insert(skill).inserted else { return }
            skills.append(skill)
            try addSkill(member: member, skill: skill, level: max(1, min(5, level)), joined: joined, coach: coach)
        }
        for (step, taken) in gained.enumerated() {
            // The earlier the role, the longer its skills have grown.
            let seniority = stage - 1 - step
            for skill in taken.skills + taken.tools { try hold(skill, level: int(2...3) + seniority) }
        }
        if let next {
            // Some of the next role's skills, being learnt.
            let ahead = next.skills.filter { !known.contains($0) }
            for skill in sample(ahead, count: Int((Double(ahead.count) * Double(int(20...35)) / 100).rounded())) { try hold(skill, level: int(1...2)) }
            addGoal(member: member, target: next, joined: joined)
        }
        if chance(0.3) {
            let goal = uuid()
            add("career_goals", ["id", "user_id", "kind", "title", "target_occupation_id", "target_skill_id", "target_level", "due_on", "status", "created_at", "updated_at"],
                [goal, member, "text", pick(DemoCatalog.goalTexts), UUID?.none, UUID?.none, Int?.none, dateOnly(daysAgo: -int(60...300)), "active", joined, joined])
            summary.goals += 1
        }
        return skills
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        items.count <= 2 ? items.joined(separator: " and ") : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    private mutating func addSkill(member: UUID, skill: UUID, level: Int, joined: Date, coach: UUID) throws {
        let id = uuid()
        let added = joined.addingTimeInterval(Double(int(0...20)) * Self.day)
        add("user_skills", ["id", "user_id", "skill_id", "level", "years", "last_used_on", "evidence", "created_at", "updated_at"],
            [id, member, skill, level, int(1...8), dateOnly(daysAgo: int(0...60)), try cipher.seal("[]"), added, added])
        summary.userSkills += 1
        var changed = added
        for step in stride(from: max(1, level - int(0...2)), through: level, by: 1) {
            add("skill_level_history", ["id", "user_skill_id", "level", "changed_at"], [uuid(), id, step, changed])
            changed = min(now, changed.addingTimeInterval(Double(int(15...40)) * Self.day))
        }
        if chance(0.3) {
            add("skill_endorsements", ["id", "user_skill_id", "endorser_id", "source", "level", "comment_sealed", "reference", "created_at"],
                [uuid(), id, coach, "coach", level, try? cipher.seal("Seen this in our last project."), String?.none, changed])
        }
    }

    private mutating func addGoal(member: UUID, target: DemoTaxonomy.Occupation, joined: Date) {
        let goal = uuid()
        roleGoals[member] = (goal, target)
        add("career_goals", ["id", "user_id", "kind", "title", "target_occupation_id", "target_skill_id", "target_level", "due_on", "status", "created_at", "updated_at"],
            [goal, member, "role", "Become \(target.label)", target.id, UUID?.none, Int?.none, dateOnly(daysAgo: -int(180...540)), "active", joined, joined])
        summary.goals += 1
        let steps = sample(target.skills, count: min(3, target.skills.count))
        for (position, skill) in steps.enumerated() {
            let done = chance(0.4)
            add("milestones", ["id", "goal_id", "title", "position", "due_on", "completed_at", "created_at", "updated_at"],
                [uuid(), goal, "Reach level 3 in \(taxonomy.skillLabels[skill] ?? "a key skill")", position,
                 dateOnly(daysAgo: -int(30...360)), done ? daysAgo(int(1...60)) : nil, joined, joined])
        }
    }

    static func ascii(_ text: String) -> String {
        text.decomposedStringWithCanonicalMapping.lowercased().filter { $0.isASCII && $0.isLetter }
    }

    static func capitalized(_ label: String) -> String {
        label.prefix(1).uppercased() + label.dropFirst()
    }
}
