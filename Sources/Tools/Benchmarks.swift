import App
import Career
import Core
import Foundation
import Identity
import Insights
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
            Figure(name: "sgemm, one core (best of 15)", median: figures.sgemmGFLOPS, unit: "GFLOP/s", samples: 15),
            Figure(name: "encoder, 128 tokens, batch 1", median: figures.batch1SequencesPerSecond, unit: "seq/s", samples: 1),
            Figure(name: "encoder, 128 tokens, batch 32", median: figures.batch32SequencesPerSecond, unit: "seq/s", samples: 1),
            Figure(name: "encoder, batch 1, implied", median: figures.batch1GFLOPS, unit: "GFLOP/s", samples: 1),
            Figure(name: "encoder, batch 32, implied", median: figures.batch32GFLOPS, unit: "GFLOP/s", samples: 1),
            Figure(name: "encoder batch 32 / sgemm", median: 100 * figures.batch32GFLOPS / figures.sgemmGFLOPS, unit: "%", samples: 1),
        ]
    }

    /// Matching one member against 100,000 open postings held in memory (random skills, places
    /// and unit vectors; the member holds 25 skills), p50 and p99 over 200 runs; and the
    /// process's resident memory then (with the model and catalog index when `analysis` ran first).
    public static func matching(withModel: Bool) -> [Figure] {
        var random = SeededGenerator(seed: 42)
        let skills: Int32 = 13_000, places: Int32 = 300, dimensions = MiniLMEncoder.dimensions
        func unit() -> [Float] {
            let raw = (0..<dimensions).map { _ in Float.random(in: -1...1, using: &random) }
            let norm = raw.map { $0 * $0 }.reduce(0, +).squareRoot()
            return raw.map { $0 / norm }
        }
        let postings = (0..<100_000).map { _ in
            OpportunityMatcher.Posting(
                needs: (0..<Int.random(in: 3...12, using: &random)).map { _ in
                    .init(skill: Int32.random(in: 0..<skills, using: &random), required: Bool.random(using: &random), minLevel: Int.random(in: 0...4, using: &random))
                },
                occupation: Int32.random(in: 0..<2_000, using: &random), seniority: Int.random(in: 0...4, using: &random),
                place: Int32.random(in: 0..<places, using: &random), remote: Int.random(in: 0..<5, using: &random) == 0,
                salaryMax: Int.random(in: 30_000...120_000, using: &random), currency: "EUR")
        }
        let table = OpportunityMatcher.PostingTable(postings, vectors: postings.map { _ in unit() })
        var levels = [Int8](repeating: 0, count: Int(skills))
        for _ in 0..<25 { levels[Int.random(in: 0..<Int(skills), using: &random)] = Int8.random(in: 1...5, using: &random) }
        let member = OpportunityMatcher.Member(levels: levels, occupations: [7, 42], seniority: 2, places: [3, 17], remote: nil, salaryMin: 55_000, currency: "EUR")
        let profile = unit()
        let matcher = OpportunityMatcher()
        var matchTimes: [Double] = []
        for run in 0..<220 {
            let start = ContinuousClock.now
            let best = matcher.best(20, for: member, in: table, profile: profile)
            precondition(best.count == 20)
            if run >= 20 { matchTimes.append(microseconds(ContinuousClock.now - start) / 1_000) }
        }
        return [
            Figure(name: "match 1 member vs 100k postings, p50", median: percentile(matchTimes, 0.5), unit: "ms", samples: matchTimes.count),
            Figure(name: "match 1 member vs 100k postings, p99", median: percentile(matchTimes, 0.99), unit: "ms", samples: matchTimes.count),
            Figure(name: "resident memory\(withModel ? ", model + catalog" : "") + 100k postings", median: residentMegabytes(), unit: "MB", samples: 1),
        ]
    }

    /// Analysis on one core (one BLAS thread, as an API instance runs it) of a 300-word job
    /// description with the full catalog (phrase cache off), p50 and p99; and of the longest text
    /// accepted, 5,000 words drawn from the catalog's own vocabulary (every phrase of it a
    /// candidate: the worst case the encoder budget bounds); beside OpenBLAS's single-core sgemm
    /// rate of the same run, the ceiling the encoder's passes run against.
    public static func analysis(platform: Platform) async throws -> [Figure] {
        let threads = MiniLMEncoder.blasThreads
        MiniLMEncoder.setBLASThreads(1)
        defer { MiniLMEncoder.setBLASThreads(threads) }
        let analyzer = try await platform.skillIndex.analyzer()
        let uncached = analyzer.with(threshold: analyzer.threshold, encoder: platform.embeddings.encoder)
        var random = SeededGenerator(seed: 7)
        let vocabulary = analyzer.index.vocabulary.sorted()
        let long = (0..<JobDescriptionAnalyzer.maximumWords).map { index in
            vocabulary.randomElement(using: &random)! + (index % 12 == 11 ? "." : "")
        }.joined(separator: " ")
        let posting = Self.jobDescription.split(separator: " ").prefix(300).joined(separator: " ")
        var figures = [Figure(name: "sgemm, one core (best of 15), beside the analysis", median: EncoderBenchmark.sgemmGFLOPS(), unit: "GFLOP/s", samples: 15)]
        for (text, runs) in [(posting, 100), (long, 40)] {
            var times: [Double] = []
            for run in 0..<(runs + 2) {
                let start = ContinuousClock.now
                _ = try uncached.analyze(text)
                if run >= 2 { times.append(microseconds(ContinuousClock.now - start) / 1_000) }
            }
            let words = text.split(whereSeparator: \.isWhitespace).count
            let name = "analyze a \(words)-word \(text == long ? "text of catalog words" : "job description"), one core\(analyzer.usesEncoder ? "" : " (phrases only)")"
            figures += [Figure(name: name + ", p50", median: percentile(times, 0.5), unit: "ms", samples: times.count),
                        Figure(name: name + ", p99", median: percentile(times, 0.99), unit: "ms", samples: times.count)]
        }
        return figures
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }

    static func residentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes / 1024
    }

    /// A 400-word posting of the usual shape.
    static let jobDescription = """
        Senior Backend Engineer (Python), Utrecht or remote within the EU. We are a growing logistics software company that helps \
        warehouses and carriers plan shipments, track parcels and keep customers informed. You will join a team of eight engineers \
        who own the routing platform end to end. What you will do: design, build and maintain services in Python and Go that \
        process millions of tracking events a day; model data in PostgreSQL and keep queries fast; write clear REST and GraphQL \
        APIs for our web and mobile apps; run what you build on Kubernetes in the cloud, with continuous integration and \
        delivery; review code, pair with colleagues and mentor junior developers; talk with customers and product managers to \
        understand their problems before writing code; keep our systems secure and our customers' data private. What you bring: \
        at least 5 years of experience developing software professionally, of which three or more with Python; a solid grasp of \
        relational databases and SQL; experience with message queues such as Kafka or RabbitMQ; familiarity with Docker and \
        infrastructure as code; a habit of writing automated tests and documentation; good communication skills in English, \
        written and spoken; the ability to explain technical choices to people without a technical background. Nice to have: \
        knowledge of machine learning for demand forecasting; experience with data pipelines and ETL; some JavaScript or \
        TypeScript for internal tools; a background in logistics, supply chain management or transport planning. How we work: \
        small teams, written proposals for larger changes, on-call shared fairly and paid, four weeks of focus time a year for \
        learning. We offer a salary between 70,000 and 90,000 euros a year, a pension plan, a budget for courses and conferences, \
        flexible hours, and a hybrid setup with an office in the centre of Utrecht that is easy to reach by train. We value \
        people who take ownership, ask for help early, and care about the people who use our software every day: planners who \
        schedule hundreds of trucks, drivers who need the right address the first time, and customers waiting at home for a \
        parcel. Our hiring process has three steps: a call with the hiring manager, a practical exercise you can do at home in \
        about two hours, and a conversation with the team about the exercise and how you like to work. We welcome applications \
        from people of every background and will gladly make adjustments for the interviews. Send us your CV and a few lines \
        about a system you are proud of, and tell us what you would improve in it next time.
        """

    static func microseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}
