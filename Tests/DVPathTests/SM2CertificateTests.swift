import DVTestSupport
import Foundation
@testable import DVTLS
import Testing

/// An SM2 certificate made by OpenSSL 3 (`genpkey -algorithm SM2`, `req -x509 -sm3`) is named as SM2, not ECDSA.
@Suite struct SM2CertificateTests {
    @Test func anSM2CertificateIsNamedWithTheBrowserNote() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-sm2-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("sm2.key").path, certificate = directory.appendingPathComponent("sm2.crt").path
        #expect(system("openssl genpkey -algorithm SM2 -out '\(key)' 2>/dev/null") == 0)
        #expect(system("openssl req -x509 -key '\(key)' -sm3 -sigopt distid:1234567812345678 -subj /CN=sm2.example.test "
                       + "-addext subjectAltName=DNS:sm2.example.test -days 30 -out '\(certificate)' 2>/dev/null") == 0)

        let leaf = try #require(try PKIFile.read(path: certificate).certificates.first)
        #expect(leaf.isSM2)
        let sm2 = try #require(CertificateAnalysis.strength([leaf], leafIndex: 0).first { $0.id == "sm2" })
        #expect(sm2.verdict == .warning)
        #expect(sm2.detail.contains("1.2.156.10197.1.301") && sm2.detail.contains("1.2.156.10197.1.501"))
        #expect(sm2.fix?.contains("RSA or ECDSA") == true)

        let text = try CLI.run(["cert", "check", "--cert", certificate, "--ca-file", certificate])
        #expect(text.stdout.contains("SM2 (ShangMi)"))
        #expect(text.stdout.contains("verifies against"), "OpenSSL 3 verifies the SM2 signature: \(text.stdout)")
    }

    @Test func anECDSACertificateIsNotSM2() throws {
        let leaf = try #require(try PKIFile.read(path: "/tmp/dvtool-pki/ec.crt").certificates.first)
        #expect(!leaf.isSM2)
        #expect(!CertificateAnalysis.strength([leaf], leafIndex: 0).contains { $0.id == "sm2" })
    }
}
