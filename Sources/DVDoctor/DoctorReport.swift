import DVReport
import DVResolve
import DVTLS

/// The one-shot checklist for a domain (JSON schema of `dvtool doctor --json`).
public struct DoctorReport: Sendable, Codable {
    /// `ok` only when every item is ok (or a warning); `error` when an item could not be checked and none failed.
    public typealias Status = CheckStatus

    public var domain: String
    /// Addresses the port and certificate checks used.
    public var addresses: [String]
    public var items: [CheckItem]
    public var status: Status
}
