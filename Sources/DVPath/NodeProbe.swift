import DVHTTPCheck
import DVTLS
import FoundationEssentials

/// What one address answered: the TLS handshake with the domain as SNI, then `GET /` with the domain as Host
/// over a second connection, and the ICP control when the domain looks blocked.
struct NodeObservation: Sendable {
    var tls: TLSProbe.Report?
    var tlsError: TLSError?
    var http: HTTPResponseSummary?
    var icpBlock: ICPBlock?
}

/// Connects to one node as a browser on the domain would: SNI and Host are the domain, never the address (an
/// origin's default site often has another certificate).
struct NodeProbe: Sendable {
    var domain: String
    var port: UInt16
    var timeout: Duration
    var trust: TrustStore?
    var now: Date

    func observe(_ address: String) -> NodeObservation {
        var observation = NodeObservation()
        let probe = TLSProbe(ip: address, port: port, serverName: domain, domains: [], timeout: timeout, now: now,
                             probeVersions: false)
        do {
            observation.tls = try probe.run(trust: trust)
        } catch {
            observation.tlsError = error
            if error.isConnectFailure { return observation }
        }
        if observation.tls != nil { observation.http = fetch(address) }
        // Alibaba and Tencent reset TLS for an unfiled name and answer plain HTTP with a block page.
        let looksBlocked = observation.tls == nil || observation.http.map { ICPBlockPage.recognise($0) != nil } ?? false
        if looksBlocked { observation.icpBlock = ICPBlockPage.check(address: address, domain: domain, timeout: timeout) }
        return observation
    }

    private func fetch(_ address: String) -> HTTPResponseSummary? {
        do throws(FetchFailure) {
            let stream = try OpenSSLConnector().connect(ip: address, port: port, serverName: domain, timeout: timeout)
            defer { stream.close() }
            return try HTTPExchange.perform(stream, request: HTTPExchange.request(host: domain, port: Int(port), defaultPort: 443, target: "/"),
                                            bodyLimit: 16 * 1024)
        } catch {
            return nil
        }
    }
}
