import DVTLS
import DVTestSupport
import Foundation
import Testing

/// `dvtool cert convert|bundle|check --for` on a PKI made in the test (root → intermediate → leaf whose AIA
/// caIssuers URL points at a loopback server the test runs), with containers made by openssl and keytool.
/// Every output is checked with `openssl verify` and by fingerprint against the files it came from.
@Suite(.serialized) struct CertConvertTests {
    let server: LoopbackHTTPServer
    let ca: TestCA

    init() throws {
        server = try LoopbackHTTPServer()
        // Two redirects before the certificate: the bundle follows up to three.
        ca = try TestCA(aiaURL: server.base + "/redirect/2/int.der")
        server.set("/int.der", try Array(Data(contentsOf: URL(fileURLWithPath: ca.path("int.der")))))
        try TestCA.password.write(toFile: ca.path("password.txt"), atomically: true, encoding: .utf8)
    }

    func cleanUp() {
        server.stop()
        ca.remove()
    }

    func dvtool(_ arguments: [String], environment: [String: String] = [:]) throws -> CLI.Result {
        try CLI.run(arguments, environment: environment)
    }

    func convert(_ inputs: [String], into name: String, extra: [String] = []) throws -> CLI.Result {
        try dvtool(["cert", "convert"] + inputs.map(ca.path) + ["--out", ca.path(name), "--password-file", ca.path("password.txt"),
                                                              "--ca-file", ca.path("root.crt")] + extra)
    }

    /// The four files are right: verify, same leaf, intermediate and key as the originals, key unencrypted and 600.
    func expectConverted(_ name: String, _ result: CLI.Result, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(result.status == 0, "\(name): \(result.stdout)\(result.stderr)", sourceLocation: sourceLocation)
        let directory = ca.path(name)
        let verified = try ca.verify(certificate: directory + "/cert.pem", untrusted: directory + "/chain.pem")
        #expect(verified.contains("cert.pem: OK"), "\(name): \(verified)", sourceLocation: sourceLocation)
        #expect(try ca.fingerprint(directory + "/cert.pem") == ca.fingerprint(ca.path("leaf.crt")), "\(name)", sourceLocation: sourceLocation)
        #expect(try ca.fingerprint(directory + "/chain.pem") == ca.fingerprint(ca.path("int.crt")), "\(name)", sourceLocation: sourceLocation)
        let full = try String(contentsOfFile: directory + "/fullchain.pem", encoding: .utf8)
        #expect(full.components(separatedBy: "BEGIN CERTIFICATE").count == 3, "\(name): leaf and intermediate, no root", sourceLocation: sourceLocation)
        #expect(try ca.fingerprint(directory + "/fullchain.pem") == ca.fingerprint(ca.path("leaf.crt")), "\(name): leaf first", sourceLocation: sourceLocation)
        let key = try String(contentsOfFile: directory + "/key.pem", encoding: .utf8)
        #expect(key.hasPrefix("-----BEGIN PRIVATE KEY-----"), "\(name): unencrypted PKCS#8", sourceLocation: sourceLocation)
        #expect(try ca.publicKey(directory + "/key.pem") == ca.publicKey(ca.path("leaf.key")), "\(name): the leaf's key", sourceLocation: sourceLocation)
        let mode = try FileManager.default.attributesOfItem(atPath: directory + "/key.pem")[.posixPermissions] as? Int
        #expect(mode == 0o600, "\(name): key.pem mode \(String(mode ?? 0, radix: 8))", sourceLocation: sourceLocation)
        #expect(!(result.stdout + result.stderr).contains(TestCA.password), "\(name): the password was printed", sourceLocation: sourceLocation)
        #expect(!(result.stdout + result.stderr).contains("PRIVATE KEY"), "\(name): key material was printed", sourceLocation: sourceLocation)
    }

    func makePFX(_ name: String, legacy: Bool = false, certificates: String = "fullchain.pem", key: String = "leaf.key", alias: String = "site") throws {
        try ca.run(["openssl", "pkcs12", "-export", "-in", certificates, "-inkey", key, "-name", alias,
                    "-passout", "pass:\(TestCA.password)", "-out", name] + (legacy ? ["-legacy"] : []))
    }

