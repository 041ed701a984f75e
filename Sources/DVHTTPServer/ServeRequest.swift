import DVBasics
import Glibc

/// What `dvtool serve` is asked to do, in its options' own forms; `serve()` checks them, listens, drops
/// privileges, announces, and serves until a signal or `untilFetched`.
public struct ServeRequest: Sendable {
    /// `ADDR:PORT`, `[V6ADDR]:PORT` or `:PORT`; empty: port 80 on every address.
    public var listen: [String] = []
    /// `PATH=CONTENT` and `NAME=LOCALFILE` forms, a web root, the token store's path (nil: not served).
    public var tokens: [String] = []
    public var files: [String] = []
    public var webroot: String?
    public var storePath: String?
    /// Answer only this Host (A-label form).
    public var hostName: String?
    public var untilFetched: Int?
    /// After binding, when started as root: become this user.
    public var user: String?
    public var limits = ServerLimits()
    /// No access log; else one line per request, as JSON when `json`.
    public var quiet = false
    public var json = false

    public init() {}

    /// - Throws: bad input for options that do not hold; could not run for an address in use, a refused bind or a
    ///   user switch that failed.
    public func serve() async throws(UserFailure) -> StopReason {
        let addresses = try listenAddresses()
        let source: any TokenSource
        do { source = try ServedTokens.assemble(tokens: tokens, files: files, webroot: webroot, storePath: storePath) } catch {
            throw UserFailure(.badInput, error.description)
        }
        if let user, !Account.canSwitch {
            throw UserFailure(.badInput, "--user \(user) needs dvtool to be started as root (it drops to that user after binding)")
        }
        let account: Account?
        do { account = try user.map { name throws(Account.SwitchError) in try Account(name: name) } } catch {
            throw UserFailure(.badInput, error.description)
        }
        let log: any AccessLogSink = quiet ? SilentLog() : AccessLog(json: json)
        let configuration = TokenServerConfiguration(listen: addresses, hostName: hostName, limits: limits, untilFetched: untilFetched)
        let server = TokenServer(configuration: configuration, source: source, log: log)
        let signals = server.stopOnSignals()
        defer { signals.cancel() }
        let reason: StopReason
        do {
            reason = try await server.run { bound in
                if let account {
                    do throws(Account.SwitchError) { try account.become() } catch { throw UserFailure(.couldNotRun, error.description) }
                    try readableAfterSwitch(by: account.name)
                }
                log.announceListening(on: bound, source: source, host: hostName, user: account?.name, webroot: webroot)
            }
        } catch let error as UserFailure {
            throw error
        } catch {
            throw UserFailure(.couldNotRun, (error as? ServeError)?.description ?? "\(error)")
        }
        log.announceStop(reason, untilFetched: untilFetched)
        (log as? AccessLog)?.close()
        return reason
    }

    /// The files read on every request or change (the web root, the token store) must be readable by the user the
    /// server became: otherwise a store under root's home would silently serve nothing once re-read.
    private func readableAfterSwitch(by user: String) throws(UserFailure) {
        if let webroot, access(webroot, R_OK | X_OK) != 0 {
            throw UserFailure(.couldNotRun, "--user \(user) cannot read the web root \(webroot) (\(errnoText())): make it readable by \(user), or serve without --user")
        }
        guard let storePath else { return }
        let readable = access(storePath, R_OK) == 0 || errno == ENOENT && access(FilePath.parent(of: storePath), X_OK) == 0
        if !readable {
            throw UserFailure(.couldNotRun, "--user \(user) cannot read the token store \(storePath) (\(errnoText())): give --store-path FILE in a directory \(user) can read, or serve without --user")
        }
    }

    private func listenAddresses() throws(UserFailure) -> [ListenAddress] {
        if listen.isEmpty { return ListenAddress.defaults }
        var result: [ListenAddress] = []
        for text in listen {
            guard let parsed = ListenAddress.parse(text) else {
                throw UserFailure(.badInput, "--listen \"\(text)\" is not ADDR:PORT, [V6ADDR]:PORT or :PORT (e.g. 127.0.0.1:8080, [::1]:80, :80)")
            }
            result += parsed
        }
        return result
    }
}
