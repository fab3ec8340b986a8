import Dispatch
import Synchronization

/// Work over `0..<count` split into consecutive ranges that run on several threads at once.
enum Chunks {
    /// `body` over consecutive ranges covering `0..<count`, one per thread: at most `threads`, and
    /// fewer when a range would hold fewer than `minimum` (a thread then costs more than it saves).
    /// The results come back in range order.
    static func map<Result: Sendable>(_ count: Int, threads: Int, minimum: Int, _ body: @Sendable (Range<Int>) -> Result) -> [Result] {
        let parts = max(1, min(threads, count / max(1, minimum)))
        guard parts > 1 else { return [body(0..<count)] }
        let results = Mutex([Result?](repeating: nil, count: parts))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let result = body(count * part / parts..<count * (part + 1) / parts)
            results.withLock { $0[part] = result }
        }
        return results.withLock { $0.map { $0! } }
    }
}
