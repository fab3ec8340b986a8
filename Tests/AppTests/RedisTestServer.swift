import Foundation
import Testing

/// A real `redis-server` (Debian's) on a free loopback port, that a test may stop and start
/// again on the same port to see what the platform does while Redis is away.
final class RedisTestServer: @unchecked Sendable {
    private(set) var port: Int
    private var process: Process?

    /// Suites run side by side, and a port the kernel called free may be handed to another
    /// test's server a moment later: a server that finds its port taken exits, and the port
    /// answers with someone else's Redis. So the server must answer with its own process id.
    init() throws {
        port = 0
        for _ in 0..<20 {
            port = try Self.freePort()
            if (try? start()) != nil { return }
        }
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "no redis-server of ours started"])
    }

    var url: String { "redis://127.0.0.1:\(port)" }

    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["redis-server", "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        self.process = process
        for _ in 0..<200 where process.isRunning {
            if Self.processID(at: port) == process.processIdentifier { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        stop()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "redis-server did not start on port \(port)"])
    }

    /// The process id the Redis server on `port` reports (`INFO server`), if one answers.
    static func processID(at port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { return nil }
        let command = Array("*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n".utf8)
        guard send(fd, command, command.count, 0) == command.count else { return nil }
        var reply = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: reply, as: UTF8.self).contains("process_id:") || !String(decoding: reply, as: UTF8.self).contains("run_id:") {
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            reply += chunk[0..<count]
        }
        let text = String(decoding: reply, as: UTF8.self)
        guard let range = text.range(of: "process_id:") else { return nil }
        return Int32(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// Kills the server (as a crash would) and waits until its port is closed.
    func stop() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    deinit { stop() }

    /// A port the kernel hands out as free just now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw CocoaError(.fileWriteUnknown) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
