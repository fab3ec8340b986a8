import GraphQL

/// Limits on what one GraphQL request may ask for: the text's length, nesting depth, a cost
/// that multiplies by the page sizes asked (`first`), and whether the schema may be introspected.
public struct GraphQLLimits: Sendable, Equatable {
    public var maxLength: Int
    public var maxDepth: Int
    public var maxComplexity: Int
    public var introspection: Bool

    public init(maxLength: Int = 32_768, maxDepth: Int = 10, maxComplexity: Int = 5_000, introspection: Bool = true) {
        self.maxLength = maxLength
        self.maxDepth = maxDepth
        self.maxComplexity = maxComplexity
        self.introspection = introspection
    }

    /// What the text must meet before it is parsed.
    var textGuard: GraphQLTextGuard { GraphQLTextGuard(maxLength: maxLength, maxDepth: maxDepth) }

    /// The validation rules these limits add to the specification's.
    var rules: [@Sendable (ValidationContext) -> Visitor] {
        var rules = [Self.depthRule(maxDepth), Self.complexityRule(maxComplexity)]
        if !introspection { rules.append { NoSchemaIntrospectionCustomRule(context: $0) } }
        return rules
    }

    static func depthRule(_ limit: Int) -> @Sendable (ValidationContext) -> Visitor {
        { context in
            Visitor(enter: { node, _, _, _, _ in
                guard let operation = node as? OperationDefinition else { return .continue }
                var measure = SelectionMeasure(context: context)
                let depth = measure.depth(of: operation.selectionSet)
                if depth > limit {
                    context.report(error: GraphQLError(
                        message: "the query is \(depth) levels deep; at most \(limit) are allowed",
                        nodes: [operation], extensions: ["code": "QUERY_TOO_DEEP"]
                    ))
                }
                return .continue
            })
        }
    }

    static func complexityRule(_ limit: Int) -> @Sendable (ValidationContext) -> Visitor {
        { context in
            Visitor(enter: { node, _, _, _, _ in
                guard let operation = node as? OperationDefinition else { return .continue }
                var measure = SelectionMeasure(context: context)
                let root: GraphQLObjectType? = switch operation.operation {
                case .query: context.schema.queryType
                case .mutation: context.schema.mutationType
                case .subscription: context.schema.subscriptionType
                }
                let cost = measure.cost(of: operation.selectionSet, on: root)
                if cost > limit {
                    context.report(error: GraphQLError(
                        message: "the query would cost \(cost); at most \(limit) is allowed (ask for smaller pages with first, or fewer costly fields)",
                        nodes: [operation], extensions: ["code": "QUERY_TOO_COMPLEX"]
                    ))
                }
                return .continue
            })
        }
    }
}

/// Walks a selection set with fragments expanded (each fragment measured once per type, cycles
/// cut). A field costs 1, or what its resolver costs (`expensive`); what it selects is multiplied
/// by how many it may answer: `first: n` (a variable counts as the largest page, 100), or for a
/// list without `first` the most such a list holds (`unpagedList`; a connection's `edges` are
/// the page its `first` counted).
struct SelectionMeasure {
    let context: ValidationContext
    private var depths: [String: Int] = [:]
    private var costs: [String: Int] = [:]
    private var visiting: Set<String> = []
    private static let cap = 1_000_000_000

    /// Resolvers that do far more than read a row: the encoder, matching, gap and path models,
    /// plan generation. An analysis with its skills costs about a quarter of the default budget.
    /// `Type.field` names one type's field where a name means different work on different types.
    static let expensive: [String: Int] = [
        "CareerPlan.opportunities": 200, "CareerPlan.matches": 200,
        "analyzeJobDescription": 1_000, "skillProposals": 2_000, "confirmSkillProposals": 2_000, "generateCareerPlan": 500, "matches": 200, "skillGap": 200, "careerPaths": 200,
        "recommendations": 200, "opportunities": 20, "learningPath": 200, "learningResources": 20, "skillCatalog": 10,
        "engagementReport": 100, "retentionReport": 100, "funnelReport": 100, "progressReport": 100, "marketTrends": 100,
    ]
    /// A list field without `first` counts as this many items: what a member's lists (skills,
    /// goals, phases, a skill's endorsements) usually hold, so that nesting them multiplies.
    static let unpagedList = 10

