import FoundationEssentials

/// The pages mainland providers answer with for a domain that has no ICP filing (备案) attached to them. They
/// key on the Host header (and SNI), so the same address answers normally when asked by address: the control
/// that tells a block page from a site that happens to return 403.
public enum ICPBlockPage {
    /// The provider whose block page `response` is, and what gave it away.
    public static func recognise(_ response: HTTPResponseSummary) -> (provider: String, evidence: String)? {
        // Alibaba Cloud: 403, `Server: Beaver`, a page titled "Non-compliance ICP Filing" (field captures,
        // docs/path.md).
        let body = String(decoding: response.body, as: UTF8.self)
        let beaver = response.server?.lowercased().hasPrefix("beaver") ?? false
        let title = body.contains("Non-compliance ICP Filing")
        if response.status == 403 && (beaver || title) {
            let parts = ["HTTP 403"] + (beaver ? ["Server: \(response.server ?? "")"] : []) + (title ? ["“Non-compliance ICP Filing”"] : [])
            return ("Alibaba Cloud", parts.joined(separator: ", "))
        }
        // Tencent Cloud: 302 to dnspod.qcloud.com/static/webblock.html?d=NAME.
        if (300...399).contains(response.status), let location = response.location, location.contains("/webblock.html?d=") {
            return ("Tencent Cloud", "HTTP \(response.status) to \(location)")
        }
        return nil
    }

    /// Asks `address` on port 80 for `/` with Host `domain`, then with the address as Host. A block page for
    /// the domain and none for the address is an ICP block; anything else is not (or cannot be told).
    public static func check(address: String, domain: String, timeout: Duration) -> ICPBlock? {
        guard let named = fetch(address: address, host: domain, timeout: timeout) else { return nil }
        return confirm(named, url: "http://\(domain)/", address: address, timeout: timeout)
    }

    /// `response` (what `url` answered from `address`) is a block page, and the control agrees: the same address
    /// asked with its own address as Host answers normally. For a response the caller already has (http-check).
    public static func confirm(_ response: HTTPResponseSummary, url: String, address: String, timeout: Duration) -> ICPBlock? {
        guard let block = recognise(response),
              let bare = fetch(address: address, host: address.contains(":") ? "[\(address)]" : address, timeout: timeout),
              recognise(bare) == nil else { return nil }
        return ICPBlock(provider: block.provider, evidence: "\(url) answers \(block.evidence)",
                        control: "with the address as Host: HTTP \(bare.status) \(bare.reason)")
    }

    private static func fetch(address: String, host: String, timeout: Duration) -> HTTPResponseSummary? {
        do throws(FetchFailure) {
            let stream = try PlainSocketStream(ip: address, port: 80, connectTimeout: timeout, deadline: .now + timeout * 2)
            defer { stream.close() }
            return try HTTPExchange.perform(stream, request: HTTPExchange.request(host: host, port: 80, defaultPort: 80, target: "/"),
                                            bodyLimit: 16 * 1024)
        } catch {
            return nil
        }
    }
}

/// A mainland provider's page for a domain without an ICP filing, seen for the domain and not for the address.
public struct ICPBlock: Sendable, Codable, Equatable {
    public var provider: String
    /// What the block page looked like: "HTTP 403, Server: Beaver, “Non-compliance ICP Filing”".
    public var evidence: String
    /// What the bare address answered (the control): "HTTP 200".
    public var control: String
}
