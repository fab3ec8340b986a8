import COpenBLAS
import Foundation

/// sentence-transformers' all-MiniLM-L6-v2 in Swift: a 6-layer BERT (hidden 384, 12 heads,
/// feed-forward 1536), mean pooling over the attention mask and L2 normalisation, giving 384
/// numbers per text. Matrix products go through OpenBLAS. Load it once per process and share
/// it: it is immutable, and `encode` may run on many tasks at once.
public final class MiniLMEncoder: Sendable {
    public static let dimensions = 384
    public static let maxLength = 256
    static let layers = 6
    static let heads = 12
    static let headSize = 32
    static let intermediate = 1_536
    static let vocabularySize = 30_522

    struct Layer {
        let query: [Float], queryBias: [Float]
        let key: [Float], keyBias: [Float]
        let value: [Float], valueBias: [Float]
        let attentionOut: [Float], attentionOutBias: [Float]
        let attentionNorm: [Float], attentionNormBias: [Float]
        let intermediate: [Float], intermediateBias: [Float]
        let output: [Float], outputBias: [Float]
        let outputNorm: [Float], outputNormBias: [Float]
    }

    public let tokenizer: WordPieceTokenizer
    let wordEmbeddings: [Float]
    let positionEmbeddings: [Float]
    let typeEmbeddings: [Float]
    let embeddingNorm: [Float]
    let embeddingNormBias: [Float]
    let encoderLayers: [Layer]

    /// Loads `config.json`, `vocab.txt` and `model.safetensors` from a Hugging Face-layout folder.
    public init(directory: URL) throws {
        let config = directory.appendingPathComponent("config.json")
        guard let json = try? JSONSerialization.jsonObject(with: Data(contentsOf: config)) as? [String: Any] else {
            throw EncoderError.badModel("no readable config.json in \(directory.path) (run `make model`)")
        }
        guard json["hidden_size"] as? Int == Self.dimensions, json["num_hidden_layers"] as? Int == Self.layers,
              json["num_attention_heads"] as? Int == Self.heads, json["intermediate_size"] as? Int == Self.intermediate
        else { throw EncoderError.badModel("config.json does not describe all-MiniLM-L6-v2") }
        tokenizer = try WordPieceTokenizer(vocabularyFile: directory.appendingPathComponent("vocab.txt"))
        let tensors = try SafeTensors(contentsOf: directory.appendingPathComponent("model.safetensors"))
        let d = Self.dimensions
        wordEmbeddings = try tensors.tensor("embeddings.word_embeddings.weight", shape: [Self.vocabularySize, d])
        positionEmbeddings = try tensors.tensor("embeddings.position_embeddings.weight", shape: [512, d])
        typeEmbeddings = try tensors.tensor("embeddings.token_type_embeddings.weight", shape: [2, d])
        embeddingNorm = try tensors.tensor("embeddings.LayerNorm.weight", shape: [d])
        embeddingNormBias = try tensors.tensor("embeddings.LayerNorm.bias", shape: [d])
        encoderLayers = try (0..<Self.layers).map { index in
            let prefix = "encoder.layer.\(index)."
            func weight(_ name: String, _ shape: [Int]) throws -> [Float] { try tensors.tensor(prefix + name, shape: shape) }
            return Layer(
                query: try weight("attention.self.query.weight", [d, d]), queryBias: try weight("attention.self.query.bias", [d]),
                key: try weight("attention.self.key.weight", [d, d]), keyBias: try weight("attention.self.key.bias", [d]),
                value: try weight("attention.self.value.weight", [d, d]), valueBias: try weight("attention.self.value.bias", [d]),
                attentionOut: try weight("attention.output.dense.weight", [d, d]), attentionOutBias: try weight("attention.output.dense.bias", [d]),
                attentionNorm: try weight("attention.output.LayerNorm.weight", [d]), attentionNormBias: try weight("attention.output.LayerNorm.bias", [d]),
                intermediate: try weight("intermediate.dense.weight", [Self.intermediate, d]), intermediateBias: try weight("intermediate.dense.bias", [Self.intermediate]),
                output: try weight("output.dense.weight", [d, Self.intermediate]), outputBias: try weight("output.dense.bias", [d]),
                outputNorm: try weight("output.LayerNorm.weight", [d]), outputNormBias: try weight("output.LayerNorm.bias", [d])
            )
        }
    }

    /// Caps OpenBLAS's own threads (the server already runs one task per core).
    public static func setBLASThreads(_ count: Int) {
        openblas_set_num_threads(Int32(count))
    }

