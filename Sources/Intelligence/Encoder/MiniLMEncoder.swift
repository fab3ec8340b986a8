import COpenBLAS
import Foundation

/// sentence-transformers' all-MiniLM-L6-v2 in Swift: a 6-layer BERT (hidden 384, 12 heads,
/// feed-forward 1536), mean pooling over the attention mask and L2 normalisation, giving 384
/// numbers per text. Matrix products go through OpenBLAS. Load it once per process and share
/// it: it is immutable, and `encode` may run on many tasks at once.
public final class MiniLMEncoder: Sendable {
    public static let dimensions = 384
    public static let maxLength = 256
    package static let layers = 6
    static let heads = 12
    static let headSize = 32
    package static let intermediate = 1_536
    static let vocabularySize = 30_522

    struct Layer {
        /// Query, key and value weights stacked ([3·384, 384]), so one product makes all three.
        let qkv: [Float], qkvBias: [Float]
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
                qkv: try ["query", "key", "value"].flatMap { try weight("attention.self.\($0).weight", [d, d]) },
                qkvBias: try ["query", "key", "value"].flatMap { try weight("attention.self.\($0).bias", [d]) },
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

    /// OpenBLAS's threads now.
    public static var blasThreads: Int { Int(openblas_get_num_threads()) }

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

    /// Token rows per forward pass: enough for the matrix products to run at full speed, few
    /// enough that the working arrays stay small (32 sequences of 128 tokens at once ran slower
    /// than one at a time: fresh 25 MB arrays per layer cost page faults).
    static let rowsPerPass = 1_024

    /// Unit vectors of token id sequences (each with its `[CLS]` and `[SEP]`). Sequences run in
    /// passes of similar length (sorted), so that short ones are not padded to the longest.
    public func encode(ids batch: [[Int32]]) -> [[Float]] {
        let order = batch.indices.sorted { batch[$0].count < batch[$1].count }
        var vectors = [[Float]](repeating: [], count: batch.count)
        var start = 0
        while start < order.count {
            // Sorted by length, so the last sequence of a pass is its longest.
            var end = start + 1
            while end < order.count, (end + 1 - start) * batch[order[end]].count <= Self.rowsPerPass { end += 1 }
            let group = Array(order[start..<end])
            for (index, vector) in zip(group, encodePadded(group.map { batch[$0] })) { vectors[index] = vector }
            start = end
        }
        return vectors
    }

    /// One batch, padded to its longest sequence.
    func encodePadded(_ batch: [[Int32]]) -> [[Float]] {
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
        let stride = 3 * d
        let qkv = Self.linear(input, rows: rows, inputs: d, weight: layer.qkv, bias: layer.qkvBias, outputs: stride)
        var context = [Float](repeating: 0, count: rows * d)
        var scores = [Float](repeating: 0, count: length * length)
        let scale = 1 / Float(Self.headSize).squareRoot()
        qkv.withUnsafeBufferPointer { qkv in
            for (sequence, count) in lengths.enumerated() {
                for head in 0..<Self.heads {
                    let query = qkv.baseAddress! + sequence * length * stride + head * Self.headSize
                    let (key, value) = (query + d, query + 2 * d)
                    scores.withUnsafeMutableBufferPointer { s in
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(count), Int32(count), Int32(Self.headSize), scale,
                                    query, Int32(stride), key, Int32(stride), 0, s.baseAddress!, Int32(count))
                    }
                    // Padding is left out of the products: only the sequence's own `count` tokens take part.
                    for row in 0..<count { Self.softmax(&scores, start: row * count, count: count) }
                    scores.withUnsafeBufferPointer { s in
                        context.withUnsafeMutableBufferPointer { c in
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(count), Int32(Self.headSize), Int32(count), 1,
                                        s.baseAddress!, Int32(count), value, Int32(stride), 0,
                                        c.baseAddress! + sequence * length * d + head * Self.headSize, Int32(d))
                        }
                    }
                }
            }
        }
        var attended = Self.linear(context, rows: rows, inputs: d, weight: layer.attentionOut, bias: layer.attentionOutBias, outputs: d)
        Self.add(input, to: &attended)
        Self.layerNorm(&attended, rows: rows, weight: layer.attentionNorm, bias: layer.attentionNormBias)
        var intermediate = Self.linear(attended, rows: rows, inputs: d, weight: layer.intermediate, bias: layer.intermediateBias, outputs: Self.intermediate)
        intermediate.withUnsafeMutableBufferPointer { Self.forEachLanes(of: $0) { x in 0.5 * x * (1 + Self.erf(x * Float(0.5).squareRoot())) } }
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

    typealias Lanes = SIMD8<Float>

    /// Applies `transform` to the values eight at a time (the tail padded and cut off).
    @inline(__always)
    static func forEachLanes(of values: UnsafeMutableBufferPointer<Float>, _ transform: (Lanes) -> Lanes) {
        guard let base = values.baseAddress.map(UnsafeMutableRawPointer.init) else { return }
        var index = 0
        while index + 8 <= values.count {
            base.storeBytes(of: transform(base.loadUnaligned(fromByteOffset: index * 4, as: Lanes.self)), toByteOffset: index * 4, as: Lanes.self)
            index += 8
        }
        if index < values.count {
            var tail = Lanes(repeating: 0)
            for lane in 0..<(values.count - index) { tail[lane] = values[index + lane] }
            tail = transform(tail)
            for lane in 0..<(values.count - index) { values[index + lane] = tail[lane] }
        }
    }

