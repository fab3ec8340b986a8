import App
import ArgumentParser
import Foundation
import Gateway
import Intelligence

struct Embed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the vector of each line of standard input: one JSON array of 384 numbers per line (all-MiniLM-L6-v2)."
    )

    @Option(help: "Lines encoded together.") var batch = 32

    func run() async throws {
        let config = try Runtime.config()
        let encoder: MiniLMEncoder
        do {
            encoder = try MiniLMEncoder(directory: URL(fileURLWithPath: config.modelDirectory))
        } catch {
            throw Runtime.fail("\(error)")
        }
        var lines: [String] = []
        func flush() {
            for vector in encoder.encode(lines) {
                print("[" + vector.map { "\($0)" }.joined(separator: ",") + "]")
            }
            lines.removeAll()
        }
        while let line = readLine(strippingNewline: true) {
            lines.append(line)
            if lines.count >= max(1, batch) { flush() }
        }
        if !lines.isEmpty { flush() }
    }
}

struct Analyze: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a job description on standard input; print its skills, seniority, years and place hints as JSON."
    )

    func run() async throws {
        var text = ""
        while let line = readLine(strippingNewline: false) {
            text += line
            guard text.utf16.count <= 1_000_000 else { throw Runtime.fail("the input is over 1 MB; a job description is far shorter") }
        }
        let input = text
        try await Runtime.with { platform in
            try await Runtime.prepareCatalog(platform)
            Runtime.say(String(decoding: try await JobAnalysisJSON.render(input, cache: platform.skillIndex), as: UTF8.self))
        }
    }
}
