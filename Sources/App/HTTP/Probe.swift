import AsyncHTTPClient
import NIOCore

/// One GET, for `careerops probe` (container health checks in an image without curl).
public enum Probe {
    public static func status(of url: String, timeout: TimeAmount) async throws -> Int {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: timeout)
        return Int(response.status.code)
    }
}
