// The redirect rules CAs follow: http: and https: only, ports 80 and 443 (or the checked ones), relative targets
// resolved against the current URL.
import FoundationEssentials

extension HTTPChecker {
    /// The next location for a Location header, or why a CA would not follow it.
    func resolveRedirect(_ target: String, from current: Location) -> Result<Location, RedirectProblem> {
        func fail(_ message: String) -> Result<Location, RedirectProblem> { .failure(RedirectProblem(message)) }
        guard let base = URL(string: current.url(settings)) else { return fail("cannot resolve the redirect from \(current.url(settings))") }
        guard let next = URL(string: target, relativeTo: base)?.absoluteURL,
              let components = URLComponents(url: next, resolvingAgainstBaseURL: false) else {
            return fail("the Location header \(Self.quoted(Array(target.utf8))) is not a valid URL")
        }
        let scheme = (components.scheme ?? "").lowercased()
        guard scheme == "http" || scheme == "https" else {
            return fail("redirect to a \(scheme): URL; CAs follow only http: and https:")
        }
        guard var host = components.percentEncodedHost?.lowercased(), !host.isEmpty else {
            return fail("the redirect target \(target) has no host")
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.hasSuffix(".") { host.removeLast() }
        if host.hasSuffix(".well-known") {
            // `Redirect / https://example.com` (no slash) sends /.well-known/… to https://example.com.well-known/…
            return fail("redirect to the host \(host): the web server's redirect lacks the '/' after the domain "
                        + "(write `\(scheme)://\(host.dropLast(".well-known".count))/`); CAs refuse it")
        }
        let port = components.port ?? (scheme == "https" ? settings.httpsPort : settings.httpPort)
        guard port == settings.httpPort || port == settings.httpsPort else {
            return fail("redirect to port \(port) (\(next.absoluteString)): CAs follow redirects only to ports \(settings.httpPort) and \(settings.httpsPort)")
        }
        var path = components.percentEncodedPath
        if path.isEmpty { path = "/" }
        if let query = components.percentEncodedQuery { path += "?" + query }
        return .success(Location(scheme: scheme, host: host, port: port, target: path))
    }
}

struct RedirectProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
