/// Seals short strings so that only this platform can read them and any change is detected
/// (for values handed to the browser, such as an SSO attempt). Storage's `FieldCipher` is one.
public protocol SecretBox: Sendable {
    func seal(_ plaintext: String) throws -> String
    func open(_ sealed: String) throws -> String
}