    /// The unit vector of one text (its first 256 tokens).
    public func encode(_ text: String) -> [Float] {
        encode(ids: [tokenizer.encode(text, maxLength: Self.maxLength)])[0]
    }

    /// Unit vectors of many texts, run as one batch.
    public func encode(_ texts: [String]) -> [[Float]] {
        encode(ids: texts.map { tokenizer.encode($0, maxLength: Self.maxLength) })
    }

    /// A whole long text: windows of 256 tokens (overlapping by 32) encoded and averaged.
    public func encodeWhole(_ text: String) -> [Float] {
        let pieces = tokenizer.words(text).flatMap { tokenizer.pieces($0.text) }
        let width = Self.maxLength - 2
        guard pieces.count > width else { return encode(ids: [[tokenizer.classifier] + pieces + [tokenizer.separator]])[0] }
        var windows: [[Int32]] = []
        var start = 0
        while start < pieces.count {
            windows.append([tokenizer.classifier] + pieces[start..<min(start + width, pieces.count)] + [tokenizer.separator])
            if start + width >= pieces.count { break }
            start += width - 32
        }
        let vectors = encode(ids: windows)
        var sum = [Float](repeating: 0, count: Self.dimensions)
        for vector in vectors { for index in sum.indices { sum[index] += vector[index] } }
        return Self.normalized(sum)
    }

    /// Unit vectors of token id sequences (each with its `[CLS]` and `[SEP]`), padded to the
    /// longest in the batch.
    public func encode(ids batch: [[Int32]]) -> [[Float]] {
        guard !batch.isEmpty else { return [] }
        let d = Self.dimensions
        let length = batch.map(\.count).max()!
        let rows = batch.count * length
        // Embeddings: word + position + token type 0, then layer norm.
        var hidden = [Float](repeating: 0, count: rows * d)
        for (sequence, ids) in batch.enumerated() {
            for position in 0..<length {
                let row = (sequence * length + position) * d
                let id = position < ids.count ? Int(ids[position]) : Int(tokenizer.padding)
                for column in 0..<d {
                    hidden[row + column] = wordEmbeddings[id * d + column] + positionEmbeddings[position * d + column] + typeEmbeddings[column]
                }
            }
        }
        Self.layerNorm(&hidden, rows: rows, weight: embeddingNorm, bias: embeddingNormBias)
        let lengths = batch.map(\.count)
        for layer in encoderLayers {
            hidden = forward(layer, hidden, rows: rows, length: length, lengths: lengths)
        }
        // Mean over the real tokens, then unit length.
        return lengths.enumerated().map { sequence, count in
            var pooled = [Float](repeating: 0, count: d)
            for position in 0..<count {
                let row = (sequence * length + position) * d
                for column in 0..<d { pooled[column] += hidden[row + column] }
            }
            return Self.normalized(pooled.map { $0 / Float(count) })
        }
    }