    init(context: ValidationContext) { self.context = context }

    mutating func depth(of selectionSet: SelectionSet) -> Int {
        var result = 0
        for selection in selectionSet.selections {
            if let field = selection as? GraphQL.Field {
                guard !field.name.value.hasPrefix("__") else { continue }
                result = max(result, 1 + (field.selectionSet.map { depth(of: $0) } ?? 0))
            } else if let inline = selection as? InlineFragment {
                result = max(result, depth(of: inline.selectionSet))
            } else if let spread = selection as? FragmentSpread {
                if let known = depths[spread.name.value] { result = max(result, known); continue }
                guard !visiting.contains(spread.name.value), let definition = context.getFragment(name: spread.name.value) else { continue }
                visiting.insert(spread.name.value)
                let value = depth(of: definition.selectionSet)
                visiting.remove(spread.name.value)
                depths[spread.name.value] = value
                result = max(result, value)
            }
        }
        return result
    }

    mutating func cost(of selectionSet: SelectionSet, on parent: (any GraphQLType)?) -> Int {
        var total = 0
        for selection in selectionSet.selections {
            var cost = 0
            if let field = selection as? GraphQL.Field {
                let name = field.name.value
                guard !name.hasPrefix("__") else { continue }
                let type = Self.fieldType(name, of: parent)
                // A connection's edges are its page, which `first` on the connection counted already.
                let items = Self.pageSize(field) ?? (Self.isList(type) && name != "edges" ? Self.unpagedList : 1)
                let below = field.selectionSet.map { self.cost(of: $0, on: getNamedType(type: type)) } ?? 0
                let own = parent.flatMap { Self.expensive["\(getNamedType(type: $0)?.name ?? "").\(name)"] } ?? Self.expensive[name] ?? 1
                cost = own + min(Self.cap, items * below)
            } else if let inline = selection as? InlineFragment {
                let type = inline.typeCondition.map { context.schema.getType(name: $0.name.value) } ?? parent
                cost = self.cost(of: inline.selectionSet, on: type)
            } else if let spread = selection as? FragmentSpread {
                let name = spread.name.value
                if let known = costs[name] { cost = known } else if !visiting.contains(name), let definition = context.getFragment(name: name) {
                    visiting.insert(name)
                    cost = self.cost(of: definition.selectionSet, on: context.schema.getType(name: definition.typeCondition.name.value))
                    visiting.remove(name)
                    costs[name] = cost
                }
            }
            total = min(Self.cap, total + min(Self.cap, cost))
        }
        return total
    }

    /// The declared type of a field of `parent` (nil when unknown: validation reports that).
    static func fieldType(_ name: String, of parent: (any GraphQLType)?) -> (any GraphQLType)? {
        let fields: GraphQLFieldMap?
        switch getNamedType(type: parent) {
        case let object as GraphQLObjectType: fields = try? object.fields()
        case let interface as GraphQLInterfaceType: fields = try? interface.fields()
        default: fields = nil
        }
        return fields?[name]?.type
    }

    static func isList(_ type: (any GraphQLType)?) -> Bool {
        var type = type
        while let wrapper = type as? GraphQLNonNull { type = wrapper.ofType }
        return type is GraphQLList
    }

    private static func pageSize(_ field: GraphQL.Field) -> Int? {
        for argument in field.arguments where argument.name.value == "first" {
            if let literal = argument.value as? IntValue, let size = Int(literal.value) { return max(1, min(size, 10_000)) }
            return 100
        }
        return nil
    }
}
