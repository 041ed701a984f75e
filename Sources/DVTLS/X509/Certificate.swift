import FoundationEssentials

/// An X.509 certificate as plain Swift values (read through OpenSSL, which is then done with it).
public struct Certificate: Sendable, Equatable, Codable {
    /// Subject and issuer in RFC 2253 form ("CN=www.example.com,O=Example").
    public var subject: String
    public var issuer: String
    public var commonName: String?
    /// dNSName entries of subjectAltName, as written in the certificate.
    public var dnsNames: [String]
    public var ipAddresses: [String]
    public var hasSubjectAltName: Bool
    public var serialNumber: String
    public var notBefore: Date
    public var notAfter: Date
    public var publicKey: PublicKeyInfo
    /// e.g. "sha256WithRSAEncryption", "ecdsa-with-SHA256", "ED25519".
    public var signatureAlgorithm: String
    /// The signature's hash: "SHA256", "SHA1", ... (nil for Ed25519/Ed448).
    public var signatureHash: String?
    public var isCA: Bool
    /// Subject equals issuer and the certificate verifies with its own key.
    public var isSelfSigned: Bool
    /// SHA-256 over the DER, uppercase hex with colons.
    public var sha256Fingerprint: String
    /// Where the issuer's certificate can be downloaded (Authority Information Access, caIssuers; http:// as a rule).
    public var caIssuersURLs: [String]
    public var der: [UInt8]

    /// The most useful one-line name: the CN, else the subject.
    public var displayName: String { commonName ?? subject }

    /// SM2 (ShangMi): the key is on curve SM2 (1.2.156.10197.1.301; its algorithm is still id-ecPublicKey, so the
    /// algorithm alone reads as ECDSA) or the signature is SM3withSM2 (1.2.156.10197.1.501). OpenSSL 3 reads
    /// and verifies these; browsers do not accept them.
    public var isSM2: Bool {
        publicKey.algorithm == "SM2" || publicKey.curve == "SM2" || signatureAlgorithm == "SM2-with-SM3"
    }

    /// Names a TLS client matches: the SAN dNSNames; only without any SAN, the CN (legacy).
    public var coveredNames: [String] {
        if hasSubjectAltName { return dnsNames }
        return commonName.map { [$0] } ?? []
    }

    /// Every field but the DER; dates as the encoder writes them (`JSONOutput`: ISO 8601).
    private enum CodingKeys: String, CodingKey {
        case subject, issuer, commonName, dnsNames, ipAddresses, hasSubjectAltName, serialNumber, notBefore, notAfter,
             publicKey, signatureAlgorithm, signatureHash, isCA, isSelfSigned, sha256Fingerprint, caIssuersURLs
    }

    init(subject: String, issuer: String, commonName: String?, dnsNames: [String], ipAddresses: [String],
         hasSubjectAltName: Bool, serialNumber: String, notBefore: Date, notAfter: Date, publicKey: PublicKeyInfo,
         signatureAlgorithm: String, signatureHash: String?, isCA: Bool, isSelfSigned: Bool,
         sha256Fingerprint: String, caIssuersURLs: [String], der: [UInt8]) {
        self.subject = subject
        self.issuer = issuer
        self.commonName = commonName
        self.dnsNames = dnsNames
        self.ipAddresses = ipAddresses
        self.hasSubjectAltName = hasSubjectAltName
        self.serialNumber = serialNumber
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.publicKey = publicKey
        self.signatureAlgorithm = signatureAlgorithm
        self.signatureHash = signatureHash
        self.isCA = isCA
        self.isSelfSigned = isSelfSigned
        self.sha256Fingerprint = sha256Fingerprint
        self.caIssuersURLs = caIssuersURLs
        self.der = der
    }

    /// A certificate read back from a report's JSON (presentation goldens): every field but the DER, which the JSON
    /// leaves out, so `der` is empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(subject: try container.decode(String.self, forKey: .subject), issuer: try container.decode(String.self, forKey: .issuer),
                  commonName: try container.decodeIfPresent(String.self, forKey: .commonName),
                  dnsNames: try container.decode([String].self, forKey: .dnsNames), ipAddresses: try container.decode([String].self, forKey: .ipAddresses),
                  hasSubjectAltName: try container.decode(Bool.self, forKey: .hasSubjectAltName),
                  serialNumber: try container.decode(String.self, forKey: .serialNumber),
                  notBefore: try container.decode(Date.self, forKey: .notBefore), notAfter: try container.decode(Date.self, forKey: .notAfter),
                  publicKey: try container.decode(PublicKeyInfo.self, forKey: .publicKey),
                  signatureAlgorithm: try container.decode(String.self, forKey: .signatureAlgorithm),
                  signatureHash: try container.decodeIfPresent(String.self, forKey: .signatureHash),
                  isCA: try container.decode(Bool.self, forKey: .isCA), isSelfSigned: try container.decode(Bool.self, forKey: .isSelfSigned),
                  sha256Fingerprint: try container.decode(String.self, forKey: .sha256Fingerprint),
                  caIssuersURLs: try container.decode([String].self, forKey: .caIssuersURLs), der: [])
    }

    /// Parses one DER-encoded certificate.
    public init(der: [UInt8]) throws(PKIFileError) {
        self = try X509Reader.certificate(der: der)
    }
}

/// A public key's algorithm and size, plus its SubjectPublicKeyInfo for comparing keys of any algorithm.
public struct PublicKeyInfo: Sendable, Equatable, Codable {
    /// "RSA", "EC", "Ed25519", "Ed448", "DSA" or OpenSSL's name for others.
    public var algorithm: String
    public var bits: Int
    /// EC group name ("prime256v1"), nil otherwise.
    public var curve: String?
    /// SHA-256 of the DER SubjectPublicKeyInfo, hex: equal for a certificate and its private key.
    public var spkiSHA256: String

    public var description: String {
        switch algorithm {
        case "RSA", "DSA": "\(algorithm) \(bits)"
        case "EC": "EC \(curve ?? "\(bits) bits")"
        default: algorithm
        }
    }

    /// RSA/DSA under 2048 bits or EC under 256 bits.
    public var isWeak: Bool {
        switch algorithm {
        case "RSA", "DSA": bits < 2048
        case "EC": bits < 256
        default: false
        }
    }
}

/// A private key read from a file (its private part freed at once).
public struct PrivateKeyInfo: Sendable, Equatable, Codable {
    public var publicKey: PublicKeyInfo
    /// The file held it encrypted (decrypted here with the password given).
    public var wasEncrypted: Bool
    /// "PKCS#8", "PKCS#1 (RSA)", "SEC 1 (EC)", "DER", "PKCS#12".
    public var encoding: String
}
