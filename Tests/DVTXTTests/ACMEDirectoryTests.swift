import DVCAA
import Testing

/// The known CAs' ACME directories: each names its CA for `--ca`/`DVTOOL_CA`, any URL of a known server names
/// its CA for `explain`, and an unknown URL is refused, never read as an issuer domain.
@Suite("CA ACME directories")
struct ACMEDirectoryTests {
    @Test func everyKnownDirectoryNamesItsCA() throws {
        for (shortName, authority) in CertificateAuthority.known {
            #expect(!authority.acmeDirectories.isEmpty, "\(shortName) has a directory")
            for directory in authority.acmeDirectories {
                #expect(try CertificateAuthority(named: directory.url) == authority, "\(directory.url)")
                #expect(try CertificateAuthority(named: directory.url.replacing("https://", with: "HTTPS://") + "/").name == authority.name, "the scheme's case and a final / do not matter")
                #expect(CertificateAuthority.serving(directory.url)?.authority == authority, "\(directory.url)")
            }
        }
    }

    @Test func aServersURLsNameItsCA() throws {
        let production = try #require(CertificateAuthority.serving("https://acme-v02.api.letsencrypt.org/acme/authz/123"))
        #expect(production.authority == .letsEncrypt)
        #expect(!production.directory.staging)
        #expect(CertificateAuthority.serving("https://acme-staging-v02.api.letsencrypt.org")?.directory.staging == true)
        #expect(CertificateAuthority.serving("https://dv.acme-v02.test-api.pki.goog/directory")?.authority.name == "Google Trust Services")
        // ZeroSSL and Sectigo share an issuer domain but not a server.
        #expect(CertificateAuthority.serving("https://acme.zerossl.com/v2/DV90")?.authority.name == "ZeroSSL (Sectigo)")
        #expect(CertificateAuthority.serving("https://acme.sectigo.com/v2/DV")?.authority.name == "Sectigo")
        #expect(CertificateAuthority.serving("https://127.53.60.1:14000/dir") == nil)
        #expect(CertificateAuthority.serving("letsencrypt.org") == nil)
    }

    @Test func anUnknownDirectoryIsRefused() {
        // It would otherwise pass for an issuer domain (it has a dot and no space).
        #expect(CertificateAuthority(parsing: "https://acme.example/directory") == nil)
        #expect(CertificateAuthority(parsing: "https://acme-v02.api.letsencrypt.org/other") == nil, "a known server, but not its directory")
        do {
            _ = try CertificateAuthority(named: "https://127.53.60.1:14000/dir")
            Issue.record("an unknown directory was accepted")
        } catch {
            #expect(error.description.hasPrefix("unknown ACME directory \"https://127.53.60.1:14000/dir\": name its CA instead (letsencrypt, "))
            #expect(!error.description.contains("\n"))
        }
    }
}
