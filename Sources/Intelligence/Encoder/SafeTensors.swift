import Foundation

/// Reads float32 tensors from a `model.safetensors` file: an 8-byte little-endian header
/// length, a JSON header naming each tensor's dtype, shape and byte range, then the data.
struct SafeTensors {
    struct Tensor {
        let shape: [Int]
        let values: [Float]
    }

    private let data: Data
    private let entries: [String: (dtype: String, shape: [Int], start: Int, end: Int)]
    private let base: Int

    init(contentsOf url: URL) throws {
        data = try Data(contentsOf: url, options: .alwaysMapped)
        guard data.count >= 8 else { throw EncoderError.badModel("model.safetensors is too short") }
        let headerLength = data.prefix(8).enumerated().reduce(0) { $0 | (Int($1.element) << (8 * $1.offset)) }
        guard headerLength > 0, 8 + headerLength <= data.count,
              let header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + headerLength))) as? [String: Any]
        else { throw EncoderError.badModel("model.safetensors has no readable header") }
        base = 8 + headerLength
        var entries: [String: (String, [Int], Int, Int)] = [:]
        for (name, value) in header where name != "__metadata__" {
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String, let shape = entry["shape"] as? [Int],
                  let offsets = entry["data_offsets"] as? [Int], offsets.count == 2 else { throw EncoderError.badModel("tensor \(name) is malformed") }
            entries[name] = (dtype, shape, offsets[0], offsets[1])
        }
        self.entries = entries
    }

    /// The float32 tensor `name`, checked against the expected shape.
    func tensor(_ name: String, shape expected: [Int]) throws -> [Float] {
        guard let entry = entries[name] else { throw EncoderError.badModel("tensor \(name) is missing") }
        guard entry.dtype == "F32" else { throw EncoderError.badModel("tensor \(name) is \(entry.dtype), not F32") }
        guard entry.shape == expected else { throw EncoderError.badModel("tensor \(name) has shape \(entry.shape), expected \(expected)") }
        let count = expected.reduce(1, *)
        guard entry.end - entry.start == count * 4, base + entry.end <= data.count else { throw EncoderError.badModel("tensor \(name) has the wrong size") }
        var values = [Float](repeating: 0, count: count)
        _ = values.withUnsafeMutableBytes { target in
            data.copyBytes(to: target, from: (base + entry.start)..<(base + entry.end))
        }
        return values
    }
}