    /// erf as a rational function of x² on [-4, 4] (Eigen's single-precision approximation,
    /// within a few ulp of erff), on eight values at once.
    @inline(__always)
    static func erf(_ value: Lanes) -> Lanes {
        // (`clamped` and `pointwiseMin` are not inlined here; masked replacement is.)
        let low = value.replacing(with: -4, where: value .< -4)
        let x = low.replacing(with: 4, where: low .> 4)
        let x2 = x * x
        var p = Lanes(repeating: -2.72614225801306e-10)
        p = p * x2 + 2.77068142495902e-08
        p = p * x2 - 2.10102402082508e-06
        p = p * x2 - 5.69250639462346e-05
        p = p * x2 - 7.34990630326855e-04
        p = p * x2 - 2.95459980854025e-03
        p = p * x2 - 1.60960333262415e-02
        var q = Lanes(repeating: -1.45660718464996e-05)
        q = q * x2 - 2.13374055278905e-04
        q = q * x2 - 1.68282697438203e-03
        q = q * x2 - 7.37332916720468e-03
        q = q * x2 - 1.42647390514189e-02
        return x * p / q
    }

    static func erf(_ value: Float) -> Float { erf(Lanes(repeating: value))[0] }

    /// e^x for x ≤ 0 (softmax after subtracting the maximum), eight at once: 2^n · e^r with r
    /// in [-ln2/2, ln2/2] by a degree-6 polynomial. n is rounded by adding 1.5·2²³ (its bits
    /// then hold n), and 2^n is built from exponent bits. Within a few ulp of expf.
    @inline(__always)
    static func exp(_ value: Lanes) -> Lanes {
        let x = value.replacing(with: -87, where: value .< -87)
        let magic: Float = 12_582_912
        let shifted = x * 1.442_695_04 + magic
        let n = shifted - magic
        let r = x - n * 0.693_145_75 - n * 1.428_606_8e-6
        var p = Lanes(repeating: 1.987_569_1e-4)
        p = p * r + 1.398_199_9e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_6e-2
        p = p * r + 0.166_666_66
        p = p * r + 0.5
        p = p * r * r + r + 1
        let exponent = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- unsafeBitCast(Lanes(repeating: magic), to: SIMD8<Int32>.self)
        return p * unsafeBitCast((exponent &+ 127) &<< 23, to: Lanes.self)
    }

    static func exp(_ value: Float) -> Float { exp(Lanes(repeating: value))[0] }

    static func add(_ other: [Float], to values: inout [Float]) {
        other.withUnsafeBytes { other in
            values.withUnsafeMutableBytes { values in
                var offset = 0
                while offset + 32 <= values.count {
                    let sum = values.loadUnaligned(fromByteOffset: offset, as: Lanes.self) + other.loadUnaligned(fromByteOffset: offset, as: Lanes.self)
                    values.storeBytes(of: sum, toByteOffset: offset, as: Lanes.self)
                    offset += 32
                }
                while offset < values.count {
                    values.storeBytes(of: values.load(fromByteOffset: offset, as: Float.self) + other.load(fromByteOffset: offset, as: Float.self),
                                      toByteOffset: offset, as: Float.self)
                    offset += 4
                }
            }
        }
    }

    static func layerNorm(_ values: inout [Float], rows: Int, weight: [Float], bias: [Float]) {
        let width = weight.count
        precondition(width % 8 == 0)
        values.withUnsafeMutableBufferPointer { values in
            weight.withUnsafeBufferPointer { weight in
                bias.withUnsafeBufferPointer { bias in
                    for row in 0..<rows {
                        // The width is a multiple of 8 (384): whole lanes, sums kept per lane.
                        let line = UnsafeMutableRawPointer(values.baseAddress! + row * width)
                        let w = UnsafeRawPointer(weight.baseAddress!), b = UnsafeRawPointer(bias.baseAddress!)
                        var sum = Lanes(repeating: 0)
                        for lane in Swift.stride(from: 0, to: width * 4, by: 32) { sum += line.loadUnaligned(fromByteOffset: lane, as: Lanes.self) }
                        let mean = sum.sum() / Float(width)
                        var squares = Lanes(repeating: 0)
                        for lane in Swift.stride(from: 0, to: width * 4, by: 32) {
                            let centred = line.loadUnaligned(fromByteOffset: lane, as: Lanes.self) - mean
                            squares += centred * centred
                        }
                        let scale = 1 / (squares.sum() / Float(width) + 1e-12).squareRoot()
                        for lane in Swift.stride(from: 0, to: width * 4, by: 32) {
                            let value = (line.loadUnaligned(fromByteOffset: lane, as: Lanes.self) - mean) * scale
                                * w.loadUnaligned(fromByteOffset: lane, as: Lanes.self) + b.loadUnaligned(fromByteOffset: lane, as: Lanes.self)
                            line.storeBytes(of: value, toByteOffset: lane, as: Lanes.self)
                        }
                    }
                }
            }
        }
    }

    static func softmax(_ values: inout [Float], start: Int, count: Int) {
        values.withUnsafeMutableBufferPointer { values in
            let line = UnsafeMutableBufferPointer(rebasing: values[start..<(start + count)])
            var lanes = Lanes(repeating: -.infinity)
            forEachLanes(of: line) { value in
                lanes = lanes.replacing(with: value, where: value .> lanes)
                return value
            }
            let maximum = lanes.max()
            forEachLanes(of: line) { exp($0 - maximum) }
            var sum: Float = 0
            for value in line { sum += value }
            let inverse = 1 / sum
            forEachLanes(of: line) { $0 * inverse }
        }
    }

    static func normalized(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / max(norm, 1e-12) } : vector
    }
}
