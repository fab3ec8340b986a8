/// A configuration value that cannot be used. `setting` names it the way the operator set it
/// (`DATABASE_URL`, `--port/PORT`), so the one-line message tells them what to fix.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    public let setting: String
    public let reason: String

    public init(_ setting: String, _ reason: String) {
        self.setting = setting
        self.reason = reason
    }

    public var description: String { "invalid \(setting): \(reason)" }
}
