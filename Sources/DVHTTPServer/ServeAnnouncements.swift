extension AccessLogSink {
    /// `dvtool serve`'s startup lines, once the sockets are bound: where it listens, what it serves now and as whom.
    public func announceListening(on bound: [BoundAddress], source: any TokenSource, host: String?, user: String?, webroot: String?) {
        let addresses = bound.map(\.description).joined(separator: ", ")
        let paths = source.currentPaths()
        var fields = [("addresses", addresses), ("paths", paths.joined(separator: " "))]
        if let host { fields.append(("host", host)) }
        event("listening", "dvtool serve: listening on \(addresses); \(paths.count) path(s) served now"
              + (host.map { " for Host \($0)" } ?? "") + (user.map { "; running as \($0)" } ?? ""), fields: fields)
        for path in paths {
            event("serving", "  \(path) (\(source.body(for: path, host: nil)?.count ?? 0) bytes)", fields: [("path", path)])
        }
        if let webroot {
            event("webroot", "  webroot \(webroot): files in .well-known/acme-challenge/ and .well-known/pki-validation/ are served as they appear", fields: [])
        }
        flush()
    }

    /// The last line: why the server stopped.
    public func announceStop(_ reason: StopReason, untilFetched: Int?) {
        switch reason {
        case .allFetched:
            event("stopped", "dvtool serve: every token was fetched \(untilFetched ?? 0) time(s); stopping", fields: [("reason", reason.rawValue)])
        case .signal, .requested:
            event("stopped", "dvtool serve: stopped", fields: [("reason", reason.rawValue)])
        }
    }
}
