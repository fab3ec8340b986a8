import Core
import Foundation
import Identity
import Intelligence
import JWTKit
import Storage

/// Micro-benchmarks that `make bench` prints beside the HTTP figures: the cost of checking an
/// access token (paid on every API request) and of checking a password at the default bcrypt
/// cost (paid on every sign-in).
public enum Benchmarks {
    public struct Figure: Codable, Sendable {
        public let name: String
        public let median: Double
        public let unit: String
        public let samples: Int
    }

    public static func auth(bcryptCost: UInt8 = 12) async throws -> [Figure] {
        let issuer = try await TokenIssuer.make(keys: [.init(id: "bench", key: ES256PrivateKey())], issuer: "https://bench", audience: "careerops-api", clock: SystemClock())
        let principal = Principal(userID: UUID(), platformRole: .member, memberships: [], credential: .accessToken(sessionID: UUID()))
        let (token, _) = try await issuer.issue(for: principal, sessionID: nil)
        for _ in 0..<200 { _ = try await issuer.verify(token) }
        var perVerify: [Double] = []
        for _ in 0..<31 {
            let start = ContinuousClock.now
            for _ in 0..<100 { _ = try await issuer.verify(token) }
            perVerify.append(Self.microseconds(ContinuousClock.now - start) / 100)
        }
        let hasher = BcryptHasher(cost: bcryptCost)
        let hash = try await hasher.hash("a long enough passphrase")
        var perCheck: [Double] = []
        for _ in 0..<7 {
            let start = ContinuousClock.now
            _ = try await hasher.verify("a long enough passphrase", against: hash)
            perCheck.append(Self.microseconds(ContinuousClock.now - start) / 1_000)
        }
        return [
            Figure(name: "access token verification", median: median(perVerify), unit: "µs", samples: perVerify.count * 100),
            Figure(name: "password check at bcrypt cost \(bcryptCost)", median: median(perCheck), unit: "ms", samples: perCheck.count),
        ]
    }

    /// The text encoder on one thread: 128-token sequences per second at batch 1 and 32, the
    /// GFLOP/s they imply, and OpenBLAS's single-core sgemm rate in the same run.
    public static func encoder(directory: String) throws -> [Figure] {
        let encoder = try MiniLMEncoder(directory: URL(fileURLWithPath: directory))
        let figures = EncoderBenchmark.run(encoder)
        return [
            Figure(name: "sgemm, one core", median: figures.sgemmGFLOPS, unit: "GFLOP/s", samples: 5),
            Figure(name: "encoder, 128 tokens, batch 1", median: figures.batch1SequencesPerSecond, unit: "seq/s", samples: 1),
            Figure(name: "encoder, 128 tokens, batch 32", median: figures.batch32SequencesPerSecond, unit: "seq/s", samples: 1),
            Figure(name: "encoder, batch 1, implied", median: figures.batch1GFLOPS, unit: "GFLOP/s", samples: 1),
            Figure(name: "encoder, batch 32, implied", median: figures.batch32GFLOPS, unit: "GFLOP/s", samples: 1),
            Figure(name: "encoder batch 32 / sgemm", median: 100 * figures.batch32GFLOPS / figures.sgemmGFLOPS, unit: "%", samples: 1),
        ]
    }

    static func microseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}
