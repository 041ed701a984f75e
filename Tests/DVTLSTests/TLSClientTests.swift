import DVTLS
import Foundation
import DVTestSupport
import Testing

@Suite("TLS client against the nginx test servers", .serialized)
struct TLSClientTests {
    typealias Server = TestEnvironment.Server

    /// The cases the nginx TLS servers of scripts/tls-servers answer; a closed port, a silent listener of the test's
    /// own and a bad address need no server and run in both tiers.
    static let nginx = TestWorld.realOnly("the nginx TLS servers of scripts/tls-servers")

    init() { if TestWorld.isReal { TestEnvironment.requireServers() } }

    /// Boulder's HTTPS redirect hops offer Go's default suites: a TLS 1.2 server with only RSA key exchange fails
    /// them, though OpenSSL's defaults would connect.
    @Test func goDefaultCiphersFailAServerWithOnlyRSAKeyExchange() throws {
        TestEnvironment.requirePKI()
        func server(_ cipher: String) throws -> OpenSSLServer {
            try OpenSSLServer(certificate: TestEnvironment.pki("valid.crt"), key: TestEnvironment.pki("valid.key"),
                              in: TestEnvironment.pkiDirectory, options: ["-no_tls1_3", "-cipher", cipher])
        }
        let rsaOnly = try server("AES128-GCM-SHA256")
        defer { rsaOnly.stop() }
        try TLSClientConnection.connect(ip: "127.0.0.1", port: rsaOnly.port, serverName: nil, timeout: .seconds(5)).close()
        #expect(throws: TLSError.self) {
            try TLSClientConnection.connect(ip: "127.0.0.1", port: rsaOnly.port, serverName: nil, timeout: .seconds(5),
                                            ciphers: TLSClientConnection.goDefaultCiphers).close()
        }
        let ecdhe = try server("ECDHE-RSA-AES128-GCM-SHA256")
        defer { ecdhe.stop() }
        let connection = try TLSClientConnection.connect(ip: "127.0.0.1", port: ecdhe.port, serverName: nil, timeout: .seconds(5),
                                                         ciphers: TLSClientConnection.goDefaultCiphers)
        defer { connection.close() }
        #expect(connection.cipherSuite == "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" || connection.cipherSuite == "ECDHE-RSA-AES128-GCM-SHA256",
                "\(connection.cipherSuite)")
    }

    @Test(Self.nginx) func fetchesOverTLS13() throws {
        let connection = try TLSClientConnection.connect(ip: Server.valid, port: 443, serverName: "valid.tls.example.test",
                                                         timeout: .seconds(5))
        defer { connection.close() }
        #expect(connection.negotiatedVersion == .tls1_3)
        #expect(connection.cipherSuite.hasPrefix("TLS_"))
        #expect(connection.peerCertificatesDER.count == 2)
        try connection.write(Array("GET / HTTP/1.1\r\nHost: valid.tls.example.test\r\nConnection: close\r\n\r\n".utf8))
        let text = try readUntilClosed { try connection.read(maximum: 4096) }
        #expect(text.hasPrefix("HTTP/1.1 200"))
        #expect(text.contains("dvtool tls test 127.53.80.1"))
    }

    @Test(Self.nginx) func maximumTLS12() throws {
        let connection = try TLSClientConnection.connect(ip: Server.valid, port: 443, serverName: nil, maximum: .tls1_2,
                                                         timeout: .seconds(5))
        #expect(connection.negotiatedVersion == .tls1_2)
        #expect(connection.cipherSuite.hasPrefix("TLS_ECDHE_"))
        #expect(!connection.openSSLCipherName.isEmpty)
    }

    @Test(Self.nginx) func plainHTTPPortSaysWrongVersionNumber() {
        #expect {
            _ = try TLSClientConnection.connect(ip: Server.plainHTTP, port: 443, serverName: "x.test", timeout: .seconds(5))
        } throws: { error in
            guard let error = error as? TLSError else { return false }
            return error.code == .handshakeFailed && error.reason == "wrong version number"
                && error.description.contains("wrong version number") && error.description.contains("plain HTTP")
        }
    }

    @Test func closedPortIsRefused() {
        #expect {
            _ = try TLSClientConnection.connect(ip: Server.valid, port: 8443, serverName: nil, timeout: .seconds(5))
        } throws: { error in
            guard let error = error as? TLSError else { return false }
            return error.code == .connectionRefused && error.description.contains("refused")
        }
    }

    @Test func silentServerTimesOutOnTime() throws {
        let listener = try SilentListener()
        let start = ContinuousClock.now
        #expect {
            _ = try TLSClientConnection.connect(ip: "127.53.80.99", port: listener.port, serverName: nil,
                                                timeout: .milliseconds(400))
        } throws: { error in
            (error as? TLSError)?.code == .timedOut
        }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .seconds(2))
        #expect(elapsed >= .milliseconds(350))
    }

    @Test(Self.nginx) func tls10OnlyIsRefusedByAModernServer() {
        #expect {
            _ = try TLSClientConnection.connect(ip: Server.valid, port: 443, serverName: nil, minimum: .tls1_0,
                                                maximum: .tls1_0, timeout: .seconds(5))
        } throws: { error in
            (error as? TLSError)?.code == .protocolVersion
        }
    }

    @Test(Self.nginx) func tls10IsAcceptedByTheOldServer() throws {
        let connection = try TLSClientConnection.connect(ip: Server.tls10, port: 443, serverName: nil, minimum: .tls1_0,
                                                         maximum: .tls1_0, timeout: .seconds(5))
        #expect(connection.negotiatedVersion == .tls1_0)
        let v11 = try TLSClientConnection.connect(ip: Server.tls10, port: 443, serverName: nil, minimum: .tls1_1,
                                                  maximum: .tls1_1, timeout: .seconds(5))
        #expect(v11.negotiatedVersion == .tls1_1)
    }

    @Test(Self.nginx) func tls12CapAgainstTLS13OnlyServer() {
        #expect {
            _ = try TLSClientConnection.connect(ip: Server.tls13Only, port: 443, serverName: nil, maximum: .tls1_2,
                                                timeout: .seconds(5))
        } throws: { error in
            (error as? TLSError)?.code == .protocolVersion
        }
    }

    @Test(Self.nginx) func weakServersAreReachableWithoutVerification() throws {
        for ip in [Server.rsa1024, Server.sha1] {
            let connection = try TLSClientConnection.connect(ip: ip, port: 443, serverName: nil, timeout: .seconds(5))
            #expect(connection.negotiatedVersion != nil)
        }
    }

    @Test(Self.nginx) func verificationWithCAFile() throws {
        let ca = TestEnvironment.pki("root.crt")
        let good = try TLSClientConnection.connect(ip: Server.valid, port: 443, serverName: "valid.tls.example.test",
                                                   verify: true, timeout: .seconds(5), caFile: ca)
        #expect(good.verificationResult == "ok")
        #expect {
            _ = try TLSClientConnection.connect(ip: Server.missingIntermediate, port: 443,
                                                serverName: "valid.tls.example.test", verify: true,
                                                timeout: .seconds(5), caFile: ca)
        } throws: { error in
            guard let error = error as? TLSError else { return false }
            return error.code == .verifyFailed && error.description.contains("local issuer")
        }
        #expect {
            _ = try TLSClientConnection.connect(ip: Server.wrongName, port: 443, serverName: "valid.tls.example.test",
                                                verify: true, timeout: .seconds(5), caFile: ca)
        } throws: { error in
            (error as? TLSError)?.code == .verifyFailed
        }
    }

    @Test func badAddress() {
        #expect {
            _ = try TLSClientConnection.connect(ip: "valid.tls.example.test", port: 443, serverName: nil, timeout: .seconds(1))
        } throws: { error in
            (error as? TLSError)?.code == .badAddress
        }
    }
}

/// Old protocol versions can only be asked about from a context at OpenSSL security level 0: at OpenSSL's
/// default level the client cannot offer TLS 1.0 at all, which must read as "could not tell", never as "off".
@Suite(.serialized, TestWorld.realOnly("The nginx TLS servers of scripts/tls-servers")) struct OldProtocolProbeTests {
    init() { TestEnvironment.requireServers() }

    @Test func securityLevelZeroReachesTLS10AndTheDefaultLevelCannotOfferIt() throws {
        let server = TestEnvironment.Server.tls10
        let old = try TLSClientConnection.connect(ip: server, port: 443, serverName: "valid.tls.example.test", minimum: .tls1_0,
                                                  maximum: .tls1_0, timeout: .seconds(5), securityLevel: 0)
        #expect(old.negotiatedVersion == .tls1_0)
        old.close()
        let refused = #expect(throws: TLSError.self) {
            _ = try TLSClientConnection.connect(ip: server, port: 443, serverName: "valid.tls.example.test", minimum: .tls1_0,
                                                maximum: .tls1_0, timeout: .seconds(5), securityLevel: 2)
        }
        #expect(refused?.code != .protocolVersion, "a refusal by our own OpenSSL is not the server saying no: \(String(describing: refused))")
    }
}