    private func forward(_ layer: Layer, _ input: [Float], rows: Int, length: Int, lengths: [Int]) -> [Float] {
        let d = Self.dimensions
        let query = Self.linear(input, rows: rows, inputs: d, weight: layer.query, bias: layer.queryBias, outputs: d)
        let key = Self.linear(input, rows: rows, inputs: d, weight: layer.key, bias: layer.keyBias, outputs: d)
        let value = Self.linear(input, rows: rows, inputs: d, weight: layer.value, bias: layer.valueBias, outputs: d)
        var context = [Float](repeating: 0, count: rows * d)
        var scores = [Float](repeating: 0, count: length * length)
        let scale = 1 / Float(Self.headSize).squareRoot()
        for (sequence, count) in lengths.enumerated() {
            let base = sequence * length * d
            for head in 0..<Self.heads {
                let offset = base + head * Self.headSize
                query.withUnsafeBufferPointer { q in
                    key.withUnsafeBufferPointer { k in
                        scores.withUnsafeMutableBufferPointer { s in
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(count), Int32(count), Int32(Self.headSize), scale,
                                        q.baseAddress! + offset, Int32(d), k.baseAddress! + offset, Int32(d), 0, s.baseAddress!, Int32(count))
                        }
                    }
                }
                // Padding is left out of the products: only the sequence's own `count` tokens take part.
                for row in 0..<count { Self.softmax(&scores, start: row * count, count: count) }
                value.withUnsafeBufferPointer { v in
                    scores.withUnsafeBufferPointer { s in
                        context.withUnsafeMutableBufferPointer { c in
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(count), Int32(Self.headSize), Int32(count), 1,
                                        s.baseAddress!, Int32(count), v.baseAddress! + offset, Int32(d), 0, c.baseAddress! + offset, Int32(d))
                        }
                    }
                }
            }
        }
        var attended = Self.linear(context, rows: rows, inputs: d, weight: layer.attentionOut, bias: layer.attentionOutBias, outputs: d)
        Self.add(input, to: &attended)
        Self.layerNorm(&attended, rows: rows, weight: layer.attentionNorm, bias: layer.attentionNormBias)
        var intermediate = Self.linear(attended, rows: rows, inputs: d, weight: layer.intermediate, bias: layer.intermediateBias, outputs: Self.intermediate)
        intermediate.withUnsafeMutableBufferPointer { values in
            let root = Float(0.5).squareRoot()
            for index in values.indices {
                let x = values[index]
                values[index] = 0.5 * x * (1 + Self.erf(x * root))
            }
        }
        var output = Self.linear(intermediate, rows: rows, inputs: Self.intermediate, weight: layer.output, bias: layer.outputBias, outputs: d)
        Self.add(attended, to: &output)
        Self.layerNorm(&output, rows: rows, weight: layer.outputNorm, bias: layer.outputNormBias)
        return output
    }

    /// `input · weightᵀ + bias`, the weight stored as PyTorch does: [outputs, inputs].
    static func linear(_ input: [Float], rows: Int, inputs: Int, weight: [Float], bias: [Float], outputs: Int) -> [Float] {
        var result = [Float](unsafeUninitializedCapacity: rows * outputs) { buffer, count in
            bias.withUnsafeBufferPointer { bias in
                for row in 0..<rows {
                    (buffer.baseAddress! + row * outputs).initialize(from: bias.baseAddress!, count: outputs)
                }
            }
            count = rows * outputs
        }
        input.withUnsafeBufferPointer { a in
            weight.withUnsafeBufferPointer { w in
                result.withUnsafeMutableBufferPointer { c in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(outputs), Int32(inputs), 1,
                                a.baseAddress!, Int32(inputs), w.baseAddress!, Int32(inputs), 1, c.baseAddress!, Int32(outputs))
                }
            }
        }
        return result
    }

    /// erf as a rational function of x² on [-4, 4] (Eigen's single-precision approximation,
    /// within a few ulp of erff): no exponential, so the GELU loop vectorises.
    @inline(__always)
    static func erf(_ value: Float) -> Float {
        let x = min(max(value, -4), 4)
        let x2 = x * x
        var p: Float = -2.72614225801306e-10
        p = p * x2 + 2.77068142495902e-08
        p = p * x2 - 2.10102402082508e-06
        p = p * x2 - 5.69250639462346e-05
        p = p * x2 - 7.34990630326855e-04
        p = p * x2 - 2.95459980854025e-03
        p = p * x2 - 1.60960333262415e-02
        var q: Float = -1.45660718464996e-05
        q = q * x2 - 2.13374055278905e-04
        q = q * x2 - 1.68282697438203e-03
        q = q * x2 - 7.37332916720468e-03
        q = q * x2 - 1.42647390514189e-02
        return x * p / q
    }

    static func add(_ other: [Float], to values: inout [Float]) {
        other.withUnsafeBufferPointer { other in
            values.withUnsafeMutableBufferPointer { values in
                for index in values.indices { values[index] += other[index] }
            }
        }
    }

    static func layerNorm(_ values: inout [Float], rows: Int, weight: [Float], bias: [Float]) {
        let width = weight.count
        values.withUnsafeMutableBufferPointer { values in
            weight.withUnsafeBufferPointer { weight in
                bias.withUnsafeBufferPointer { bias in
                    for row in 0..<rows {
                        let line = UnsafeMutableBufferPointer(rebasing: values[(row * width)..<((row + 1) * width)])
                        var mean: Float = 0
                        for value in line { mean += value }
                        mean /= Float(width)
                        var variance: Float = 0
                        for value in line { variance += (value - mean) * (value - mean) }
                        let scale = 1 / (variance / Float(width) + 1e-12).squareRoot()
                        for column in 0..<width { line[column] = (line[column] - mean) * scale * weight[column] + bias[column] }
                    }
                }
            }
        }
    }

    static func softmax(_ values: inout [Float], start: Int, count: Int) {
        values.withUnsafeMutableBufferPointer { values in
            let line = UnsafeMutableBufferPointer(rebasing: values[start..<(start + count)])
            var maximum = -Float.infinity
            for value in line { maximum = max(maximum, value) }
            var sum: Float = 0
            for index in line.indices {
                line[index] = expf(line[index] - maximum)
                sum += line[index]
            }
            let inverse = 1 / sum
            for index in line.indices { line[index] *= inverse }
        }
    }

    static func normalized(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / max(norm, 1e-12) } : vector
    }
}
