import DVCrypto

/// Java keystores (JKS, magic 0xFEEDFEED, and JCEKS, 0xCECECECE) read in Swift.
///
/// Why a reader of our own: nothing on Debian or in the Swift ecosystem reads them (OpenSSL does not; Java's
/// `keytool` needs a Java runtime, which the machines that receive a .jks for nginx rarely have). The format is
/// small and fixed by OpenJDK's sources (sun.security.provider.JavaKeyStore, com.sun.crypto.provider.JceKeyStore):
/// a count of entries, each a private key (encrypted PKCS#8 and its certificate chain) or a trusted certificate,
/// then SHA-1 over (password as UTF-16BE, "Mighty Aphrodite", the body). JKS protects keys with Sun's SHA-1 XOR
/// scheme (OID 1.3.6.1.4.1.42.2.17.1.1), JCEKS with PBEWithMD5AndTripleDES (1.3.6.1.4.1.42.2.19.1). The key
/// password is taken to be the store password, as keytool sets it unless told otherwise.
enum JavaKeyStore {
    enum Kind: Sendable {
        case jks, jceks

        var name: String { self == .jks ? "Java KeyStore (JKS)" : "Java JCEKS keystore" }
        var format: PKIFileFormat { self == .jks ? .jks : .jceks }
    }

    static func kind(of bytes: [UInt8]) -> Kind? {
        if bytes.starts(with: [0xFE, 0xED, 0xFE, 0xED]) { return .jks }
        if bytes.starts(with: [0xCE, 0xCE, 0xCE, 0xCE]) { return .jceks }
        return nil
    }

    private static let sunKeyProtector: [UInt8] = [0x2B, 0x06, 0x01, 0x04, 0x01, 0x2A, 0x02, 0x11, 0x01, 0x01]
    private static let pbeWithMD5AndTripleDES: [UInt8] = [0x2B, 0x06, 0x01, 0x04, 0x01, 0x2A, 0x02, 0x13, 0x01]

    static func read(_ bytes: [UInt8], kind: Kind, password: String?, path: String) throws(PKIFileError) -> PKIFile {
        guard let password, !password.isEmpty else {
            throw PKIFileError(.passwordRequired, "\(path) is a \(kind.name): give its store password (--password-file FILE, --password-env NAME, or at the prompt)")
        }
        let damaged = PKIFileError(.malformed, "\(path): damaged \(kind.name) (it ends too early or a length is wrong)")
        var reader = ByteReader(bytes)
        guard let version = reader.uint32(at: 4), version == 1 || version == 2, bytes.count >= 32 else {
            throw PKIFileError(.malformed, "\(path): \(kind.name) of an unknown version")
        }
        reader.skip(8)
        guard let count = reader.uint32() else { throw damaged }
        var file = PKIFile(path: path, format: kind.format)
        let passwordUTF16 = password.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        var protectedKeys: [(alias: String, encrypted: [UInt8], chain: [[UInt8]])] = []
        var trusted: [(alias: String, der: [UInt8])] = []
        for _ in 0..<count {
            guard let tag = reader.uint32(), let alias = reader.utf(), reader.skip(8) else { throw damaged }
            switch tag {
            case 1:
                guard let encrypted = reader.block(), let chainLength = reader.uint32() else { throw damaged }
                var chain: [[UInt8]] = []
                for _ in 0..<chainLength {
                    guard let der = reader.certificate(version: version) else { throw damaged }
                    chain.append(der)
                }
                protectedKeys.append((alias, encrypted, chain))
            case 2:
                guard let der = reader.certificate(version: version) else { throw damaged }
                trusted.append((alias, der))
            case 3:
                throw PKIFileError(.unsupported, "\(path): alias '\(alias)' is a secret-key entry (a serialized Java object), which dvtool cannot read; export the certificate entries with keytool")
            default:
                throw damaged
            }
        }
        let body = reader.consumed
        guard let stored = reader.take(20), reader.isAtEnd else { throw damaged }
        let expected = try digest(Digest.sha1(passwordUTF16 + Array("Mighty Aphrodite".utf8) + bytes[0..<body]))
        guard expected == stored else {
            throw PKIFileError(.wrongPassword, "\(path): wrong keystore password (the \(kind.name)'s integrity check failed)")
        }
        for entry in protectedKeys {
            for der in entry.chain { try file.add(der, alias: entry.alias) }
            guard let pkcs8 = try decryptKey(entry.encrypted, password: password, passwordUTF16: passwordUTF16),
                  let key = X509Reader.derPrivateKey(pkcs8, encoding: kind == .jks ? "JKS" : "JCEKS", wasEncrypted: true, alias: entry.alias) else {
                throw PKIFileError(.wrongPassword, "\(path): the key of alias '\(entry.alias)' does not open with the store password (keytool allows a separate key password: give that one, or set it equal with keytool -keypasswd)")
            }
            file.keys.append(key)
        }
        // Trusted entries after the keys' chains: each chain stays in order, leaf first.
        for entry in trusted { try file.add(entry.der, alias: entry.alias) }
        return file
    }

