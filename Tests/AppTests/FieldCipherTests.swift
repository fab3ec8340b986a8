import Crypto
import Foundation
import Storage
import Testing

@Suite struct FieldCipherTests {
    let old = FieldCipher.Key(id: "k1", key: SymmetricKey(size: .bits256))
    let new = FieldCipher.Key(id: "k2", key: SymmetricKey(size: .bits256))
    let hmac = SymmetricKey(size: .bits256)

    @Test func sealsWithTheNewestKeyAndOpensWhatItSealed() throws {
        let cipher = try FieldCipher(dataKeys: [old, new], hmacKey: hmac)
        let sealed = try cipher.seal("ada@example.com")
        #expect(sealed.hasPrefix("k2:"))
        #expect(!sealed.contains("ada"))
        #expect(try cipher.open(sealed) == "ada@example.com")
        #expect(try cipher.seal("same") != cipher.seal("same"), "a fresh nonce every time")
    }

    @Test func rotationKeepsOldValuesReadable() throws {
        let before = try FieldCipher(dataKeys: [old], hmacKey: hmac)
        let sealed = try before.seal("+31 6 1234")
        let after = try FieldCipher(dataKeys: [old, new], hmacKey: hmac)
        #expect(try after.open(sealed) == "+31 6 1234")
        #expect(after.currentKeyID == "k2")
        let withoutOld = try FieldCipher(dataKeys: [new], hmacKey: hmac)
        #expect(throws: FieldCipher.Failure.unknownKey("k1")) { try withoutOld.open(sealed) }
    }

    @Test func rejectsATamperedValueOrOneMovedUnderAnotherKeyID() throws {
        let cipher = try FieldCipher(dataKeys: [old, new], hmacKey: hmac)
        let sealed = try cipher.seal("secret")
        var bytes = Data(base64Encoded: String(sealed.dropFirst(3)))!
        bytes[bytes.count - 1] ^= 1
        #expect(throws: FieldCipher.Failure.corrupt) { try cipher.open("k2:" + bytes.base64EncodedString()) }
        #expect(throws: FieldCipher.Failure.corrupt) { try cipher.open("k1:" + sealed.dropFirst(3)) }
    }

    @Test func blindIndexIsDeterministicUnderOneKeyOnly() throws {
        let cipher = try FieldCipher(dataKeys: [old], hmacKey: hmac)
        let other = try FieldCipher(dataKeys: [old], hmacKey: SymmetricKey(size: .bits256))
        #expect(cipher.blindIndex("ada@example.com") == cipher.blindIndex("ada@example.com"))
        #expect(cipher.blindIndex("ada@example.com") != cipher.blindIndex("bob@example.com"))
        #expect(cipher.blindIndex("ada@example.com") != other.blindIndex("ada@example.com"))
    }

    @Test func parsesKeyListsAndNamesWhatIsWrong() throws {
        let keys = try FieldCipher.parseKeyList("a:\(FieldCipher.generateKey()), b:\(FieldCipher.generateKey())")
        #expect(keys.map(\.id) == ["a", "b"])
        #expect(throws: FieldCipher.Failure.badKeyList("key 'a' must be 32 bytes, base64-encoded")) { try FieldCipher.parseKeyList("a:AAAA") }
        #expect(throws: FieldCipher.Failure.badKeyList("each entry must read id:base64-key")) { try FieldCipher.parseKeyList("justakey") }
    }
}
