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
                let cost = measure.cost(of: operation.selectionSet)
                if cost > limit {
                    context.report(error: GraphQLError(
                        message: "the query would cost \(cost); at most \(limit) is allowed (ask for smaller pages with first)",
                        nodes: [operation], extensions: ["code": "QUERY_TOO_COMPLEX"]
                    ))
                }
                return .continue
            })
        }
    }
}

/// Walks a selection set with fragments expanded (each fragment measured once, cycles cut).
/// Every field costs 1; a field with `first: n` multiplies what it selects by n (a variable
/// counts as the largest page, 100).
struct SelectionMeasure {
    let context: ValidationContext
    private var depths: [String: Int] = [:]
    private var costs: [String: Int] = [:]
    private var visiting: Set<String> = []
    private static let cap = 1_000_000_000

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
                result = max(result, fragment(spread.name.value, cache: \.depths) { $0.depth(of: $1) })
            }
        }
        return result
    }

    mutating func cost(of selectionSet: SelectionSet) -> Int {
        var total = 0
        for selection in selectionSet.selections {
            var cost = 0
            if let field = selection as? GraphQL.Field {
                guard !field.name.value.hasPrefix("__") else { continue }
                cost = 1 + Self.pageSize(field) * (field.selectionSet.map { self.cost(of: $0) } ?? 0)
            } else if let inline = selection as? InlineFragment {
                cost = self.cost(of: inline.selectionSet)
            } else if let spread = selection as? FragmentSpread {
                cost = fragment(spread.name.value, cache: \.costs) { $0.cost(of: $1) }
            }
            total = min(Self.cap, total + min(Self.cap, cost))
        }
        return total
    }

    private mutating func fragment(_ name: String, cache: WritableKeyPath<SelectionMeasure, [String: Int]>,
                                   measure: (inout SelectionMeasure, SelectionSet) -> Int) -> Int {
        if let known = self[keyPath: cache][name] { return known }
        guard !visiting.contains(name), let definition = context.getFragment(name: name) else { return 0 }
        visiting.insert(name)
        let value = measure(&self, definition.selectionSet)
        visiting.remove(name)
        self[keyPath: cache][name] = value
        return value
    }

    private static func pageSize(_ field: GraphQL.Field) -> Int {
        for argument in field.arguments where argument.name.value == "first" {
            if let literal = argument.value as? IntValue, let size = Int(literal.value) { return max(1, min(size, 10_000)) }
            return 100
        }
        return 1
    }
}
