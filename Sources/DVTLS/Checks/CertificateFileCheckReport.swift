import DVReport

extension CertificateFileCheck {
    /// What `run` found: the files as read, and one row per check.
    public struct Report: Sendable, Codable {
        public var certificateFile: String
        public var format: PKIFileFormat
        public var certificates: [Certificate]
        public var leafIndex: Int
        public var key: PrivateKeyInfo?
        public var trustStore: String
        /// The upload checklist's target (`--for`); nil for the general checks.
        public var target: UploadTarget?
        public var items: [CheckItem]

        public var hasProblem: Bool { items.hasProblem }
        /// A problem row fails the check; the rest (warnings, facts) do not.
        public var status: CheckStatus { hasProblem ? .problem : .ok }
    }
}
