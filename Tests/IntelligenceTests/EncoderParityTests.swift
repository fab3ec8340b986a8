import Foundation
@testable import Intelligence
import Testing

/// The Swift encoder against the reference implementation (sentence-transformers): the same
/// token ids, and vectors within cosine 0.9999 of the reference ones.
@Suite struct EncoderParityTests {
    struct Reference: Decodable {
        struct Case: Decodable {
            let text: String
            let token_ids: [Int32]
            let embedding: [Float]
        }
        let max_seq_length: Int
        let cases: [Case]
    }

    static let encoder: MiniLMEncoder? = try? MiniLMEncoder(directory: ModelLocation.directory)

    static func reference() throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: ModelLocation.packageRoot.appendingPathComponent("Tests/IntelligenceTests/Fixtures/minilm-reference.json")))
    }

    @Test func tokenIdsEqualTheReference() throws {
        let encoder = try #require(Self.encoder, "the model is missing: run `make model` (\(ModelLocation.directory.path))")
        let reference = try Self.reference()
        for item in reference.cases {
            #expect(encoder.tokenizer.encode(item.text, maxLength: reference.max_seq_length) == item.token_ids, "\(item.text)")
        }
    }

    @Test func vectorsMatchTheReference() throws {
        let encoder = try #require(Self.encoder, "the model is missing: run `make model` (\(ModelLocation.directory.path))")
        let reference = try Self.reference()
        let vectors = encoder.encode(reference.cases.map(\.text))
        for (item, vector) in zip(reference.cases, vectors) {
            #expect(vector.count == 384)
            let cosine = zip(vector, item.embedding).reduce(Float(0)) { $0 + $1.0 * $1.1 }
                / (vector.reduce(0) { $0 + $1 * $1 }.squareRoot() * item.embedding.reduce(0) { $0 + $1 * $1 }.squareRoot())
            #expect(cosine >= 0.9999, "\(item.text.prefix(60)): cosine \(cosine)")
        }
        // One at a time gives what the batch gave (padding changes nothing).
        let single = encoder.encode(reference.cases[2].text)
        #expect(zip(single, vectors[2]).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test func theFastErfIsErf() {
        var worst: Float = 0
        for step in -6_000...6_000 {
            let x = Float(step) / 1_000
            worst = max(worst, abs(MiniLMEncoder.erf(x) - erff(x)))
        }
        #expect(worst < 1e-6, "largest difference \(worst)")
    }

    @Test func theFastExpIsExp() {
        var worst: Float = 0
        for step in 0...87_000 {
            let x = -Float(step) / 1_000
            worst = max(worst, abs(MiniLMEncoder.exp(x) - expf(x)) / expf(x))
        }
        #expect(worst < 1e-6, "largest relative difference \(worst)")
        #expect(MiniLMEncoder.exp(-200) < 1e-37 && MiniLMEncoder.exp(0) == 1, "below -87 it is as good as nothing")
    }

    @Test func tokenizerSplitsLikeBERT() throws {
        let encoder = try #require(Self.encoder, "the model is missing: run `make model`")
        let words = encoder.tokenizer.words("Café-Owner: C++/Node.js, 数据!")
        #expect(words.map(\.text) == ["cafe", "-", "owner", ":", "c", "+", "+", "/", "node", ".", "js", ",", "数", "据", "!"])
        #expect(words.first?.range == 0..<4)
        #expect(words[2].range == 5..<10)
    }
}

/// Where the model folder is: `CAREEROPS_MODEL_DIR`, or `.cache/models/all-MiniLM-L6-v2` in
/// the package (where `make model` puts it).
enum ModelLocation {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var directory: URL {
        if let path = ProcessInfo.processInfo.environment["CAREEROPS_MODEL_DIR"], !path.isEmpty { return URL(fileURLWithPath: path) }
        return packageRoot.appendingPathComponent(".cache/models/all-MiniLM-L6-v2")
    }
}
