import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// An open-loop HTTP load generator: requests are due at a fixed total rate whatever the server
/// does, spread over many keep-alive connections (each sends its next request when the previous
/// answered), and every latency is measured from when the request was due, not from when it
/// could be sent, so that a server falling behind shows its queueing in the figures.
public enum LoadGenerator {
    /// What one run does.
    public struct Plan: Sendable {
        public var host: String
        public var port: Int
        public var connections: Int
        /// Requests due per second, over all connections.
        public var rate: Double
        public var duration: Duration
        /// Requests due in this first stretch are sent but not counted.
        public var warmup: Duration
        /// The mix, once per member: connection c acts as member c mod count; every set lists
        /// the same kinds in the same order.
        public var requests: [[Request]]
        public var threads: Int

        public init(host: String, port: Int, connections: Int, rate: Double, duration: Duration, warmup: Duration, requests: [[Request]], threads: Int = 1) {
            self.host = host
            self.port = port
            self.connections = connections
            self.rate = rate
            self.duration = duration
            self.warmup = warmup
            self.requests = requests
            self.threads = threads
        }
    }

    /// One kind of request of the mix, with its weight; `{n}` in the body becomes a number
    /// unique within the run (event ids).
    public struct Request: Sendable {
        public var name: String
        public var weight: Int
        public var method: String
        public var path: String
        public var headers: [(String, String)]
        public var body: String?

        public init(name: String, weight: Int, method: String, path: String, headers: [(String, String)], body: String? = nil) {
            self.name = name
            self.weight = weight
            self.method = method
            self.path = path
            self.headers = headers
            self.body = body
        }

