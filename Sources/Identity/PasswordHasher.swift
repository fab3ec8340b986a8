/// Turns a password into a slow, salted hash and checks one against it.
/// Storage implements it with bcrypt; Identity only decides when to call it.
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, against hash: String) async throws -> Bool
}
