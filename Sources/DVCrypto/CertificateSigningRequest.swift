// CertificateSigningRequest: a PKCS#10 CSR read through OpenSSL, kept as Swift values.

/// A certificate signing request whose self-signature verifies.
public struct CertificateSigningRequest: Sendable, Equatable {
    /// The DER encoding, as `openssl req -outform DER` writes it: what CAs such as Sectigo hash.
    public let der: [UInt8]
    /// The subject's commonName, if any.
    public let commonName: String?
    /// The dNSName entries of the subjectAltName extension, in order.
    public let dnsNames: [String]

    /// Reads a CSR.
    /// - Parameter pemOrDER: a PEM file (`CERTIFICATE REQUEST` or `NEW CERTIFICATE REQUEST`) or raw DER.
    /// - Throws: `CryptoError.Code.malformedCSR` when it does not parse, has trailing bytes (DER), or its
    ///   signature does not verify with its own public key.
    public init(pemOrDER: some Collection<UInt8>) throws(CryptoError) {
        let bytes = Array(pemOrDER)
        guard !bytes.isEmpty else { throw CryptoError(.malformedCSR, "the CSR file is empty") }
        let parsed = try OpenSSLCSRReader.read(bytes)
        der = parsed.der
        commonName = parsed.commonName
        dnsNames = parsed.dnsNames
    }

    /// The names the certificate would be for: SAN dNSNames, else the commonName; lower-cased, no duplicates.
    public var names: [String] {
        var seen = Set<String>()
        let all = dnsNames.isEmpty ? (commonName.map { [$0] } ?? []) : dnsNames
        return all.map { $0.lowercased() }.filter { seen.insert($0).inserted }
    }
}
