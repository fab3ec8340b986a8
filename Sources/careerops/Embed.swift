import App
import ArgumentParser
import Foundation
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
