import DVReport
import DVTLS
import Foundation
import Testing

/// `cert check` logic on the generated test PKI (scripts/test-pki).
@Suite struct CertificateFileTests {
    init() { TestEnvironment.requirePKI() }

    func pki(_ name: String) -> String { TestEnvironment.pki(name) }

    var trust: TrustStore { get throws { try TrustStore.file(pki("root.crt")) } }

    func run(cert: String, key: String? = nil, chain: String? = nil, password: String? = nil,
             domains: [String] = [], at moment: TestMoment = .middle, of reference: String = "valid.crt") throws -> CertificateFileCheck.Report {
        var check = try fileCheck(cert, at: moment, of: reference)
        check.keyPath = key.map(pki)
        check.chainPath = chain.map(pki)
        check.domains = domains
        return try check.run(trust: trust, password: password)
    }

    /// The check of `cert` at `moment` of `reference`'s validity.
    func fileCheck(_ cert: String, at moment: TestMoment = .middle, of reference: String = "valid.crt") throws -> CertificateFileCheck {
        var check = CertificateFileCheck(certificatePath: pki(cert))
        check.now = try moment.date(for: reference)
        return check
    }

    func item(_ report: CertificateFileCheck.Report, _ id: String) -> CheckItem? { report.items.first { $0.id == id } }

    @Test func validFullChainWithKeyHasNoProblem() throws {
        let report = try run(cert: "valid.fullchain.pem", key: "valid.key", domains: ["valid.tls.example.test", "www.valid.tls.example.test"])
        #expect(!report.hasProblem, "\(report.items.filter { $0.verdict == .problem })")
        #expect(report.format == .pem)
        #expect(report.certificates.count == 2)
        #expect(item(report, "key-match")?.verdict == .ok)
        #expect(item(report, "chain-order")?.verdict == .ok)
        #expect(item(report, "chain-complete")?.verdict == .ok)
        #expect(item(report, "chain-trust")?.verdict == .ok)
        #expect(item(report, "validity")?.verdict == .ok)
        #expect(item(report, "key-permissions")?.verdict == .ok)
    }

    @Test func certificateAndChainInSeparateFiles() throws {
        let report = try run(cert: "valid.crt", key: "valid.key", chain: "intermediate.crt")
        #expect(!report.hasProblem)
    }

    @Test func mismatchedKey() throws {
        let report = try run(cert: "valid.fullchain.pem", key: "mismatch.key")
        #expect(item(report, "key-match")?.verdict == .problem)
        #expect(item(report, "key-match")?.detail.contains("does not belong") == true)
    }

    @Test(arguments: ["ec", "ed25519", "wildcard", "idn"])
    func keyAlgorithmsMatch(name: String) throws {
        let report = try run(cert: "\(name).fullchain.pem", key: "\(name).key")
        #expect(item(report, "key-match")?.verdict == .ok)
        #expect(!report.hasProblem)
    }

    @Test func traditionalRSAKey() throws {
        let report = try run(cert: "valid.crt", key: "valid.rsa-traditional.key", chain: "intermediate.crt")
        #expect(item(report, "key-match")?.verdict == .ok)
        #expect(item(report, "key-format")?.detail.contains("PKCS#1") == true)
    }

    @Test func expiredAndNotYetValid() throws {
        let expired = try run(cert: "expired.fullchain.pem", at: .afterExpiry, of: "expired.crt")
        #expect(item(expired, "validity")?.verdict == .problem)
        #expect(item(expired, "validity")?.detail.contains("expired on 2021-01-01") == true)
        let notYet = try run(cert: "notyet.fullchain.pem", at: .beforeStart, of: "notyet.crt")
        #expect(item(notYet, "validity")?.verdict == .problem)
        #expect(item(notYet, "validity")?.detail.contains("not valid before 2035-01-01") == true)
    }

    @Test func expiresSoonIsAWarning() throws {
        let report = try run(cert: "short.fullchain.pem", of: "short.crt")
        #expect(item(report, "validity")?.verdict == .warning)
        #expect(!report.hasProblem)
    }

    @Test func weakKeyAndSHA1() throws {
        #expect(item(try run(cert: "rsa1024.fullchain.pem"), "key-strength")?.verdict == .problem)
        let sha1 = try run(cert: "sha1.fullchain.pem")
        #expect(item(sha1, "signature")?.verdict == .problem)
        #expect(item(sha1, "signature")?.detail.contains("sha1") == true)
        #expect(item(try run(cert: "valid.fullchain.pem"), "signature")?.verdict == .ok)
    }

    @Test func missingIntermediateNamesTheIssuer() throws {
        let report = try run(cert: "valid.leaf-only.pem")
        let complete = try #require(item(report, "chain-complete"))
        #expect(complete.verdict == .problem)
        #expect(complete.detail.contains("missing intermediate"))
        #expect(complete.detail.contains("dvtool Test Intermediate CA"))
    }

    @Test func wrongOrderAndIncludedRoot() throws {
        let wrong = try run(cert: "valid.wrong-order.pem", key: "valid.key")
        #expect(item(wrong, "chain-order")?.verdict == .problem)
        #expect(item(wrong, "chain-root")?.verdict == .warning)
        let reversed = try run(cert: "valid.reversed.pem", key: "valid.key")
        #expect(item(reversed, "chain-order")?.verdict == .problem)
        #expect(item(reversed, "chain-order")?.detail.contains("not the first") == true)
        let rooted = try run(cert: "valid.root-included.pem", key: "valid.key")
        #expect(item(rooted, "chain-order")?.verdict == .ok)
        #expect(item(rooted, "chain-root")?.verdict == .warning)
        #expect(item(rooted, "chain-root")?.detail.contains("mutual TLS") == true)
        #expect(!rooted.hasProblem)
    }

