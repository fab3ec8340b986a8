import Core
import Foundation

extension AuthService {
    /// Mails a single-use link that proves the address is the account holder's.
    func sendVerification(to userID: UUID, email: String) async throws {
        let token = SecretToken.generate()
        let now = clock.now()
        try await oneTimeTokens.create(userID: userID, purpose: .verifyEmail, tokenHash: SecretToken.hash(token),
                                       expiresAt: now.addingTimeInterval(settings.verificationLifetime), at: now)
        try await mailer.send(Mail(
            to: email, subject: "Confirm your CareerOps e-mail address",
            body: """
                Welcome to CareerOps.

                Confirm this address by opening the link below (it works once, for 48 hours):
                \(settings.publicURL)/auth/verify-email?token=\(token)

                If you did not sign up, ignore this message.
                """
        ))
    }

    public func verifyEmail(token: String, origin: RequestOrigin) async throws {
        let now = clock.now()
        guard let userID = try await oneTimeTokens.consume(tokenHash: SecretToken.hash(token), purpose: .verifyEmail, at: now) else {
            throw DomainError.invalid(field: "token", reason: "is unknown, used or expired")
        }
        try await accounts.markEmailVerified(userID, at: now)
        try await audit.record(AuditEntry(actorID: userID, action: .emailVerified, targetType: "user", targetID: userID,
                                          address: origin.address, requestID: origin.requestID, at: now))
    }

    /// Mails a reset link when the address has an account; answers the same either way, and as
    /// fast: the lookup and the mail are done after the answer (a mail server's delay told
    /// whether the address had an account).
    public func requestPasswordReset(email rawEmail: String, origin: RequestOrigin) async throws {
        let email = try AccountInput.email(rawEmail)
        deferred.enqueue { [self] in try await sendPasswordReset(to: email, origin: origin) }
    }

    func sendPasswordReset(to email: String, origin: RequestOrigin) async throws {
        guard let account = try await accounts.account(email: email), account.status == .active else { return }
        let token = SecretToken.generate()
        let now = clock.now()
        try await oneTimeTokens.create(userID: account.id, purpose: .resetPassword, tokenHash: SecretToken.hash(token),
                                       expiresAt: now.addingTimeInterval(settings.resetLifetime), at: now)
        try await audit.record(AuditEntry(actorID: account.id, action: .passwordResetRequested, targetType: "user", targetID: account.id,
                                          address: origin.address, requestID: origin.requestID, at: now))
        try await mailer.send(Mail(
            to: email, subject: "Reset your CareerOps password",
            body: """
                Someone asked to reset the password of this CareerOps account.

                To choose a new password, open the link below (it works once, for one hour):
                \(settings.publicURL)/auth/reset-password?token=\(token)

                If it was not you, ignore this message; your password stays as it is.
                """
        ))
    }

    /// Sets a new password from a reset link, and ends every session and personal token of the account.
    public func resetPassword(token: String, newPassword: String, origin: RequestOrigin) async throws {
        try policy.check(newPassword)
        let now = clock.now()
        guard let userID = try await oneTimeTokens.consume(tokenHash: SecretToken.hash(token), purpose: .resetPassword, at: now) else {
            throw DomainError.invalid(field: "token", reason: "is unknown, used or expired")
        }
        try await accounts.setPassword(of: userID, hash: try await hasher.hash(newPassword), at: now)
        try await endAllSessions(of: userID, at: now)
        try await audit.record(AuditEntry(actorID: userID, action: .passwordReset, targetType: "user", targetID: userID,
                                          address: origin.address, requestID: origin.requestID, at: now))
    }

    /// Sets a new password and ends every session (the caller's too) and personal token of the
    /// account: whoever knew the old password may have signed in with it or made a token.
    public func changePassword(_ principal: Principal, current: String, new: String, origin: RequestOrigin) async throws {
        try policy.check(new, field: "new_password")
        guard let account = try await accounts.account(id: principal.userID), let hash = account.passwordHash,
              try await hasher.verify(current, against: hash)
        else { throw DomainError.invalid(field: "current_password", reason: "does not match") }
        let now = clock.now()
        try await accounts.setPassword(of: account.id, hash: try await hasher.hash(new), at: now)
        try await endAllSessions(of: account.id, at: now)
        try await audit.record(AuditEntry(actorID: account.id, action: .passwordChanged, targetType: "user", targetID: account.id,
                                          address: origin.address, requestID: origin.requestID, at: now))
    }

    /// Every session with its refresh tokens (and so its access tokens) and every personal token ends.
    func endAllSessions(of userID: UUID, at now: Date) async throws {
        try await sessions.revokeAll(of: userID, at: now)
        try await personalTokens.revokeAll(of: userID, at: now)
    }
}

extension AuthService {
    /// Deletes the caller's account with everything that belongs to it. The caller confirms by
    /// typing their e-mail address; the audit log keeps that an account was deleted, not whose.
    public func deleteAccount(_ principal: Principal, confirmEmail: String, origin: RequestOrigin) async throws {
        let account = try await account(of: principal)
        guard NewAccount.normalize(email: confirmEmail) == NewAccount.normalize(email: account.email) else {
            throw DomainError.invalid(field: "confirm_email", reason: "must be the account's e-mail address")
        }
        guard try await accounts.delete(account.id) else { throw DomainError.notFound("account") }
        try await audit.record(AuditEntry(actorID: nil, action: .accountDeleted, targetType: "user", targetID: nil,
                                          address: nil, requestID: origin.requestID, at: clock.now()))
        await events?.publish(DomainEvent(name: Self.accountDeleted, subjectID: account.id, occurredAt: clock.now()))
    }

    /// Published when an account is gone, so that Analytics forgets the pseudonym it derived.
    public static let accountDeleted = "account_deleted"
}
