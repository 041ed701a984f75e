import DVCrypto
import FoundationEssentials

/// The files a token subcommand reads, an ACME account key and a CSR: small, read in full, refused in one line
/// that names the file (OpenSSL's own words kept in `detail`).
public enum TokenInputFile {
    public static func accountKey(_ path: String) throws(TokenError) -> PrivateKey {
        let bytes = try read(path, what: "key file")
        do { return try PrivateKey(pem: bytes) } catch { throw TokenError(.crypto, "\(path): \(error.description)", detail: error.detail) }
    }

    public static func signingRequest(_ path: String) throws(TokenError) -> CertificateSigningRequest {
        let bytes = try read(path, what: "CSR")
        do { return try CertificateSigningRequest(pemOrDER: bytes) } catch {
            throw TokenError(.crypto, "\(path): \(error.description)", detail: error.detail)
        }
    }

    static func read(_ path: String, what: String) throws(TokenError) -> [UInt8] {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw TokenError(.invalidValue, "cannot read the \(what) \(path): \(FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")")
        }
        if let size = attributes[.size] as? Int, size > 1 << 20 {
            throw TokenError(.invalidValue, "the \(what) \(path) is \(size) bytes; a \(what) is a few kilobytes")
        }
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)) else { throw TokenError(.invalidValue, "cannot read the \(what) \(path)") }
        return Array(data)
    }
}