    @Test func untrustedRootWithOtherCAFile() throws {
        let report = try fileCheck("valid.fullchain.pem").run(trust: try TrustStore.file(pki("other-root.crt")))
        #expect(item(report, "chain-complete")?.verdict == .problem)
        #expect(item(report, "chain-trust")?.verdict == .problem)
    }

    @Test func selfSigned() throws {
        let report = try run(cert: "selfsigned.crt", key: "selfsigned.key")
        #expect(item(report, "chain-complete")?.verdict == .problem)
        #expect(item(report, "chain-complete")?.detail.contains("self-signed") == true)
    }

    @Test func domainCoverage() throws {
        let report = try run(cert: "wildcard.fullchain.pem",
                             domains: ["a.wild.tls.example.test", "wild.tls.example.test", "a.b.wild.tls.example.test"])
        let domains = report.items.filter { $0.id == "domain" }.map(\.verdict)
        #expect(domains == [.ok, .problem, .problem])
        let idn = try run(cert: "idn.fullchain.pem", domains: ["xn--bcher-kva.tls.example.test"])
        #expect(idn.items.first { $0.id == "domain" }?.verdict == .ok)
        let wrong = try run(cert: "wrongname.fullchain.pem", domains: ["valid.tls.example.test"])
        #expect(wrong.items.first { $0.id == "domain" }?.verdict == .problem)
    }

    @Test func derAndPKCS12() throws {
        let der = try run(cert: "valid.der", chain: "intermediate.crt")
        #expect(der.format == .der)
        #expect(item(der, "format")?.verdict == .warning)
        let pfx = try run(cert: "valid.p12", password: "changeit")
        #expect(pfx.format == .pkcs12)
        #expect(pfx.certificates.count == 2)
        #expect(item(pfx, "key-match")?.verdict == .ok)
        #expect(!pfx.hasProblem)
    }

    @Test func encryptedKey() throws {
        let locked = try run(cert: "valid.fullchain.pem", key: "valid.encrypted.key")
        let encrypted = try #require(item(locked, "key-encrypted"))
        #expect(encrypted.verdict == .problem)
        #expect(encrypted.fix?.contains("openssl pkey -in") == true)
        #expect(item(locked, "key-match")?.verdict == .couldNotCheck)
        let opened = try run(cert: "valid.fullchain.pem", key: "valid.encrypted.key", password: "secret")
        #expect(item(opened, "key-encrypted")?.verdict == .warning)
        #expect(item(opened, "key-match")?.verdict == .ok)
    }

    @Test func badInputs() throws {
        func failure(_ cert: String, key: String? = nil, password: String? = nil) -> PKIFileError? {
            do { _ = try run(cert: cert, key: key, password: password); return nil } catch let error as PKIFileError { return error } catch { return nil }
        }
        #expect(failure("nope.pem")?.kind == .notFound)
        #expect(failure("garbage.pem")?.kind == .notPKI)
        #expect(failure("valid.key")?.description.contains("holds a private key, not a certificate") == true)
        #expect(failure("valid.crt", key: "valid.crt")?.description.contains("holds a certificate, not a private key") == true)
        #expect(failure("valid.p12")?.kind == .passwordRequired)
        #expect(failure("valid.p12", password: "wrong")?.kind == .wrongPassword)
        #expect(failure("valid.crt", key: "valid.encrypted.key", password: "wrong")?.kind == .wrongPassword)
    }

    @Test func javaKeyStoreNeedsItsPasswordAndRefusesTruncation() throws {
        let header: [UInt8] = [0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2]
        let locked = #expect(throws: PKIFileError.self) { _ = try PKIFile.parse(bytes: header, path: "store.jks") }
        #expect(locked?.kind == .passwordRequired)
        #expect(locked?.description.contains("--password-file") == true)
        let truncated = #expect(throws: PKIFileError.self) { _ = try PKIFile.parse(bytes: header + [0, 0, 0, 1], path: "store.jks", password: "changeit") }
        #expect(truncated?.kind == .malformed)
    }

    @Test func keyPermissions() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dvtool-perm-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("open.key").path
        try FileManager.default.copyItem(atPath: pki("valid.key"), toPath: key)
        chmod(key, 0o644)
        var check = try fileCheck("valid.fullchain.pem")
        check.keyPath = key
        let report = try check.run(trust: trust)
        let permissions = try #require(report.items.first { $0.id == "key-permissions" })
        #expect(permissions.verdict == .problem)
        #expect(permissions.detail.contains("644"))
        // nobody cannot read a 600 root-owned key.
        chmod(key, 0o600)
        check.serverUser = "nobody"
        let closed = try check.run(trust: trust)
        #expect(closed.items.first { $0.id == "server-access" }?.verdict == .problem)
        var unknownUser = CertificateFileCheck(certificatePath: pki("valid.crt"))
        unknownUser.serverUser = "no-such-user-dvtool"
        #expect(throws: PKIFileError.self) { _ = try unknownUser.run(trust: nil) }
    }
}
