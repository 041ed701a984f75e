// Locates the committed fixtures through #filePath (no resources: Package.swift stays as it is).
import Foundation

enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// Expected values computed by scripts/fixtures/token/make-fixtures.py with josepy, acme and jwcrypto.
    struct Expected: Decodable {
        struct Key: Decodable {
            let jwk: [String: String]
            let thumbprint: String
            let source: String
            let xLeadingZero: Bool?
            let yLeadingZero: Bool?
            let challenges: [Challenge]
        }

        struct Challenge: Decodable {
            let token: String
            let keyAuthorization: String
            let dnsValue: String
            let httpPath: String
            let dnsName: String
        }

        struct CSR: Decodable {
            let md5: String
            let sha256: String
            let commonName: String?
            let dnsNames: [String]?
        }

        let keys: [String: Key]
        let csr: [String: CSR]
    }

    static let expected: Expected = {
        // A missing or broken fixture file is a broken checkout: fail loudly.
        try! JSONDecoder().decode(Expected.self, from: Data(contentsOf: directory.appendingPathComponent("expected.json")))
    }()

    /// Creates a fresh temporary directory for one test.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "dvtool-token-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
