import DVReport

extension ChainBundle {
    /// One caIssuers URL tried.
    public struct Download: Sendable, Encodable {
        public var url: String
        /// For whom: the certificate whose issuer was looked for.
        public var forCertificate: String
        /// "used", "not the issuer", or why it failed.
        public var outcome: String
        public var failed: Bool
        /// A network failure (DNS, TCP, timeout), as opposed to a wrong answer.
        public var networkFailure: Bool
    }

    public struct Report: Sendable, Encodable {
        public var leaf: Certificate
        /// The intermediates, in order from the leaf's issuer up; the root is not among them.
        public var intermediates: [Certificate]
        /// The trusted root the chain ends at (not written).
        public var root: Certificate?
        /// Given certificates left out: a root, or ones that sign nothing on the path.
        public var dropped: [Certificate]
        public var downloads: [Download]
        public var complete: Bool
        /// The issuer still missing when incomplete.
        public var missingIssuer: String?
        /// OpenSSL's verdict for the finished chain; nil when it verified.
        public var verificationError: String?
        public var trustStore: String
        /// The file written, nil when nothing was (printed instead, or refused).
        public var outputPath: String?
        /// Leaf and intermediates as PEM: what to upload.
        public var pem: String

        public var ok: Bool { complete && verificationError == nil }
        /// Every reason it is not complete is a failed download over the network: the check could not run.
        public var blockedByNetwork: Bool { !complete && !downloads.isEmpty && downloads.allSatisfy(\.networkFailure) }
        /// Written ⇒ ok; kept from completing only by the network ⇒ could not check; else (incomplete, does not
        /// verify) a problem.
        public var status: CheckStatus { ok ? .ok : (blockedByNetwork ? .error : .problem) }
    }
}
