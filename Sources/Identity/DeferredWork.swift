import Foundation
import Synchronization

/// Work done after the answer has gone out, one piece at a time, so that what it costs shows in
/// no response's timing: a password-reset request answers alike, and as fast, whether or not
/// the address has an account (the lookup and the mail come later). App runs it as a service;
/// what is still queued when the platform stops is done before it closes.
public final class DeferredWork: Sendable {
    public typealias Job = @Sendable () async throws -> Void

    private struct State {
        var jobs: [Job] = []
        var waiter: CheckedContinuation<Void, Never>?
        var stopping = false
    }

    private let state = Mutex(State())
    /// Beyond this many waiting jobs the oldest is dropped (the sign-in rate limit keeps far below).
    let capacity: Int

    public init(capacity: Int = 1_000) { self.capacity = capacity }

    public func enqueue(_ job: @escaping Job) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.jobs.count >= capacity { state.jobs.removeFirst() }
            state.jobs.append(job)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Runs queued jobs, each failure handed to `failed`, until `stop()` (or cancellation) and
    /// the queue is empty.
    public func run(failed: @Sendable (any Error) -> Void) async {
        state.withLock { $0.stopping = false }
        while true {
            let next = state.withLock { state -> (job: Job?, stop: Bool) in
                state.jobs.isEmpty ? (nil, state.stopping) : (state.jobs.removeFirst(), false)
            }
            if let job = next.job {
                do { try await job() } catch { failed(error) }
                continue
            }
            if next.stop { return }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let now = state.withLock { state -> Bool in
                        guard state.jobs.isEmpty, !state.stopping else { return true }
                        state.waiter = continuation
                        return false
                    }
                    if now { continuation.resume() }
                }
            } onCancel: {
                stop()
            }
        }
    }

    /// No more waiting: `run` returns once the queued jobs are done.
    public func stop() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.stopping = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}
