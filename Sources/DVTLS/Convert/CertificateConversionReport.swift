import DVReport

extension CertificateConversion {
    /// What one input file held.
    public struct Input: Sendable, Encodable {
        public var path: String
        public var format: PKIFileFormat
        public var certificates: Int
        public var privateKeys: Int
        public var aliases: [String]
    }

    /// The private key written, described by its public half (the key itself is in key.pem only).
    public struct KeySummary: Sendable, Encodable {
        public var publicKey: PublicKeyInfo
        public var alias: String?
        /// How the input held it: "PKCS#8", "PKCS#1 (RSA)", "PKCS#12", "JKS", ...
        public var encoding: String
        public var wasEncrypted: Bool
    }

    public struct OutputFile: Sendable, Encodable {
        public var path: String
        /// "cert", "chain", "fullchain" or "key".
        public var role: String
        public var certificates: Int
        /// Octal, e.g. "600".
        public var mode: String
    }

    public struct Report: Sendable, Encodable {
        public var inputs: [Input]
        public var leaf: Certificate?
        public var leafAlias: String?
        public var key: KeySummary?
        public var intermediates: [Certificate]
        /// The self-signed root that was found and left out.
        public var droppedRoot: Certificate?
        /// Certificates that are not on the leaf's chain (not written).
        public var unrelated: [Certificate]
        /// The chain reaches a root, given or in the trust store: false when an intermediate is missing.
        public var chainComplete: Bool
        /// The issuer of the topmost certificate when that issuer was not among the inputs.
        public var missingIssuer: String?
        /// The command that completes the chain, when it is incomplete.
        public var bundleCommand: String?
        public var outputDirectory: String
        public var files: [OutputFile]
        public var warnings: [String]

        /// The files are written either way; a missing intermediate is the problem (`cert bundle` completes it).
        public var status: CheckStatus { chainComplete ? .ok : .problem }
    }
}
