// `dvtool token` end to end: the built binary, its exit codes, messages, JSON and the store it writes.
import Foundation
import Testing
import DVTestSupport

struct TokenCLITests {
    let directory: String
    let store: String

    init() throws {
        directory = try Fixtures.temporaryDirectory()
        store = directory + "/tokens.json"
    }

    func run(_ arguments: [String]) throws -> CLI.Result {
        try CLI.run(["token"] + arguments, environment: ["DVTOOL_TOKEN_STORE": store])
    }

    /// A file that is no key: one line that says so, not OpenSSL's queue; the queue only with DVTOOL_DEBUG=1.
    @Test func notAKeyIsOneLineAndTheQueueWaitsForDebug() throws {
        for (file, option) in [("/etc/passwd", "--key")] {
            let plain = try CLI.run(["token", "acme", "example.com", option, file, "--token", "abc"])
            #expect(plain.status == 2)
            #expect(plain.stderr == "dvtool: error: \(file): not a private key (PEM or DER)\n", "\(plain.stderr)")
            let debug = try CLI.run(["token", "acme", "example.com", option, file, "--token", "abc"], environment: ["DVTOOL_DEBUG": "1"])
            #expect(debug.status == 2)
            #expect(debug.stderr.hasPrefix("dvtool: debug: error:"), "\(debug.stderr)")
            #expect(debug.stderr.hasSuffix("dvtool: error: \(file): not a private key (PEM or DER)\n"))
        }
        let csr = try CLI.run(["token", "sectigo", "--csr", "/etc/passwd"])
        #expect(csr.status == 2)
        #expect(csr.stderr.split(separator: "\n").count == 1 && !csr.stderr.contains("error:0"), "\(csr.stderr)")
    }