    func keytoolImport(_ source: String, into store: String, type: String, alias: String? = nil) throws {
        try ca.run(["keytool", "-importkeystore", "-noprompt", "-srckeystore", source, "-srcstoretype", "PKCS12",
                    "-srcstorepass", TestCA.password, "-destkeystore", store, "-deststoretype", type,
                    "-deststorepass", TestCA.password, "-destkeypass", TestCA.password]
                   + (alias.map { ["-srcalias", "site", "-destalias", $0] } ?? []))
    }

    @Test func everyFormatConvertsToVerifiedPEM() throws {
        defer { cleanUp() }
        try makePFX("modern.pfx")
        try makePFX("legacy.pfx", legacy: true)
        try keytoolImport("modern.pfx", into: "store.jks", type: "JKS")
        try keytoolImport("modern.pfx", into: "store.jceks", type: "JCEKS")
        try keytoolImport("modern.pfx", into: "keytool.p12", type: "PKCS12")
        try ca.run("openssl", "crl2pkcs7", "-nocrl", "-certfile", "fullchain.pem", "-out", "bundle.p7b")
        try ca.run("openssl", "crl2pkcs7", "-nocrl", "-certfile", "fullchain.pem", "-outform", "DER", "-out", "bundle.p7c")
        try ca.run("openssl", "x509", "-in", "leaf.crt", "-outform", "DER", "-out", "leaf.der")
        try ca.run("openssl", "pkcs8", "-topk8", "-in", "leaf.key", "-v2", "aes-256-cbc", "-passout", "pass:\(TestCA.password)", "-out", "leaf.enc.p8")
        try ca.run("openssl", "pkcs8", "-topk8", "-in", "leaf.key", "-v2", "aes-256-cbc", "-passout", "pass:\(TestCA.password)", "-outform", "DER", "-out", "leaf.enc.der")
        try ca.run("openssl", "rsa", "-in", "leaf.key", "-traditional", "-out", "leaf.traditional.key")
        let cases: [(String, [String])] = [
            ("pfx", ["modern.pfx"]), ("pfx-legacy", ["legacy.pfx"]), ("jks", ["store.jks"]), ("jceks", ["store.jceks"]),
            ("keytool-p12", ["keytool.p12"]), ("p7b", ["bundle.p7b", "leaf.key"]), ("p7c-der", ["bundle.p7c", "leaf.enc.p8"]),
            ("der", ["leaf.der", "int.der", "leaf.traditional.key"]), ("pkcs8-der", ["fullchain.pem", "leaf.enc.der"]),
        ]
        for (name, inputs) in cases { try expectConverted(name, try convert(inputs, into: name)) }
        let jks = try convert(["store.jks"], into: "jks-json", extra: ["--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(jks.stdout.utf8)) as? [String: Any])
        #expect((report["inputs"] as? [[String: Any]])?.first?["aliases"] as? [String] == ["site"])
        #expect((report["key"] as? [String: Any])?["alias"] as? String == "site")
        #expect(report["chainComplete"] as? Bool == true)
    }

    @Test func ambiguityAWrongKeyAndAWrongPasswordAreRefusedInOneLine() throws {
        defer { cleanUp() }
        try ca.run("openssl", "req", "-new", "-key", "other.key", "-out", "second.csr", "-subj", "/CN=second.example.test")
        try ca.run("openssl", "x509", "-req", "-in", "second.csr", "-CA", "int.crt", "-CAkey", "int.key", "-CAcreateserial",
                   "-out", "second.crt", "-days", "90", "-extfile", "ext.cnf", "-extensions", "leaf")
        try makePFX("one.pfx")
        try ca.run("sh", "-c", "cat second.crt int.crt > second.fullchain.pem")
        try makePFX("two.pfx", certificates: "second.fullchain.pem", key: "other.key")
        try keytoolImport("one.pfx", into: "two-entries.jks", type: "JKS", alias: "one")
        try keytoolImport("two.pfx", into: "two-entries.jks", type: "JKS", alias: "two")
        func refused(_ result: CLI.Result, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(result.status == 2, "\(result.stdout)\(result.stderr)", sourceLocation: sourceLocation)
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)", sourceLocation: sourceLocation)
            #expect(result.stderr.contains(message), "\(result.stderr)", sourceLocation: sourceLocation)
            #expect(!result.stderr.contains(TestCA.password), sourceLocation: sourceLocation)
        }
        refused(try convert(["leaf.crt", "other.key"], into: "wrong-key"), "belongs to none of the 1 certificates")
        refused(try convert(["two-entries.jks"], into: "two"), "2 private keys found ('one', 'two')")
        refused(try convert(["leaf.crt", "second.crt", "int.crt"], into: "two-leaves"), "2 leaf certificates")
        try "not-it\n".write(toFile: ca.path("wrong.txt"), atomically: true, encoding: .utf8)
        refused(try dvtool(["cert", "convert", ca.path("one.pfx"), "--out", ca.path("bad"), "--password-file", ca.path("wrong.txt")]), "wrong PKCS#12/PFX password")
        #expect(!FileManager.default.fileExists(atPath: ca.path("wrong-key/cert.pem")), "nothing written when refused")
        #expect(!FileManager.default.fileExists(atPath: ca.path("two/key.pem")))
        // --alias picks one entry: the second leaf with its own key.
        let picked = try convert(["two-entries.jks"], into: "picked", extra: ["--alias", "two"])
        #expect(picked.status == 0, "\(picked.stdout)\(picked.stderr)")
        #expect(try ca.fingerprint(ca.path("picked/cert.pem")) == ca.fingerprint(ca.path("second.crt")))
        #expect(try ca.publicKey(ca.path("picked/key.pem")) == ca.publicKey(ca.path("other.key")))
        // Existing files stay unless --force.
        refused(try convert(["two-entries.jks"], into: "picked", extra: ["--alias", "two"]), "already exists: add --force")
        #expect(try convert(["two-entries.jks"], into: "picked", extra: ["--alias", "one", "--force"]).status == 0)
        #expect(try ca.fingerprint(ca.path("picked/cert.pem")) == ca.fingerprint(ca.path("leaf.crt")))
    }

    @Test func passwordsFromTheEnvironmentAndACommandLinePasswordWarns() throws {
        defer { cleanUp() }
        try makePFX("site.pfx")
        let fromEnvironment = try dvtool(["cert", "convert", ca.path("site.pfx"), "--out", ca.path("env"), "--password-env", "DVTOOL_TEST_PFX_PASSWORD",
                                          "--ca-file", ca.path("root.crt"), "--json"], environment: ["DVTOOL_TEST_PFX_PASSWORD": TestCA.password])
        try expectConverted("env", fromEnvironment)
        let onCommandLine = try dvtool(["cert", "convert", ca.path("site.pfx"), "--out", ca.path("argv"), "--password", TestCA.password,
                                        "--ca-file", ca.path("root.crt")])
        #expect(onCommandLine.status == 0)
        #expect(onCommandLine.stderr.contains("warning: --password shows the password to every local user (ps)"))
        #expect(!(onCommandLine.stdout + onCommandLine.stderr).contains(TestCA.password))
        let missing = try dvtool(["cert", "convert", ca.path("site.pfx"), "--out", ca.path("none")])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--password-file FILE, --password-env NAME, or at the prompt"))
        // On a terminal (script(1) gives one) it asks, without echo, and carries on with the answer.
        let prompted = try ca.run("sh", "-c", "(sleep 3; printf '%s\\n' '\(TestCA.password)') | script -qec '\(CLI.binary.path) cert convert site.pfx --out tty --ca-file root.crt' /dev/null")
        #expect(prompted.contains("Password:"), "\(prompted)")
        #expect(!prompted.contains(TestCA.password), "the answer was echoed: \(prompted)")
        #expect(try ca.publicKey(ca.path("tty/key.pem")) == ca.publicKey(ca.path("leaf.key")))
        // A directory others can list is said, not silently used.
        try FileManager.default.createDirectory(atPath: ca.path("open"), withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        let open = try convert(["site.pfx"], into: "open")
        #expect(open.stdout.contains("is readable by every local user"), "\(open.stdout)")
    }

    @Test func bundleCompletesTheChainFromTheAIAURLAndDropsTheRoot() throws {
        defer { cleanUp() }
        let out = ca.path("bundle.pem")
        let bundled = try dvtool(["cert", "bundle", "--cert", ca.path("leaf.crt"), "--chain", ca.path("root.crt"), "--out", out, "--ca-file", ca.path("root.crt")])
        #expect(bundled.status == 0, "\(bundled.stdout)\(bundled.stderr)")
        #expect(server.requests >= 3, "two redirects, then the certificate")
        #expect(bundled.stdout.contains("downloaded from \(server.base)/redirect/2/int.der"))
        #expect(bundled.stdout.contains("dropped   CN=Convert Test Root"))
        let verified = try ca.run("openssl", "verify", "-CAfile", "root.crt", "-untrusted", out, "leaf.crt")
        #expect(verified.contains("leaf.crt: OK"))
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written == (try String(contentsOfFile: ca.path("leaf.crt"), encoding: .utf8) + String(contentsOfFile: ca.path("int.crt"), encoding: .utf8))
                .replacingOccurrences(of: "\r", with: ""), "leaf then intermediate, nothing else")

        // A PKCS#7 answer works as well as DER.
        try ca.run("openssl", "crl2pkcs7", "-nocrl", "-certfile", "int.crt", "-outform", "DER", "-out", "int.p7c")
        server.set("/int.der", try Array(Data(contentsOf: URL(fileURLWithPath: ca.path("int.p7c")))))
        let fromPKCS7 = try dvtool(["cert", "bundle", "--cert", ca.path("leaf.crt"), "--ca-file", ca.path("root.crt"), "--json"])
        #expect(fromPKCS7.status == 0, "\(fromPKCS7.stdout)\(fromPKCS7.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(fromPKCS7.stdout.utf8)) as? [String: Any])
        #expect((report["intermediates"] as? [[String: Any]])?.first?["commonName"] as? String == "Convert Test Intermediate")

        let offline = try dvtool(["cert", "bundle", "--cert", ca.path("leaf.crt"), "--ca-file", ca.path("root.crt"), "--offline", "--out", ca.path("offline.pem")])
        #expect(offline.status == 1)
        #expect(offline.stdout.contains("incomplete: the issuer 'CN=Convert Test Intermediate'"))
        #expect(!FileManager.default.fileExists(atPath: ca.path("offline.pem")))
        let withFile = try dvtool(["cert", "bundle", "--cert", ca.path("leaf.crt"), "--ca-file", ca.path("root.crt"), "--offline", "--chain", ca.path("int.crt")])
        #expect(withFile.status == 0)
        #expect(withFile.stdout.components(separatedBy: "BEGIN CERTIFICATE").count == 3)

        server.stop()
        let unreachable = try dvtool(["cert", "bundle", "--cert", ca.path("leaf.crt"), "--ca-file", ca.path("root.crt"), "--timeout", "2"])
        #expect(unreachable.status == 3, "a download that cannot connect is could-not-check: \(unreachable.stdout)")
    }

    @Test func issuerDownloadsAreBoundedInRedirectsSizeAndScheme() throws {
        defer { cleanUp() }
        let download = IssuerDownload(timeout: .seconds(5))
        #expect(try download.fetch(server.base + "/redirect/3/int.der").count > 0, "three redirects are allowed")
        let tooManyRedirects = #expect(throws: IssuerDownloadError.self) { _ = try download.fetch(server.base + "/redirect/4/int.der") }
        #expect(tooManyRedirects?.description.contains("more than 3 redirects") == true)
        server.set("/huge.der", [UInt8](repeating: 0x30, count: (1 << 20) + 1))
        let tooLarge = #expect(throws: IssuerDownloadError.self) { _ = try download.fetch(server.base + "/huge.der") }
        #expect(tooLarge?.description.contains("larger than 1024 KiB") == true)
        let https = #expect(throws: IssuerDownloadError.self) { _ = try download.fetch("https://127.0.0.1:\(server.port)/int.der") }
        #expect(https?.kind == .unsupportedURL)
        let missing = #expect(throws: IssuerDownloadError.self) { _ = try download.fetch(server.base + "/nothing-here") }
        #expect(missing?.description.contains("HTTP 404") == true)
    }

    @Test func probeNamesTheMissingIntermediateAndTheBundleFixesTheServer() throws {
        defer { cleanUp() }
        func probe(_ port: UInt16) throws -> (CLI.Result, [String: Any]?) {
            let result = try dvtool(["cert", "probe", "127.0.0.1:\(port)", "--servername", "aia.example.test", "--ca-file", ca.path("root.crt"),
                                     "--no-versions", "--json"])
            let item = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
                .flatMap { ($0["items"] as? [[String: Any]])?.first { $0["id"] as? String == "chain-complete" } }
            return (result, item)
        }
        let leafOnly = try OpenSSLServer(certificate: ca.path("leaf.crt"), key: ca.path("leaf.key"), in: ca.directory)
        let (broken, missing) = try probe(leafOnly.port)
        leafOnly.stop()
        #expect(broken.status == 1)
        #expect(missing?["verdict"] as? String == "problem")
        #expect((missing?["detail"] as? String)?.contains("issued by 'CN=Convert Test Intermediate'") == true)
        #expect((missing?["detail"] as? String)?.contains(server.base + "/redirect/2/int.der") == true)
        #expect((missing?["fix"] as? String)?.contains("dvtool cert bundle --cert CERT.pem --out fullchain.pem") == true)

        let bundled = try dvtool(["cert", "bundle", "--cert", ca.path("leaf.crt"), "--ca-file", ca.path("root.crt"), "--out", ca.path("served.pem")])
        #expect(bundled.status == 0, "\(bundled.stdout)\(bundled.stderr)")
        // s_server takes the leaf with -cert and the rest with -cert_chain: split the bundle the same way.
        let served = try String(contentsOfFile: ca.path("served.pem"), encoding: .utf8)
        let intermediates = served.components(separatedBy: "-----END CERTIFICATE-----\n").dropFirst().joined(separator: "-----END CERTIFICATE-----\n")
        try intermediates.write(toFile: ca.path("served-chain.pem"), atomically: true, encoding: .utf8)
        let fixed = try OpenSSLServer(certificate: ca.path("leaf.crt"), key: ca.path("leaf.key"), chain: ca.path("served-chain.pem"), in: ca.directory)
        let (good, complete) = try probe(fixed.port)
        fixed.stop()
        #expect(complete?["verdict"] as? String == "ok", "\(good.stdout)")
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
    }

    @Test func uploadChecklistsSayWhatEachTargetTakesAndHowToGetThere() throws {
        defer { cleanUp() }
        try makePFX("site.pfx")
        func check(_ target: String, _ arguments: [String]) throws -> (CLI.Result, [[String: Any]]) {
            let result = try dvtool(["cert", "check", "--for", target, "--password-file", ca.path("password.txt"),
                                     "--ca-file", ca.path("root.crt"), "--json"] + arguments)
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            return (result, object?["items"] as? [[String: Any]] ?? [])
        }
        func item(_ items: [[String: Any]], _ id: String) -> [String: Any]? { items.first { $0["id"] as? String == id } }

        let (pfxForNginx, nginxItems) = try check("nginx", ["--cert", ca.path("site.pfx")])
        #expect(pfxForNginx.status == 1)
        #expect(item(nginxItems, "upload-format")?["verdict"] as? String == "problem")
        #expect((item(nginxItems, "upload-format")?["fix"] as? String)?.contains("dvtool cert convert \(ca.path("site.pfx")) --out DIR --password-file FILE") == true)
        #expect(item(nginxItems, "upload-key")?["verdict"] as? String == "problem")

        let (pemForNginx, _) = try check("nginx", ["--cert", ca.path("fullchain.pem"), "--key", ca.path("leaf.key")])
        #expect(pemForNginx.status == 0, "\(pemForNginx.stdout)")
        let (pfxForIIS, _) = try check("iis", ["--cert", ca.path("site.pfx")])
        #expect(pfxForIIS.status == 0, "\(pfxForIIS.stdout)")

        let (leafForAlibaba, alibabaItems) = try check("alibaba", ["--cert", ca.path("leaf.crt"), "--key", ca.path("other.key")])
        #expect(leafForAlibaba.status == 1)
        #expect((item(alibabaItems, "chain-complete")?["fix"] as? String)?.hasPrefix("dvtool cert bundle --cert \(ca.path("leaf.crt"))") == true)
        #expect(item(alibabaItems, "key-match")?["verdict"] as? String == "problem")
        #expect(!pfxForNginx.stdout.contains(TestCA.password))
    }
}
