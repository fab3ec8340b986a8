import Hummingbird
import NIOSSL

/// The server's TLS: the configured certificate chain and key, TLS 1.3 as the minimum.
enum TLSSettings {
    static func server(_ files: AppConfig.TLSFiles) throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMFile(files.certificateChain)
        } catch {
            throw ConfigError("--tls-cert/TLS_CERT_FILE", "\(files.certificateChain) holds no PEM certificate (\(error))")
        }
        do {
            key = try NIOSSLPrivateKey(file: files.privateKey, format: .pem)
        } catch {
            throw ConfigError("--tls-key/TLS_KEY_FILE", "\(files.privateKey) holds no PEM private key (\(error))")
        }
        guard !chain.isEmpty else { throw ConfigError("--tls-cert/TLS_CERT_FILE", "\(files.certificateChain) holds no certificate") }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv13
        return configuration
    }
}

/// `Strict-Transport-Security` on every answer when the platform is reached over HTTPS, so that
/// browsers never fall back to plain HTTP for it.
struct StrictTransportMiddleware<Context: RequestContext>: RouterMiddleware {
    let enabled: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if enabled { response.headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains" }
        return response
    }
}