    private static func digest(_ result: @autoclosure () throws(CryptoError) -> [UInt8]) throws(PKIFileError) -> [UInt8] {
        do { return try result() } catch { throw PKIFileError(.unsupported, "OpenSSL cannot compute the keystore's digests: \(error.description)") }
    }

    /// The PKCS#8 PrivateKeyInfo inside an entry's EncryptedPrivateKeyInfo; nil when the password does not open it.
    private static func decryptKey(_ der: [UInt8], password: String, passwordUTF16: [UInt8]) throws(PKIFileError) -> [UInt8]? {
        var outer = DERReader(der)
        guard let sequence = outer.read(0x30) else { return nil }
        var info = DERReader(sequence)
        guard let algorithm = info.read(0x30), let data = info.read(0x04) else { return nil }
        var identifier = DERReader(algorithm)
        guard let oid = identifier.read(0x06) else { return nil }
        if oid == sunKeyProtector {
            return try sunKeyProtectorDecrypt(data, password: passwordUTF16)
        }
        if oid == pbeWithMD5AndTripleDES, let parameters = identifier.read(0x30) {
            var fields = DERReader(parameters)
            guard let salt = fields.read(0x04), salt.count == 8, let iterations = fields.readInteger(), iterations > 0 else { return nil }
            return try tripleDESDecrypt(data, salt: salt, iterations: iterations, password: password)
        }
        return nil
    }

    /// Sun's KeyProtector: data = salt(20) | key XOR keystream | SHA-1(password | key); the keystream is
    /// SHA-1(password | previous block), starting from the salt.
    private static func sunKeyProtectorDecrypt(_ data: [UInt8], password: [UInt8]) throws(PKIFileError) -> [UInt8]? {
        guard data.count > 40 else { return nil }
        let salt = Array(data.prefix(20)), check = Array(data.suffix(20))
        let encrypted = Array(data[20..<(data.count - 20)])
        var stream: [UInt8] = [], block = salt
        while stream.count < encrypted.count {
            block = try digest(Digest.sha1(password + block))
            stream += block
        }
        let key = zip(encrypted, stream).map { $0 ^ $1 }
        return try digest(Digest.sha1(password + key)) == check ? key : nil
    }

    /// PBEWithMD5AndTripleDES (com.sun.crypto.provider.PBES1Core): each salt half is hashed with the ASCII
    /// password `iterations` times with MD5; the two digests are the 3DES key (24 bytes) and the IV (8).
    private static func tripleDESDecrypt(_ data: [UInt8], salt: [UInt8], iterations: Int, password: String) throws(PKIFileError) -> [UInt8]? {
        let passwordBytes = password.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value & 0x7F) }
        var halves = [Array(salt[0..<4]), Array(salt[4..<8])]
        if halves[0] == halves[1] {
            // What the JDK does when the halves are equal ("invert" in its comment; its loop has a typo that gives this).
            halves[0] = [halves[0][3], halves[0][0], halves[0][1], halves[0][3]]
        }
        var derived: [UInt8] = []
        for half in halves {
            var value = half
            for _ in 0..<iterations { value = try digest(Digest.md5(value + passwordBytes)) }
            derived += value
        }
        do {
            return try LegacyCipher.tripleDESCBCDecrypt(key: Array(derived.prefix(24)), iv: Array(derived.suffix(8)), data: data)
        } catch {
            throw PKIFileError(.unsupported, "OpenSSL cannot decrypt the JCEKS key: \(error.description)")
        }
    }
}

/// Big-endian fields of Java's DataOutputStream.
private struct ByteReader {
    private let bytes: [UInt8]
    private(set) var consumed = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { consumed == bytes.count }

    func uint32(at offset: Int) -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        return bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func uint32() -> UInt32? {
        guard let value = uint32(at: consumed) else { return nil }
        consumed += 4
        return value
    }

    @discardableResult
    mutating func skip(_ count: Int) -> Bool {
        guard consumed + count <= bytes.count else { return false }
        consumed += count
        return true
    }

    mutating func take(_ count: Int) -> [UInt8]? {
        guard count >= 0, consumed + count <= bytes.count else { return nil }
        defer { consumed += count }
        return Array(bytes[consumed..<consumed + count])
    }

    /// writeUTF: a 2-byte length, then (modified) UTF-8.
    mutating func utf() -> String? {
        guard let high = take(2), let text = take(Int(high[0]) << 8 | Int(high[1])) else { return nil }
        return String(decoding: text, as: UTF8.self)
    }

    /// A 4-byte length, then that many bytes.
    mutating func block() -> [UInt8]? {
        guard let length = uint32(), length < 1 << 24 else { return nil }
        return take(Int(length))
    }

    /// Version 2 names the certificate type ("X.509") before the DER.
    mutating func certificate(version: UInt32) -> [UInt8]? {
        if version == 2 { guard utf() != nil else { return nil } }
        return block()
    }
}
