/// Hashes that are the same in every process and on every run (Swift's `Hasher` is seeded per
/// process), for keys that several instances share and for noticing that a text changed.
public enum StableHash {
    /// FNV-1a, 64 bits, in hexadecimal.
    public static func fnv1a(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(value, radix: 16)
    }
}
