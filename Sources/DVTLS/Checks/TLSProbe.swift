import DVReport
import FoundationEssentials

/// `dvtool cert probe`: connect, handshake with SNI, check the served chain, list accepted protocol versions.
public struct TLSProbe: Sendable {
    public var ip: String
    public var port: UInt16
    public var serverName: String?
    /// Extra names (A-labels) to check coverage for; the server name is always checked.
    public var domains: [String]
    public var displayNames: [String: String]
    public var timeout: Duration
    public var now: Date
    public var probeVersions: Bool

    public init(ip: String, port: UInt16 = 443, serverName: String?, domains: [String] = [],
                displayNames: [String: String] = [:], timeout: Duration = .seconds(5), now: Date = Date(),
                probeVersions: Bool = true) {
        self.ip = ip
        self.port = port
        self.serverName = serverName
        self.domains = domains
        self.displayNames = displayNames
        self.timeout = timeout
        self.now = now
        self.probeVersions = probeVersions
    }

    public struct VersionSupport: Sendable, Codable, Equatable {
        public var version: TLSVersion
        /// nil: could not tell (timeout or other error).
        public var accepted: Bool?
        public var detail: String?
    }

    public struct Report: Sendable, Codable {
        public var ip: String
        public var port: UInt16
        public var serverName: String?
        public var negotiatedVersion: TLSVersion?
        public var cipherSuite: String
        public var openSSLCipherName: String
        public var certificates: [Certificate]
        public var versions: [VersionSupport]
        public var trustStore: String
        public var items: [CheckItem]

        public var hasProblem: Bool { items.hasProblem }
        /// A problem row fails the probe; the rest (warnings, facts) do not.
        public var status: CheckStatus { hasProblem ? .problem : .ok }
    }

    /// Throws for a TCP failure (refused, timed out, unreachable) and for a handshake that fails at every
    /// version (e.g. "wrong version number": not TLS on that port).
    public func run(trust: TrustStore?) throws(TLSError) -> Report {
        let endpoint = "\(ip.contains(":") ? "[\(ip)]" : ip):\(port)"
        var items: [CheckItem] = []
        let connection: TLSClientConnection
        do {
            connection = try TLSClientConnection.connect(ip: ip, port: port, serverName: serverName, timeout: timeout,
                                                         securityLevel: 0)
        } catch where error.code == .protocolVersion {
            // Only older protocols? Connect with them to see the chain anyway.
            connection = try TLSClientConnection.connect(ip: ip, port: port, serverName: serverName, minimum: .tls1_0,
                                                         timeout: timeout, securityLevel: 0)
        }
        defer { connection.close() }
        items.append(CheckItem(id: "port", title: "Port \(port)", verdict: .ok, detail: "TCP \(endpoint) accepts connections"))
        let version = connection.negotiatedVersion
        items.append(CheckItem(id: "handshake", title: "TLS handshake", verdict: .ok,
                               detail: "\(version?.displayName ?? "unknown version"), \(connection.cipherSuite)"
                                   + (serverName.map { " (SNI \($0))" } ?? " (no SNI)")))

        var certificates: [Certificate] = []
        for der in connection.peerCertificatesDER {
            if let certificate = try? Certificate(der: der) { certificates.append(certificate) }
        }
        if certificates.isEmpty {
            items.append(CheckItem(id: "certificate", title: "Certificate", verdict: .problem,
                                   detail: "the server sent no certificate", fix: "Configure ssl_certificate / SSLCertificateFile."))
        } else {
            // The server's first certificate is the leaf by definition.
            var names = [serverName].compactMap { $0 } + domains
            names = names.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
            let isIP = serverName.map { $0.contains(":") || $0.allSatisfy { $0.isNumber || $0 == "." } } ?? true
            items += CertificateAnalysis.validity(certificates, leafIndex: 0, now: now)
            items += CertificateAnalysis.coverage(certificates[0], domains: isIP ? domains : names, displayNames: displayNames)
            items += CertificateAnalysis.chain(certificates, leafIndex: 0, trust: trust, now: now, source: .server)
            items += CertificateAnalysis.strength(certificates, leafIndex: 0)
        }

        var versions: [VersionSupport] = []
        if probeVersions {
            for candidate in TLSVersion.allCases {
                if candidate == version {
                    versions.append(VersionSupport(version: candidate, accepted: true))
                    continue
                }
                do {
                    let probe = try TLSClientConnection.connect(ip: ip, port: port, serverName: serverName, minimum: candidate,
                                                                maximum: candidate, timeout: timeout, securityLevel: 0)
                    probe.close()
                    versions.append(VersionSupport(version: candidate, accepted: probe.negotiatedVersion == candidate))
                } catch where error.code == .protocolVersion || error.code == .handshakeFailed {
                    versions.append(VersionSupport(version: candidate, accepted: false, detail: error.reason))
                } catch {
                    versions.append(VersionSupport(version: candidate, accepted: nil, detail: error.description))
                }
            }
            items.append(protocolItem(versions))
        }
        return Report(ip: ip, port: port, serverName: serverName, negotiatedVersion: version,
                      cipherSuite: connection.cipherSuite, openSSLCipherName: connection.openSSLCipherName,
                      certificates: certificates, versions: versions, trustStore: trust?.name ?? "none", items: items)
    }

    private func protocolItem(_ versions: [VersionSupport]) -> CheckItem {
        let on = versions.filter { $0.accepted == true }.map(\.version)
        let unknown = versions.filter { $0.accepted == nil }.map(\.version)
        let summary = versions.map { "\($0.version.displayName) \($0.accepted == true ? "on" : $0.accepted == false ? "off" : "?")" }
            .joined(separator: ", ")
        let old = on.filter(\.isDeprecated)
        let fix = "nginx: ssl_protocols TLSv1.2 TLSv1.3;  Apache: SSLProtocol -all +TLSv1.2 +TLSv1.3"
        if !old.isEmpty {
            return CheckItem(id: "protocols", title: "Protocol versions", verdict: .problem,
                             detail: "\(summary): \(old.map(\.displayName).joined(separator: " and ")) should be off (deprecated, RFC 8996)",
                             fix: fix)
        }
        let missing = [TLSVersion.tls1_2, .tls1_3].filter { !on.contains($0) && !unknown.contains($0) }
        if !missing.isEmpty {
            return CheckItem(id: "protocols", title: "Protocol versions", verdict: .warning,
                             detail: "\(summary): \(missing.map(\.displayName).joined(separator: " and ")) should be on",
                             fix: fix)
        }
        if !unknown.isEmpty {
            return CheckItem(id: "protocols", title: "Protocol versions", verdict: .couldNotCheck, detail: summary)
        }
        return CheckItem(id: "protocols", title: "Protocol versions", verdict: .ok, detail: summary)
    }
}
