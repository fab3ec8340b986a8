/// The errors every domain module speaks. Gateway and Web map them to HTTP in one place.
public enum DomainError: Error, Sendable, Equatable {
    /// The object does not exist, or it is not the caller's (never say which).
    case notFound(String)
    /// A field of the input is unusable; `field` names it the way the client sent it.
    case invalid(field: String, reason: String)
    /// The request collides with what is stored (a duplicate, a stale version).
    case conflict(String)
    /// No valid credentials came with the request.
    case unauthenticated
    /// The caller is known but may not do this.
    case forbidden
    /// The platform is still preparing what this needs (a new server encoding its catalog): try
    /// again after `retryAfter` seconds. Said, never answered worse in silence.
    case unavailable(String, retryAfter: Int)
}

extension DomainError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notFound(let what): "\(what) not found"
        case .invalid(let field, let reason): "\(field): \(reason)"
        case .conflict(let what): what
        case .unauthenticated: "authentication required"
        case .forbidden: "not allowed"
        case .unavailable(let why, let retryAfter): "\(why); try again in \(retryAfter) seconds"
        }
    }
}
