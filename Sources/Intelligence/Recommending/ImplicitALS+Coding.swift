import Foundation

extension ImplicitALS.Model {
    public enum DecodingError: Error, Equatable { case notAModel, truncated }

    /// The model as bytes: "ALS1", factors, users, items (UInt32), regularization and alpha, then
    /// the user and item vectors as float32, all little-endian.
    public func encoded() -> Data {
        var data = Data("ALS1".utf8)
        for value in [factors, users, items] { withUnsafeBytes(of: UInt32(value).littleEndian) { data.append(contentsOf: $0) } }
        for value in [settings.regularization, settings.alpha] { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        for vectors in [userFactors, itemFactors] {
            for value in vectors { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        }
        return data
    }

    public init(decoding data: Data) throws(DecodingError) {
        let data = Data(data)  // indices from 0
        guard data.count >= 24, data.prefix(4).elementsEqual("ALS1".utf8) else { throw .notAModel }
        func word(_ offset: Int) -> UInt32 {
            data.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
        }
        let factors = Int(word(4)), users = Int(word(8)), items = Int(word(12))
        guard factors > 0, factors % 8 == 0, data.count == 24 + 4 * factors * (users + items) else { throw .truncated }
        func floats(_ offset: Int, _ count: Int) -> [Float] {
            data.withUnsafeBytes { raw in
                (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 4 * $0, as: UInt32.self))) }
            }
        }
        var settings = ImplicitALS.Settings()
        settings.factors = factors
        settings.regularization = Float(bitPattern: word(16))
        settings.alpha = Float(bitPattern: word(20))
        self.init(factors: factors, users: users, items: items, userFactors: floats(24, users * factors),
                  itemFactors: floats(24 + 4 * users * factors, items * factors), settings: settings)
    }

    /// Whether this user was part of training (has a vector).
    public func knows(user: Int) -> Bool { user >= 0 && user < users }
}
