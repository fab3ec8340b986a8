import Foundation
import NIOCore

/// Where Redis is and how patient to be with it, read from `redis://[user:password@]host[:port][/db]`.
public struct RedisSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String?
    public var password: String?
    public var database: Int
    /// Connections shared by all callers; commands on each are pipelined.
    public var poolSize: Int
    public var connectTimeout: TimeAmount
    public var commandTimeout: TimeAmount
    /// After a failed connection, wait this long before the next try, doubling up to `maxBackoff`.
    public var minBackoff: TimeAmount
    public var maxBackoff: TimeAmount

    public init(host: String, port: Int = 6379, user: String? = nil, password: String? = nil, database: Int = 0, poolSize: Int = 4,
                connectTimeout: TimeAmount = .seconds(1), commandTimeout: TimeAmount = .seconds(1),
                minBackoff: TimeAmount = .milliseconds(100), maxBackoff: TimeAmount = .seconds(5)) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.poolSize = poolSize
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.minBackoff = minBackoff
        self.maxBackoff = maxBackoff
    }

    /// What a new connection sends first: AUTH when there is a password, SELECT for a database other than 0.
    var handshake: [RedisCommand] {
        var commands: [RedisCommand] = []
        if let password { commands.append(RedisCommand("AUTH", (user.map { [$0] } ?? []) + [password])) }
        if database != 0 { commands.append(RedisCommand("SELECT", [String(database)])) }
        return commands
    }

    /// Reads a `redis://` URL; the message names what is wrong with it.
    public init(url text: String) throws(RedisURLError) {
        let expected = "expected redis://[user:password@]host[:port][/database]"
        guard let url = URLComponents(string: text), url.scheme == "redis" else {
            if text.hasPrefix("rediss://") { throw RedisURLError("TLS to Redis (rediss://) is not supported; reach Redis over a private network") }
            throw RedisURLError("must start with redis://; \(expected)")
        }
        guard let host = url.host, !host.isEmpty else { throw RedisURLError("no host; \(expected)") }
        if let port = url.port, !(1...65_535).contains(port) { throw RedisURLError("port \(port) is out of range") }
        var database = 0
        let path = url.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if !path.isEmpty {
            guard let number = Int(path), (0...15).contains(number) else { throw RedisURLError("database '\(path)' is not a number in 0-15") }
            database = number
        }
        self.init(host: host, port: url.port ?? 6379,
                  user: url.user.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding },
                  password: url.password.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding }, database: database)
    }
}

public struct RedisURLError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
