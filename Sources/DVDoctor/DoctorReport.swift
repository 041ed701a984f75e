import DVTLS

/// The one-shot checklist for a domain (JSON schema of `dvtool doctor --json`).
public struct DoctorReport: Sendable, Codable {
    public enum Status: String, Sendable, Codable {
        /// No item is a problem.
        case ok
        case problem
    }

    public var domain: String
    /// Addresses the port and certificate checks used.
    public var addresses: [String]
    public var items: [CheckItem]
    public var status: Status
}
