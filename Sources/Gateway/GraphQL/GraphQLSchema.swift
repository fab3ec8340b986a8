import Analytics
import Career
import Core
import Foundation
import GraphQL
import Graphiti
import Insights

extension CareerOpsAPI {
    /// The schema: the seed's `User`, `CareerPlan`, `updateProfile` and `createCareerGoal` with
    /// their names unchanged, and the rest of the career domain around them.
    static func schema() throws -> Graphiti.Schema<CareerOpsResolver, GraphQLContext> {
        try Graphiti.Schema<CareerOpsResolver, GraphQLContext> {
            Scalar(GraphID.self, as: "ID")
            Scalar(Day.self, as: "Date").description("A calendar day, YYYY-MM-DD.")
            Enum(Visibility.self) { Value(.private); Value(.coaches); Value(.organization) }
            Enum(Goal.Kind.self, as: "GoalKind") { Value(.role); Value(.skill); Value(.text) }
            Enum(PlanAction.Kind.self, as: "PlanActionKind") { Value(.learn); Value(.practise); Value(.getEndorsed); Value(.apply); Value(.network) }
            Enum(PlanAction.Status.self, as: "PlanActionStatus") { Value(.todo); Value(.inProgress); Value(.done); Value(.skipped) }

            Input(Preferences.self, as: "PreferencesInput") {
                InputField("targetRoles", at: \.targetRoles)
                InputField("locations", at: \.locations)
                InputField("remote", at: \.remote)
                InputField("salaryMinYearly", at: \.salaryMinYearly)
                InputField("salaryMaxYearly", at: \.salaryMaxYearly)
                InputField("currency", at: \.currency)
            }
            Input(ProfileChange.self, as: "ProfileInput") {
                InputField("headline", at: \.headline)
                InputField("summary", at: \.summary)
                InputField("location", at: \.location)
                InputField("timeZone", at: \.timeZone)
                InputField("visibility", at: \.visibility)
                InputField("preferences", at: \.preferences)
            }
            Input(MilestoneInput.self, as: "MilestoneInput") {
                InputField("title", at: \.title)
                InputField("dueOn", at: \.dueOn)
                InputField("position", at: \.position)
            }
            Input(GoalInput.self, as: "GoalInput") {
                InputField("title", at: \.title)
                InputField("kind", at: \.kind)
                InputField("targetOccupationUri", at: \.targetOccupationUri)
                InputField("targetSkillUri", at: \.targetSkillUri)
                InputField("targetLevel", at: \.targetLevel)
                InputField("dueOn", at: \.dueOn)
                InputField("milestones", at: \.milestones)
            }
            Input(Evidence.self, as: "EvidenceInput") {
                InputField("url", at: \.url)
                InputField("note", at: \.note)
            }
            Input(SkillInput.self, as: "SkillInput") {
                InputField("uri", at: \.uri)
                InputField("name", at: \.name)
                InputField("level", at: \.level)
                InputField("years", at: \.years)
                InputField("lastUsedOn", at: \.lastUsedOn)
                InputField("evidence", at: \.evidence)
            }
            Input(PlanInputArguments.Action.self, as: "PlanActionInput") {
                InputField("kind", at: \.kind)
                InputField("title", at: \.title)
                InputField("dueOn", at: \.dueOn)
                InputField("skillUri", at: \.skillUri)
                InputField("resourceId", at: \.resourceId)
                InputField("opportunityId", at: \.opportunityId)
            }
            Input(PlanInputArguments.Phase.self, as: "PlanPhaseInput") {
                InputField("title", at: \.title)
                InputField("actions", at: \.actions)
            }
            Input(PlanInputArguments.self, as: "PlanInput") {
                InputField("title", at: \.title)
                InputField("goalId", at: \.goalId)
                InputField("phases", at: \.phases)
            }

            Type(CallerView.Organization.self, as: "Organization") {
                Field("id", at: \.id)
                Field("name", at: \.name)
                Field("role", at: \.role)
            }
            Type(OccupationView.self, as: "Occupation") {
                Field("id", at: \.gid)
                Field("uri", at: \.uri)
                Field("label", at: \.label)
            }
            Type(PreferencesView.self, as: "Preferences") {
                Field("targetRoles", at: \.targetRoles)
                Field("locations", at: \.locations)
                Field("remote", at: \.remote)
                Field("salaryMinYearly", at: \.salaryMinYearly)
                Field("salaryMaxYearly", at: \.salaryMaxYearly)
                Field("currency", at: \.currency)
            }
            Type(ExperienceView.self, as: "WorkExperience") {
                Field("id", at: \.gid)
                Field("title", at: \.title)
                Field("employer", at: \.employer)
                Field("occupation", at: \.occupation)
                Field("startedOn", at: \.startedOn)
                Field("endedOn", at: \.endedOn)
                Field("description", at: \.description)
            }
            Type(EducationView.self, as: "Education") {
                Field("id", at: \.gid)
                Field("institution", at: \.institution)
                Field("degree", at: \.degree)
                Field("fieldOfStudy", at: \.fieldOfStudy)
                Field("startedOn", at: \.startedOn)
                Field("endedOn", at: \.endedOn)
            }
            Type(ProfileView.self, as: "UserProfile") {
                Field("headline", at: \.headline)
                Field("summary", at: \.summary)
                Field("location", at: \.location)
                Field("timeZone", at: \.timeZone)
                Field("visibility", at: \.visibility)
                Field("preferences", at: \.preferences)
                Field("experiences", at: \.experiences)
                Field("educations", at: \.educations)
                Field("currentOccupation", at: \.currentOccupation)
            }
            Type(EvidenceView.self, as: "Evidence") {
                Field("url", at: \.url)
                Field("note", at: \.note)
            }
            Type(EndorsementView.self, as: "Endorsement") {
                Field("id", at: \.gid)
                Field("endorserId", at: \.endorser)
                Field("source", at: \.source)
                Field("level", at: \.level)
                Field("comment", at: \.comment)
                Field("reference", at: \.reference)
                Field("createdAt", at: \.created)
            }
            Type(SkillView.self, as: "Skill") {
                Field("id", at: \.gid)
                Field("uri", at: \.uri)
                Field("name", at: \.name)
                Field("isCustom", at: \.isCustom)
                Field("level", at: \.level)
                Field("years", at: \.years)
                Field("lastUsedOn", at: \.lastUsedOn)
                Field("verification", at: \.verification).description("The strongest source: self < peer < coach < assessment/certificate.")
                Field("verifiedLevel", at: \.verifiedLevel)
                Field("evidence", at: \.evidence)
                Field("endorsements", at: \.endorsements)
            }
            Type(CatalogSkillView.self, as: "CatalogSkill") {
                Field("uri", at: \.uri)
                Field("name", at: \.name)
                Field("isCustom", at: \.isCustom)
            }
            Type(CatalogMatch.self, as: "CatalogMatch") {
                Field("uri", at: \.uri)
                Field("preferredLabel", at: \.preferredLabel)
                Field("matchedLabel", at: \.matchedLabel)
                Field("kind", at: \.kindName)
            }
            Type(MilestoneView.self, as: "Milestone") {
                Field("id", at: \.gid)
                Field("title", at: \.title)
                Field("position", at: \.position)
                Field("dueOn", at: \.dueOn)
                Field("completed", at: \.completed)
            }
            Type(GoalView.self, as: "CareerGoal") {
                Field("id", at: \.gid)
                Field("kind", at: \.kind)
                Field("title", at: \.title)
                Field("targetOccupation", at: \.targetOccupation)
                Field("targetSkill", at: \.targetSkill)
                Field("targetLevel", at: \.targetLevel)
                Field("dueOn", at: \.dueOn)
                Field("status", at: \.status)
                Field("progress", at: \.progress)
                Field("milestones", at: \.milestones)
            }
            Type(ActionView.self, as: "PlanAction") {
                Field("id", at: \.gid)
                Field("kind", at: \.kind)
                Field("title", at: \.title)
                Field("status", at: \.status)
                Field("dueOn", at: \.dueOn)
                Field("skill", at: \.skill)
                Field("resourceId", at: \.resourceId)
                Field("opportunityId", at: \.opportunityId)
            }
            Type(PhaseView.self, as: "PlanPhase") {
                Field("id", at: \.gid)
                Field("title", at: \.title)
                Field("status", at: \.status)
                Field("actions", at: \.actions)
            }
            Type(SkillNeedView.self, as: "SkillNeed") {
                Field("uri", at: \.uri)
                Field("name", at: \.name)
                Field("required", at: \.required)
                Field("minLevel", at: \.minLevel)
            }
            Type(OpportunityView.self, as: "Opportunity") {
                Field("id", at: \.gid)
                Field("title", at: \.title)
                Field("employer", at: \.employer)
                Field("description", at: \.description)
                Field("location", at: \.location)
                Field("remote", at: \.remote)
                Field("employmentType", at: \.employmentType)
                Field("salaryMinYearly", at: \.salaryMinYearly)
                Field("salaryMaxYearly", at: \.salaryMaxYearly)
                Field("salaryCurrency", at: \.salaryCurrency)
                Field("occupation", at: \.occupation)
                Field("status", at: \.status)
                Field("postedAt", at: \.posted)
                Field("skills", at: \.skills)
            }
            Type(LearningResourceView.self, as: "LearningResource") {
                Field("id", at: \.gid)
                Field("title", at: \.title)
                Field("provider", at: \.provider)
                Field("url", at: \.url)
                Field("format", at: \.format)
                Field("durationMinutes", at: \.durationMinutes)
                Field("level", at: \.level)
                Field("skills", at: \.skills)
                Field("averageRating", at: \.averageRating)
                Field("ratingCount", at: \.ratingCount)
            }
            Type(JobAnalysisSpan.self, as: "TextSpan") {
                Field("start", at: \.start)
                Field("end", at: \.end)
                Field("text", at: \.text)
            }
            Type(SkillConceptView.self, as: "SkillConcept") {
                Field("uri", at: \.uri)
                Field("label", at: \.label)
            }
            Type(SkillProposalView.Source.self, as: "SkillProposalSource") {
                Field("field", at: \.field)
                Field("position", at: \.position)
                Field("words", at: \.words)
            }
            Type(SkillProposalView.self, as: "SkillProposal") {
                Field("uri", at: \.uri)
                Field("label", at: \.label)
                Field("concept", at: \.concept)
                Field("confidence", at: \.confidence)
                Field("sources", at: \.sources)
            }
            Type(JobAnalysisSkill.self, as: "FoundSkill") {
                Field("uri", at: \.uri)
                Field("label", at: \.label)
                Field("confidence", at: \.confidence)
                Field("evidence", at: \.evidence)
                Field("concept", at: \.concept)
            }
            Type(JobAnalysisHint.self, as: "TextHint") {
                Field("value", at: \.value)
                Field("evidence", at: \.evidence)
            }
            Type(JobAnalysisView.self, as: "JobAnalysis") {
                Field("skills", at: \.skills)
                Field("suggestions", at: \.suggestions)
                Field("seniority", at: \.seniority)
                Field("yearsMinimum", at: \.yearsMinimum)
                Field("yearsMaximum", at: \.yearsMaximum)
                Field("workplace", at: \.workplace)
                Field("location", at: \.location)
            }
            Type(MatchBreakdown.Part.self, as: "MatchPart") {
                Field("name", at: \.name)
                Field("points", at: \.points)
                Field("maximum", at: \.maximum)
                Field("detail", at: \.detail)
            }
            Type(MatchBreakdown.Skill.self, as: "MatchSkill") {
                Field("uri", at: \.uri)
                Field("label", at: \.label)
                Field("required", at: \.required)
                Field("wantedLevel", at: \.wantedLevel)
                Field("yourLevel", at: \.yourLevel)
            }
            Type(MatchView.self, as: "OpportunityMatch") {
                Field("opportunity", at: \.opportunity)
                Field("score", at: \.score)
                Field("summary", at: \.summary)
                Field("parts", at: \.parts)
                Field("matchedSkills", at: \.matchedSkills)
                Field("missingSkills", at: \.missingSkills)
            }
            Type(SkillGapTargetView.self, as: "SkillGapTarget") {
                Field("occupation", at: \.occupation)
                Field("resolvedBy", at: \.resolvedBy)
                Field("similarity", at: \.similarity)
                Field("alternatives", at: \.alternatives)
            }
            Type(SkillGapItemView.self, as: "SkillGapItem") {
                Field("skill", at: \.skill)
                Field("status", at: \.status)
                Field("relation", at: \.relation)
                Field("importance", at: \.importance)
                Field("targetLevel", at: \.targetLevel)
                Field("currentLevel", at: \.currentLevel)
                Field("verification", at: \.verification)
                Field("postings", at: \.postings)
                Field("evidence", at: \.evidence)
            }
            Type(SkillGapView.self, as: "SkillGap") {
                Field("target", at: \.target)
                Field("postingsConsidered", at: \.postingsConsidered)
                Field("readiness", at: \.readiness)
                Field("items", at: \.items)
            }
            Type(RecommendationView.self, as: "LearningRecommendation") {
                Field("resource", at: \.resource)
                Field("score", at: \.score)
                Field("reasons", at: \.reasons)
            }
            Type(CareerPathView.self, as: "CareerPath") {
                Field("occupation", at: \.occupation)
                Field("probability", at: \.probability)
                Field("typicalMonths", at: \.typicalMonths)
                Field("observedMoves", at: \.observedMoves)
                Field("similarity", at: \.similarity)
                Field("skillsToGain", at: \.skillsToGain)
                Field("skillsHeld", at: \.skillsHeld)
            }
            Type(CareerPathsView.self, as: "CareerPaths") {
                Field("origin", at: \.origin)
                Field("resolvedBy", at: \.resolvedBy)
                Field("paths", at: \.paths)
            }
            ConnectionType(MatchView.self, as: "OpportunityMatch")
            ConnectionType(OpportunityView.self, as: "Opportunity")
            ConnectionType(LearningResourceView.self, as: "LearningResource")
            Type(PlanChanges.self, as: "PlanChanges") {
                Field("added", at: \.added)
                Field("removed", at: \.removed)
                Field("kept", at: \.kept)
            }
            Type(PlanNode.self, as: "CareerPlan") {
                Field("id", at: \.id)
                Field("title", at: \.view.title)
                Field("status", at: \.view.status)
                Field("progress", at: \.view.progress)
                Field("currentPhase", at: \.view.currentPhase)
                Field("nextSteps", at: \.view.nextSteps)
                Field("nextActions", at: \.view.nextActions)
                Field("phases", at: \.view.phases)
                Field("opportunities", at: PlanNode.opportunities) { Argument("first", at: \.first) }
                Field("matches", at: PlanNode.matches) { Argument("first", at: \.first) }
                Field("learningPath", at: PlanNode.learningPath) { Argument("first", at: \.first) }
                Field("changes", at: \.changes)
            }
            Type(EngagementReport.Point.self, as: "EngagementPoint") { Field("start", at: \.start); Field("activeMembers", at: \.activeMembers); Field("stickiness", at: \.stickiness) }
            Type(EngagementReport.self, as: "EngagementReport") {
                Field("organizationId", at: \.organization); Field("from", at: \.from); Field("to", at: \.to); Field("period", at: \.period); Field("k", at: \.k)
                Field("points", at: \.points)
            }
            Type(RetentionReport.Cohort.self, as: "RetentionCohort") { Field("week", at: \.week); Field("members", at: \.members); Field("active", at: \.active); Field("retained", at: \.retained) }
            Type(RetentionReport.self, as: "RetentionReport") {
                Field("organizationId", at: \.organization); Field("from", at: \.from); Field("to", at: \.to); Field("k", at: \.k); Field("cohorts", at: \.cohorts)
            }
            Type(FunnelReport.Step.self, as: "FunnelStep") { Field("name", at: \.name); Field("members", at: \.members); Field("fromPrevious", at: \.fromPrevious); Field("fromStart", at: \.fromStart) }
            Type(FunnelReport.self, as: "FunnelReport") {
                Field("organizationId", at: \.organization); Field("from", at: \.from); Field("to", at: \.to); Field("k", at: \.k); Field("steps", at: \.steps)
            }
            Type(ProgressReport.Point.self, as: "ProgressPoint") {
                Field("day", at: \.day); Field("members", at: \.members); Field("skills", at: \.skills); Field("levelSum", at: \.levelSum)
                Field("verifiedSkills", at: \.verifiedSkills); Field("goalsDone", at: \.goalsDone); Field("planCompletion", at: \.planCompletion)
            }
            Type(ProgressReport.self, as: "ProgressReport") { Field("scope", at: \.scope); Field("from", at: \.from); Field("to", at: \.to); Field("k", at: \.k); Field("points", at: \.points) }
            Type(MarketTrendsReport.Forecast.self, as: "MarketForecast") { Field("start", at: \.start); Field("expected", at: \.expected); Field("lower", at: \.lower); Field("upper", at: \.upper) }
            Type(MarketTrendsReport.Trend.self, as: "MarketTrend") {
                Field("uri", at: \.uri); Field("skill", at: \.skill); Field("postings", at: \.postings); Field("total", at: \.total); Field("growth", at: \.growth)
                Field("forecast", at: \.forecast)
            }
            Type(MarketTrendsReport.self, as: "MarketTrends") {
                Field("from", at: \.from); Field("to", at: \.to); Field("period", at: \.period); Field("occupation", at: \.occupation); Field("location", at: \.location)
                Field("periods", at: \.periods); Field("skills", at: \.skills); Field("rising", at: \.rising); Field("falling", at: \.falling); Field("model", at: \.model)
            }
            Type(UserNode.self, as: "User") {
                Field("id", at: \.id)
                Field("name", at: \.name)
                Field("email", at: \.email)
                Field("emailVerified", at: \.emailVerified)
                Field("roles", at: \.roles)
                Field("organizations", at: \.organizations)
                Field("profile", at: UserNode.profile)
                Field("careerPlan", at: UserNode.careerPlan)
                Field("plans", at: UserNode.plans)
                Field("skills", at: UserNode.skills)
                Field("goals", at: UserNode.goals)
            }

            Query {
                Field("me", at: CareerOpsResolver.me)
                Field("user", at: CareerOpsResolver.user) { Argument("id", at: \.id) }
                Field("coachees", at: CareerOpsResolver.coachees)
                Field("skillCatalog", at: CareerOpsResolver.skillCatalog) {
                    Argument("query", at: \.query)
                    Argument("first", at: \.first)
                }
                Field("opportunities", at: CareerOpsResolver.opportunities) {
                    Argument("first", at: \.first)
                    Argument("after", at: \.after)
                    Argument("query", at: \.query)
                    Argument("remote", at: \.remote)
                }
                Field("opportunity", at: CareerOpsResolver.opportunity) { Argument("id", at: \.id) }
                Field("analyzeJobDescription", at: CareerOpsResolver.analyzeJobDescription) { Argument("text", at: \.text) }
                Field("skillGap", at: CareerOpsResolver.skillGap) { Argument("targetRole", at: \.targetRole) }
                Field("skillProposals", at: CareerOpsResolver.skillProposals)
                Field("recommendations", at: CareerOpsResolver.recommendations) { Argument("first", at: \.first) }
                Field("engagementReport", at: CareerOpsResolver.engagementReport) { Argument("period", at: \.period); Argument("from", at: \.from); Argument("to", at: \.to); Argument("organization", at: \.organization) }
                Field("retentionReport", at: CareerOpsResolver.retentionReport) { Argument("from", at: \.from); Argument("to", at: \.to); Argument("organization", at: \.organization) }
                Field("funnelReport", at: CareerOpsResolver.funnelReport) { Argument("from", at: \.from); Argument("to", at: \.to); Argument("organization", at: \.organization) }
                Field("progressReport", at: CareerOpsResolver.progressReport) { Argument("team", at: \.team); Argument("from", at: \.from); Argument("to", at: \.to); Argument("organization", at: \.organization) }
                Field("marketTrends", at: CareerOpsResolver.marketTrends) {
                    Argument("period", at: \.period); Argument("occupation", at: \.occupation); Argument("location", at: \.location); Argument("first", at: \.first)
                    Argument("from", at: \.from); Argument("to", at: \.to); Argument("organization", at: \.organization)
                }
                Field("careerPaths", at: CareerOpsResolver.careerPaths) {
                    Argument("from", at: \.from)
                    Argument("first", at: \.first)
                }
                Field("matches", at: CareerOpsResolver.matches) {
                    Argument("first", at: \.first)
                    Argument("after", at: \.after)
                }
                Field("learningResources", at: CareerOpsResolver.learningResources) {
                    Argument("first", at: \.first)
                    Argument("after", at: \.after)
                    Argument("skill", at: \.skill)
                    Argument("query", at: \.query)
                }
            }
            Mutation {
                Field("updateProfile", at: CareerOpsResolver.updateProfile) { Argument("input", at: \.input) }
                Field("createCareerGoal", at: CareerOpsResolver.createCareerGoal) { Argument("input", at: \.input) }
                Field("setMilestoneCompleted", at: CareerOpsResolver.setMilestoneCompleted) {
                    Argument("goalId", at: \.goalId)
                    Argument("milestoneId", at: \.milestoneId)
                    Argument("completed", at: \.completed)
                }
                Field("addSkill", at: CareerOpsResolver.addSkill) { Argument("input", at: \.input) }
                Field("confirmSkillProposals", at: CareerOpsResolver.confirmSkillProposals) {
                    Argument("uris", at: \.uris)
                    Argument("level", at: \.level)
                }
                Field("updateSkill", at: CareerOpsResolver.updateSkill) {
                    Argument("id", at: \.id)
                    Argument("level", at: \.level)
                    Argument("years", at: \.years)
                }
                Field("removeSkill", at: CareerOpsResolver.removeSkill) { Argument("id", at: \.id) }
                Field("endorseSkill", at: CareerOpsResolver.endorseSkill) {
                    Argument("userSkillId", at: \.userSkillId)
                    Argument("level", at: \.level)
                    Argument("comment", at: \.comment)
                }
                Field("createCareerPlan", at: CareerOpsResolver.createCareerPlan) { Argument("input", at: \.input) }
                Field("generateCareerPlan", at: CareerOpsResolver.generateCareerPlan)
                Field("setPlanActionStatus", at: CareerOpsResolver.setPlanActionStatus) {
                    Argument("planId", at: \.planId)
                    Argument("actionId", at: \.actionId)
                    Argument("status", at: \.status)
                }
                Field("completeLearningResource", at: CareerOpsResolver.completeLearningResource) { Argument("id", at: \.id) }
                Field("rateLearningResource", at: CareerOpsResolver.rateLearningResource) {
                    Argument("id", at: \.id)
                    Argument("rating", at: \.rating)
                }
            }
        }
    }
}
