import DVExplain
import Foundation
import Testing

/// The ACME server a client's text talks to, read from real client output (Fixtures: certbot and lego against the
/// world's Pebble) and from the lines other clients print.
@Suite("explain names the ACME server")
struct ACMEServerTests {
    static func fixture(_ path: String) throws -> String {
        try String(contentsOf: CorpusTests.directory.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func certbotsLogNamesItsDirectory() throws {
        #expect(Explainer.explain(try Self.fixture("dns-wrong-value/certbot-log.txt")).acmeServer == "https://127.53.60.1:14000/dir")
    }

    @Test func legoOutputNamesTheServersOrigin() throws {
        // lego prints no directory: its AuthURL lines are on the CA's server.
        #expect(Explainer.explain(try Self.fixture("http-403-waf/lego-output.txt")).acmeServer == "https://127.53.60.1:14000")
    }

    @Test func otherClientsLines() {
        #expect(Explainer.explain("[Mon Dec  7 02:00:00 UTC 2026] Using CA: https://acme.zerossl.com/v2/DV90\n").acmeServer == "https://acme.zerossl.com/v2/DV90")
        #expect(Explainer.explain("Link: <https://acme-v02.api.letsencrypt.org/directory>;rel=\"index\"\n").acmeServer
                == "https://acme-v02.api.letsencrypt.org/directory")
        #expect(Explainer.explain("2026-12-06 DEBUG:acme.client:Arguments: ['--server', 'https://api.buypass.com/acme/directory', '-d', 'a.example']")
                .acmeServer == "https://api.buypass.com/acme/directory")
    }

    @Test func noServerWhereTheTextNamesNone() throws {
        #expect(Explainer.explain("Incorrect TXT record \"old\" found at _acme-challenge.example.com").acmeServer == nil)
        #expect(Explainer.explain(try Self.fixture("dns-wrong-value/certbot-output.txt")).acmeServer == nil)
        #expect(Explainer.explain("AuthURL: not-a-url").acmeServer == nil)
    }
}