    @Test func acmeMatchesCertbotsAcmePackage() throws {
        let expected = try #require(Fixtures.expected.keys["ec-p521-x-two-leading-zeros.pem"]?.challenges.first)
        let result = try run(["acme", "example.com", "--key", Fixtures.path("ec-p521-x-two-leading-zeros.pem"),
                              "--token", expected.token, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let values = json?["values"] as? [String: String]
        #expect(values?["keyAuthorization"] == expected.keyAuthorization)
        #expect(values?["dnsValue"] == expected.dnsValue)
        let records = json?["records"] as? [[String: Any]]
        #expect(records?.first?["name"] as? String == "_acme-challenge.example.com.")
        #expect(records?.first?["host"] as? String == "_acme-challenge")
        let files = json?["files"] as? [[String: Any]]
        #expect(files?.first?["path"] as? String == expected.httpPath)
    }

    @Test func randomTextShowsAllForms() throws {
        let result = try run(["random", "www.例子.中国", "--ca", "alibaba"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("www.xn--fsqu00a.xn--fiqs8s  (Unicode: www.例子.中国)"))
        #expect(result.stdout.contains("Name (FQDN)  _dnsauth.www.xn--fsqu00a.xn--fiqs8s."))
        #expect(result.stdout.contains("Host         _dnsauth.www   (relative to zone xn--fsqu00a.xn--fiqs8s, assumed"))
        #expect(result.stdout.contains("IN TXT \""))
        #expect(result.stdout.contains("/.well-known/pki-validation/fileauth.txt"))
        #expect(result.stdout.contains("Not saved"))
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test func saveThenRefuseThenForce() throws {
        let first = try run(["random", "example.com", "--value", "first-value", "--save", "--zone", "example.com"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Saved 2 value(s) to \(store)"))
        let again = try run(["random", "example.com", "--value", "second-value", "--save"])
        #expect(again.status == 2)
        #expect(again.stderr.hasPrefix("dvtool: error: the store already has"))
        #expect(again.stderr.contains("--force"))
        let forced = try run(["random", "example.com", "--value", "second-value", "--save", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        let listing = try run(["list", "--json"])
        #expect(listing.status == 0)
        #expect(listing.stdout.contains("second-value") && !listing.stdout.contains("first-value"))
        let removed = try run(["remove", "example.com"])
        #expect(removed.status == 0 && removed.stdout.contains("Removed 2 value(s)"))
        #expect(try run(["remove", "example.com"]).status == 2)
    }

    @Test func listFlagsStaleValues() throws {
        let old = """
            {"format": "dvtool-token-store", "version": 1, "tokens": [
              {"domain": "old.example.com", "method": "dns-txt", "ca": "generic", "value": "v",
               "record": "old.example.com.", "created": "2020-01-01T00:00:00Z"}]}
            """
        try old.write(toFile: store, atomically: true, encoding: .utf8)
        let listing = try run(["list"])
        #expect(listing.status == 0)
        #expect(listing.stdout.contains("STALE"))
        // JSON carries the date as the store does, not as seconds since 2001 (Foundation's default).
        let json = try run(["list", "--json"])
        #expect(json.stdout.contains(#""created" : "2020-01-01T00:00:00Z""#), "\(json.stdout)")
        #expect(listing.stdout.contains("older than 30 days"))
        let saved = try run(["random", "new.example.com", "--save"])
        #expect(saved.stdout.contains("warning: the store holds 1 value(s) older than 30 days (old.example.com)"))
    }

    @Test func webrootFileIsWrittenOnce() throws {
        let webroot = directory + "/www"
        let made = try run(["sectigo", "--csr", Fixtures.path("csr.pem"), "example.com", "--webroot", webroot])
        #expect(made.status == 0, "\(made.stderr)")
        let file = webroot + "/.well-known/pki-validation/18C823253B45B9899D93760A51F6169B.txt"
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "B2183EC3F34FF65A9B1C6D6AC1140ED559BC7429CA7688E7EBE8EFEF441659B4\nsectigo.com")
        let other = try run(["sectigo", "--csr", Fixtures.path("csr.pem"), "example.com", "--webroot", webroot, "--unique-value", "abc"])
        #expect(other.status == 2)
        #expect(other.stderr.contains("already exists"))
    }

    /// dns-account-01: the dns-01 value at `_<label>._acme-challenge.`, no http-01 file; the label as Python computes it.
    @Test func acmeDNSAccount01PrintsTheAccountsRecord() throws {
        let expected = try #require(Fixtures.expected.keys["ec-p521-x-two-leading-zeros.pem"]?.challenges.first)
        let url = "https://acme-staging-v02.api.letsencrypt.org/acme/acct/\(UInt32.random(in: 0 ... .max))"
        let label = try Python.dnsAccountLabel(url)
        for domain in ["Shop.Example.COM", "*.shop.example.com"] {
            let result = try run(["acme", domain, "--key", Fixtures.path("ec-p521-x-two-leading-zeros.pem"), "--token", expected.token,
                                  "--method", "dns-account-01", "--account-url", url, "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(json["method"] as? String == "dns-account-01")
            let values = json["values"] as? [String: String]
            #expect(values?["dnsValue"] == expected.dnsValue)
            #expect(values?["accountLabel"] == "_" + label)
            #expect(values?["accountURL"] == url)
            let records = json["records"] as? [[String: Any]]
            #expect(records?.count == 1)
            #expect(records?.first?["name"] as? String == "_\(label)._acme-challenge.shop.example.com.")
            #expect(records?.first?["value"] as? String == expected.dnsValue)
            #expect((json["files"] as? [Any])?.isEmpty == true)
        }
        let text = try run(["acme", "example.com", "--key", Fixtures.path("ec-p256.pem"), "--token", expected.token,
                            "--method", "dns-account-01", "--account-url", url + "/"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("._acme-challenge.example.com."), "\(text.stdout)")
        #expect(text.stdout.contains("trailing slash"), "\(text.stdout)")
    }

    /// dns-persist-01: the record at `_validation-persist.`, the plain accounturi, policy=wildcard for `*.`, persistUntil.
    @Test func persistPrintsTheStandingRecord() throws {
        let url = "https://acme-staging-v02.api.letsencrypt.org/acme/acct/123456789"
        let result = try run(["persist", "*.Example.com", "--ca", "letsencrypt", "--account-url", url, "--until", "2027-12-31", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["method"] as? String == "dns-persist-01")
        let records = json["records"] as? [[String: Any]]
        #expect(records?.first?["name"] as? String == "_validation-persist.example.com.")
        #expect(records?.first?["value"] as? String == "letsencrypt.org; accounturi=\(url); policy=wildcard; persistUntil=1830211200")
        let plain = try run(["persist", "example.com", "--ca", "letsencrypt.org", "--account-url", url])
        #expect(plain.stdout.contains("\"letsencrypt.org; accounturi=\(url)\""), "\(plain.stdout)")
        #expect(plain.stdout.contains("plain account URL"))
        let hashed = try run(["persist", "example.com", "--ca", "letsencrypt", "--account-url", url,
                              "--account-hash-prefix", "https://ca.example/account-hash/", "--key", Fixtures.path("ec-p256.pem"), "--json"])
        #expect(hashed.status == 0, "\(hashed.stderr)")
        let hashedJSON = try #require(try JSONSerialization.jsonObject(with: Data(hashed.stdout.utf8)) as? [String: Any])
        let values = hashedJSON["values"] as? [String: String]
        #expect(values?["accountURI"]?.hasPrefix("https://ca.example/account-hash/sha-256/") == true)
        #expect(values?["accountURIForm"]?.hasPrefix("hashed") == true)
    }

    /// Bad input: one line on stderr starting with "dvtool: error:", exit 2.
    static let badInput: [([String], String)] = [
        (["acme", "example.com", "--key", Fixtures.path("encrypted-pkcs8.pem"), "--token", "abcd"], "openssl pkey -in enc.pem -out plain.pem"),
        (["acme", "example.com", "--key", Fixtures.path("garbage.pem"), "--token", "abcd"], "not a private key (PEM or DER)"),
        (["acme", "example.com", "--key", Fixtures.path("ec-p256.pem"), "--token", "abc=def"], "not base64url"),
        (["acme", "example.com", "--key", "/nonexistent/key.pem", "--token", "abcd"], "no such file"),
        (["sectigo", "--csr", Fixtures.path("csr-truncated.pem")], "does not parse"),
        (["sectigo", "--csr", Fixtures.path("csr-bad-signature.der")], "signature does not verify"),
        (["random", "example.com", "--ca", "letsencrypt"], "The value 'letsencrypt' is invalid for '--ca <ca>'. Please provide one of 'generic', 'digicert' or 'alibaba'."),
        (["random", "a😀.com"], "not allowed by IDNA2008"),
        (["random", "localhost"], "single label"),
        (["random", "www.example.com", "--zone", "example.org"], "not inside the zone"),
        (["random", "example.com", "--value", "has space"], "contains a space"),
        (["acme", "example.com", "--key", Fixtures.path("ec-p256.pem"), "--token", "abcd", "--method", "dns-account-01"], "needs --account-url"),
        (["acme", "example.com", "--key", Fixtures.path("ec-p256.pem"), "--token", "abcd", "--method", "dns-01", "--account-url", "https://ca.example/acct/1"], "--account-url is for --method dns-account-01"),
        (["acme", "example.com", "--key", Fixtures.path("ec-p256.pem"), "--token", "abcd", "--method", "dns-persist-01"], "token acme makes dns-01"),
        (["acme", "example.com", "--key", Fixtures.path("ec-p256.pem"), "--token", "abcd", "--account-url", "acct/1"], "is not an account URL"),
        (["persist", "example.com", "--ca", "letsencrypt"], "needs --account-url"),
        (["persist", "example.com", "--ca", "nosuchca", "--account-url", "https://ca.example/acct/1"], "unknown CA"),
        (["persist", "example.com", "--ca", "letsencrypt", "--account-url", "https://ca.example/acct/1", "--until", "2020-01-01"], "--until is in the past"),
        (["persist", "example.com", "--ca", "letsencrypt", "--account-url", "https://ca.example/acct/1", "--until", "later"], "is not a moment"),
        (["persist", "example.com", "--ca", "letsencrypt", "--account-url", "https://ca.example/acct/1", "--key", Fixtures.path("ec-p256.pem")], "give --account-hash-prefix too"),
    ]

    @Test(arguments: badInput.indices)
    func badInputIsOneLineAndExit2(row: Int) throws {
        let (arguments, phrase) = Self.badInput[row]
        let result = try run(arguments)
        #expect(result.status == 2, "row \(row): \(result.stderr)")
        #expect(result.stderr.hasPrefix("dvtool: error: "), "row \(row): \(result.stderr)")
        #expect(result.stderr.filter { $0 == "\n" }.count == 1, "row \(row): \(result.stderr)")
        #expect(result.stderr.contains(phrase), "row \(row): \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
