import DVReport
import DVResolve
import DVTLS
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The one-shot checklist for a domain (JSON schema of `dvtool doctor --json`).
public struct DoctorReport: Sendable, Codable {
    /// `ok` only when every item is ok (or a warning); `error` when an item could not be checked and none failed.
    public typealias Status = CheckStatus

    public var domain: String
    /// Addresses the port and certificate checks used.
    public var addresses: [String]
    public var items: [CheckItem]
    public var status: Status
    /// The earliest notAfter of the leaf certificates the live-certificate check fetched (the one that runs out
    /// first decides when the site breaks); nil (absent from the JSON) when no certificate was fetched. Bulk pages
    /// bucket names by it.
    public var certificateNotAfter: Date?
}
