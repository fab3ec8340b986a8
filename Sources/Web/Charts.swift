import Foundation

/// Charts drawn as SVG on the server: no script, nothing fetched, readable by a screen reader
/// (each chart has a title and a description of what it shows).
enum Charts {
    struct Series {
        let name: String
        let values: [Double?]
    }

    static let width = 640.0, height = 220.0
    static let left = 44.0, right = 12.0, top = 12.0, bottom = 28.0

    /// Lines over shared labels (days, weeks); a missing value breaks its line.
    static func line(title: String, labels: [String], series: [Series], format: (Double) -> String = { String(format: "%.0f", $0) }) -> String {
        let values = series.flatMap { $0.values.compactMap { $0 } }
        let maximum = niceCeiling(values.max() ?? 1)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ index: Int) -> Double { left + (labels.count > 1 ? Double(index) / Double(labels.count - 1) * plotWidth : plotWidth / 2) }
        func y(_ value: Double) -> Double { top + plotHeight - value / maximum * plotHeight }
        var svg = open(title: title, description: describe(series: series, labels: labels, format: format))
        svg += axes(maximum: maximum, format: format)
        for index in xTickIndices(labels.count) {
            // The first and last labels align to the plot's edges, so that neither is cut off.
            let anchor = labels.count > 1 && index == 0 ? "start" : labels.count > 1 && index == labels.count - 1 ? "end" : "middle"
            svg += "<text x=\"\(n(x(index)))\" y=\"\(n(height - 8))\" text-anchor=\"\(anchor)\">\(HTML.escape(labels[index]))</text>"
        }
        for (number, line) in series.enumerated() {
            var path = "", pen = false
            for (index, value) in line.values.enumerated() {
                guard let value else { pen = false; continue }
                path += "\(pen ? "L" : "M")\(n(x(index))) \(n(y(value))) "
                pen = true
            }
            svg += "<path class=\"line-\(number + 1)\" d=\"\(path)\"/>"
            if let lastIndex = line.values.lastIndex(where: { $0 != nil }), let last = line.values[lastIndex], number == 0 {
                svg += "<circle class=\"dot-1\" cx=\"\(n(x(lastIndex)))\" cy=\"\(n(y(last)))\" r=\"4\"/>"
            }
        }
        return svg + "</svg>"
    }

    /// Vertical bars, one per label; a withheld value (nil) leaves a gap.
    static func columns(title: String, labels: [String], values: [Double?], format: (Double) -> String = { String(format: "%.0f", $0) }) -> String {
        let maximum = niceCeiling(values.compactMap { $0 }.max() ?? 1)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let slot = plotWidth / Double(max(labels.count, 1)), barWidth = max(slot * 0.7, 1)
        var svg = open(title: title, description: describe(series: [Series(name: title, values: values)], labels: labels, format: format))
        svg += axes(maximum: maximum, format: format)
        for (index, value) in values.enumerated() {
            guard let value else { continue }
            let barHeight = value / maximum * plotHeight
            svg += "<rect class=\"col\" x=\"\(n(left + Double(index) * slot + (slot - barWidth) / 2))\" y=\"\(n(top + plotHeight - barHeight))\" width=\"\(n(barWidth))\" height=\"\(n(barHeight))\"><title>\(HTML.escape(labels[index])): \(format(value))</title></rect>"
        }
        for index in xTickIndices(labels.count) {
            svg += "<text x=\"\(n(left + (Double(index) + 0.5) * slot))\" y=\"\(n(height - 8))\" text-anchor=\"middle\">\(HTML.escape(labels[index]))</text>"
        }
        return svg + "</svg>"
    }

    private static func open(title: String, description: String) -> String {
        // An id from the title (FNV-1a), the same in every process, so that pages render alike.
        let id = "c" + String(title.utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 }, radix: 36)
        return "<svg viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\" xmlns=\"http://www.w3.org/2000/svg\">"
            + "<title id=\"\(id)-t\">\(HTML.escape(title))</title><desc id=\"\(id)-d\">\(HTML.escape(description))</desc>"
    }

    private static func axes(maximum: Double, format: (Double) -> String) -> String {
        let plotHeight = height - top - bottom
        var svg = ""
        for step in 0...4 {
            let value = maximum * Double(step) / 4, y = top + plotHeight - Double(step) / 4 * plotHeight
            svg += "<line class=\"axis\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(n(y))\" y2=\"\(n(y))\"/>"
            svg += "<text x=\"\(n(left - 6))\" y=\"\(n(y + 4))\" text-anchor=\"end\">\(HTML.escape(format(value)))</text>"
        }
        return svg
    }

    /// First, last and a few between, so that labels never overlap.
    private static func xTickIndices(_ count: Int) -> [Int] {
        guard count > 0 else { return [] }
        let wanted = min(count, 6)
        guard wanted > 1 else { return [0] }
        return Array(Set((0..<wanted).map { Int((Double($0) / Double(wanted - 1) * Double(count - 1)).rounded()) })).sorted()
    }

    private static func describe(series: [Series], labels: [String], format: (Double) -> String) -> String {
        series.map { line in
            let known = zip(labels, line.values).compactMap { label, value in value.map { (label, $0) } }
            guard let first = known.first, let last = known.last else { return "\(line.name): no data" }
            return "\(line.name): \(format(first.1)) on \(first.0), \(format(last.1)) on \(last.0)"
        }.joined(separator: "; ")
    }

    /// The next round number at or above the value (1, 2, 5 × 10ⁿ).
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        for step in [1.0, 2, 2.5, 5, 10] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }

    private static func n(_ value: Double) -> String { String(format: "%.1f", value) }
}
