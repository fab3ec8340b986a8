import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// The stylesheet and script, served under names that carry a hash of their bytes, so that
/// browsers keep them for a year and a changed file is a new name.
public struct Assets: Sendable {
    struct File: Sendable {
        let bytes: ByteBuffer
        let contentType: String
    }

    let files: [String: File]
    /// The public path of each asset by its plain name (`app.css` → `/static/app.1a2b3c4d5e.css`).
    public let paths: [String: String]

    public init() throws {
        guard let directory = Bundle.module.url(forResource: "static", withExtension: nil) else { throw WebError.missingResources("static") }
        var files: [String: File] = [:], paths: [String: String] = [:]
        for url in try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil) {
            let data = try Data(contentsOf: url)
            let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined().prefix(10)
            let name = "\(url.deletingPathExtension().lastPathComponent).\(digest).\(url.pathExtension)"
            let type = switch url.pathExtension {
            case "css": "text/css; charset=utf-8"
            case "js": "text/javascript; charset=utf-8"
            case "svg": "image/svg+xml"
            default: "application/octet-stream"
            }
            files[name] = File(bytes: ByteBuffer(data: data), contentType: type)
            paths[url.lastPathComponent] = "/static/\(name)"
        }
        self.files = files
        self.paths = paths
    }

    func path(_ name: String) -> String { paths[name] ?? "/static/\(name)" }

    /// Total bytes of the named assets, for page weights.
    public func size(of names: [String]) -> Int {
        names.compactMap { paths[$0].flatMap { files[String($0.dropFirst("/static/".count))]?.bytes.readableBytes } }.reduce(0, +)
    }

    func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("static/:file") { _, context -> Response in
            guard let name = context.parameters.get("file"), let file = files[name] else {
                return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "not found\n")))
            }
            return Response(status: .ok, headers: [.contentType: file.contentType, .cacheControl: "public, max-age=31536000, immutable"],
                            body: .init(byteBuffer: file.bytes))
        }
    }
}

enum WebError: Error, CustomStringConvertible {
    case missingResources(String)
    case missingTemplate(String)

    var description: String {
        switch self {
        case .missingResources(let name): "the web module's \(name) resources are missing"
        case .missingTemplate(let name): "no template named \(name)"
        }
    }
}