        func write(to channel: any Channel, host: String, sequence: Int) {
            let body = self.body.map { channel.allocator.buffer(string: $0.replacingOccurrences(of: "{n}", with: String(sequence))) }
            var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method), uri: path)
            head.headers.add(name: "Host", value: host)
            for (name, value) in headers { head.headers.add(name: name, value: value) }
            if let body { head.headers.add(name: "Content-Length", value: String(body.readableBytes)) }
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            if let body { channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil) }
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        }
    }

    /// What a run measured.
    public struct Report: Sendable, Codable {
        public struct Kind: Sendable, Codable {
            public var count: Int
            public var errors: Int
            public var p50Milliseconds: Double
            public var p99Milliseconds: Double
        }

        public var rate: Double
        public var seconds: Double
        public var connections: Int
        public var connectionsOpenAtEnd: Int
        /// Connections the server closed during the run (each was opened again).
        public var reconnects: Int
        public var due: Int
        public var completed: Int
        public var errors: Int
        public var throughput: Double
        public var p50Milliseconds: Double
        public var p99Milliseconds: Double
        public var p999Milliseconds: Double
        public var maxMilliseconds: Double
        public var statuses: [String: Int]
        public var kinds: [String: Kind]
    }

    enum LoadError: Error {
        case greeting(status: Int)
    }

    struct Sample {
        let kind: Int
        let nanoseconds: Int64
        let status: Int
    }

    /// Opens the connections, runs the plan, closes them, and reports.
    public static func run(_ plan: Plan) async throws -> Report {
        precondition(!plan.requests.isEmpty && !plan.requests[0].isEmpty && plan.connections > 0 && plan.rate > 0)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, plan.threads))
        // A deterministic mix: slot i of every cycle of the weights' sum picks a kind.
        var schedule: [Int] = []
        for (index, request) in plan.requests[0].enumerated() { schedule += Array(repeating: index, count: max(0, request.weight)) }
        precondition(!schedule.isEmpty, "the mix has no weight")
        let shared = Shared(plan: plan, schedule: schedule)

        // Connect in waves, so that the listener's backlog is not overrun.
        var connections: [Connection] = []
        connections.reserveCapacity(plan.connections)
        for start in stride(from: 0, to: plan.connections, by: 500) {
            try await withThrowingTaskGroup(of: Connection.self) { tasks in
                for index in start..<min(start + 500, plan.connections) {
                    tasks.addTask { try await Connection.open(index: index, shared: shared, loop: group.next()) }
                }
                for try await connection in tasks { connections.append(connection) }
            }
        }

        let started = NIODeadline.now() + .milliseconds(200)
        let period = TimeAmount.nanoseconds(Int64(Double(plan.connections) / plan.rate * 1e9))
        let total = Int((Double(plan.duration.components.seconds) + Double(plan.duration.components.attoseconds) / 1e18) * plan.rate)
        let warmupCount = Int((Double(plan.warmup.components.seconds) + Double(plan.warmup.components.attoseconds) / 1e18) * plan.rate)
        for connection in connections {
            connection.loop.execute { connection.start(at: started, period: period, total: total, warmup: warmupCount) }
        }
        let end = started + .nanoseconds(Int64((Double(total) / plan.rate) * 1e9))
        try await Task.sleep(for: .nanoseconds((end - NIODeadline.now()).nanoseconds))
        // Let what is still owed answer (up to 10 s), then count the rest as failed.
        for _ in 0..<100 {
            var outstanding = 0
            for connection in connections { outstanding += try await connection.loop.submit { connection.outstanding }.get() }
            if outstanding == 0 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        var samples: [Sample] = []
        var unanswered = 0, open = 0, reconnects = 0
        for connection in connections {
            let (mine, lost, isOpen, closed) = try await connection.loop.submit { connection.finish() }.get()
            samples += mine
            unanswered += lost
            open += isOpen ? 1 : 0
            reconnects += closed
        }
        try? await group.shutdownGracefully()
        return report(plan: plan, samples: samples, unanswered: unanswered, open: open, reconnects: reconnects, due: total - warmupCount)
    }

    static func report(plan: Plan, samples: [Sample], unanswered: Int, open: Int, reconnects: Int, due: Int) -> Report {
        func percentile(_ sorted: [Int64], _ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            return Double(sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]) / 1e6
        }
        let ok = samples.filter { (200..<400).contains($0.status) }
        let latencies = samples.map(\.nanoseconds).sorted()
        var statuses: [String: Int] = [:]
        for sample in samples { statuses[sample.status == 0 ? "failed" : String(sample.status), default: 0] += 1 }
        if unanswered > 0 { statuses["unanswered", default: 0] += unanswered }
        var kinds: [String: Report.Kind] = [:]
        for (index, request) in plan.requests[0].enumerated() where request.weight > 0 {
            let mine = samples.filter { $0.kind == index }
            let sorted = mine.map(\.nanoseconds).sorted()
            kinds[request.name] = Report.Kind(count: mine.count, errors: mine.filter { !(200..<400).contains($0.status) }.count,
                                              p50Milliseconds: percentile(sorted, 0.5), p99Milliseconds: percentile(sorted, 0.99))
        }
        let seconds = Double(due) / plan.rate
        return Report(rate: plan.rate, seconds: seconds, connections: plan.connections, connectionsOpenAtEnd: open, reconnects: reconnects, due: due,
                      completed: ok.count, errors: samples.count - ok.count + unanswered, throughput: Double(ok.count) / seconds,
                      p50Milliseconds: percentile(latencies, 0.5), p99Milliseconds: percentile(latencies, 0.99),
                      p999Milliseconds: percentile(latencies, 0.999), maxMilliseconds: Double(latencies.last ?? 0) / 1e6,
                      statuses: statuses, kinds: kinds)
    }

    final class Shared: Sendable {
        let plan: Plan
        let schedule: [Int]
        init(plan: Plan, schedule: [Int]) {
            self.plan = plan
            self.schedule = schedule
        }
    }

    /// One keep-alive connection and the requests due on it; lives on its event loop.
    final class Connection: @unchecked Sendable {
        let index: Int
        let shared: Shared
        let loop: any EventLoop
        private var channel: (any Channel)?
        private var queue = CircularBuffer<(due: NIODeadline, sequence: Int, kind: Int)>()
        private var inFlight: (due: NIODeadline, sequence: Int, kind: Int)?
        private var status = 0
        private var samples: [Sample] = []
        private var warmup = 0
        private var closedByServer = 0
        private var finished = false
        /// The first request of a fresh connection, not counted.
        private var greeting: EventLoopPromise<Void>?

        init(index: Int, shared: Shared, loop: any EventLoop) {
            self.index = index
            self.shared = shared
            self.loop = loop
        }

        static func open(index: Int, shared: Shared, loop: any EventLoop) async throws -> Connection {
            let connection = Connection(index: index, shared: shared, loop: loop)
            try await connection.connect().get()
            // A connection that has never sent a request is closed by a balancer after its
            // request timeout (HAProxy's `timeout http-request`); a client opens one to use it
            // at once, and only then is it an idle keep-alive connection.
            try await loop.flatSubmit { connection.greet() }.get()
            return connection
        }

        private func greet() -> EventLoopFuture<Void> {
            guard let channel, channel.isActive else { return loop.makeFailedFuture(ChannelError.ioOnClosedChannel) }
            let promise = loop.makePromise(of: Void.self)
            greeting = promise
            status = 0
            Request(name: "greeting", weight: 0, method: "GET", path: "/health/live", headers: []).write(to: channel, host: shared.plan.host, sequence: 0)
            return promise.futureResult
        }

        private func connect() -> EventLoopFuture<Void> {
            ClientBootstrap(group: loop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(ResponseHandler(connection: self))
                    }
                }
                .connect(host: shared.plan.host, port: shared.plan.port)
                .map { channel in
                    self.loop.execute { self.channel = channel }
                }
        }

        var outstanding: Int { queue.count + (inFlight == nil ? 0 : 1) }

        /// Schedules this connection's share: request k of the run is due at start + k / rate,
        /// and it is this connection's when k mod connections is its index.
        func start(at start: NIODeadline, period: TimeAmount, total: Int, warmup: Int) {
            self.warmup = warmup
            let offset = TimeAmount.nanoseconds(Int64(Double(index) / shared.plan.rate * 1e9))
            func schedule(_ sequence: Int, _ round: Int64) {
                guard sequence < total else { return }
                let due = start + offset + .nanoseconds(period.nanoseconds * round)
                loop.scheduleTask(deadline: due) {
                    self.enqueue(due: due, sequence: sequence)
                    schedule(sequence + self.shared.plan.connections, round + 1)
                }
            }
            schedule(index, 0)
        }

        private func enqueue(due: NIODeadline, sequence: Int) {
            let kind = shared.schedule[sequence % shared.schedule.count]
            queue.append((due, sequence, kind))
            sendNext()
        }

        private func sendNext() {
            guard inFlight == nil, let channel, channel.isActive, let next = queue.popFirst() else { return }
            inFlight = next
            status = 0
            let request = shared.plan.requests[index % shared.plan.requests.count][next.kind]
            request.write(to: channel, host: shared.plan.host, sequence: next.sequence)
        }

        func received(_ part: HTTPClientResponsePart) {
            switch part {
            case .head(let head):
                status = Int(head.status.code)
            case .body:
                break
            case .end:
                if let greeting {
                    self.greeting = nil
                    if (200..<400).contains(status) { greeting.succeed() } else { greeting.fail(LoadError.greeting(status: status)) }
                    return
                }
                guard let done = inFlight else { return }
                inFlight = nil
                if done.sequence >= warmup, !finished {
                    samples.append(Sample(kind: done.kind, nanoseconds: (NIODeadline.now() - done.due).nanoseconds, status: status))
                }
                sendNext()
            }
        }

        /// The server closed the connection: what was in flight failed; reconnect for the rest.
        func closed() {
            channel = nil
            if let greeting {
                // Still opening: the run fails with it.
                self.greeting = nil
                greeting.fail(ChannelError.ioOnClosedChannel)
                return
            }
            if !finished { closedByServer += 1 }
            if let failed = inFlight, failed.sequence >= warmup, !finished {
                samples.append(Sample(kind: failed.kind, nanoseconds: (NIODeadline.now() - failed.due).nanoseconds, status: 0))
            }
            inFlight = nil
            guard !finished else { return }
            connect().whenComplete { result in
                if case .failure = result {
                    // Nobody to send the queue to: each request left counts as failed.
                    while let failed = self.queue.popFirst() {
                        guard failed.sequence >= self.warmup else { continue }
                        self.samples.append(Sample(kind: failed.kind, nanoseconds: (NIODeadline.now() - failed.due).nanoseconds, status: 0))
                    }
                }
                self.sendNext()
            }
        }

        func finish() -> ([Sample], Int, Bool, Int) {
            finished = true
            let lost = outstanding
            let isOpen = channel?.isActive ?? false
            channel?.close(promise: nil)
            return (samples, lost, isOpen, closedByServer)
        }
    }

    final class ResponseHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPClientResponsePart
        let connection: Connection

        init(connection: Connection) {
            self.connection = connection
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            connection.received(unwrapInboundIn(data))
        }

        func channelInactive(context: ChannelHandlerContext) {
            connection.closed()
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}
