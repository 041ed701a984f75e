import DVBasics
import DVHTTPCheck
import DVProcess
import DVReport
import DVToken
import FoundationEssentials

/// One hook call from start to end: the user's provider command with the client's arguments and environment,
/// then the records kept or forgotten, then (on the last publication) the gate.
public struct HookRunner: Sendable {
    /// Where certbot http-01 tokens go: a web server's document root, or dvtool's token store (`dvtool serve`).
    public enum HTTPTarget: Sendable {
        case webroot(String)
        case tokenStore(String)
    }

    public let client: ACMEClient
    /// The provider command (a shell command line), or nil to publish nothing (acme.sh's wrapper publishes itself).
    public let provider: String?
    /// How long the provider command may run, in seconds.
    public let providerTimeout: TimeInterval = 600
    public let stateDirectory: String
    public let gate: DNSGate
    public let http: HTTPPublishing?

    /// Where http-01 tokens go and how the CA-style fetch reaches the server.
    public struct HTTPPublishing: Sendable {
        public var target: HTTPTarget
        public var connections: HTTPConnections
    }

    public func run(_ call: HookCall, progress: @Sendable (String) -> Void) async throws(HookError) -> HookOutcome {
        // dns-01 records need someone to publish them: acme.sh's wrapper does it itself, the others through --run.
        if provider == nil, client != .acmeSh, call.http01 == nil, call.phase != .other {
            throw HookError(.badInput, "no provider command to publish the record: give --run 'COMMAND' or set DVTOOL_HOOK_RUN")
        }
        var outcome = HookOutcome()
        if let provider {
            let output = ProcessRunner().run(["/bin/sh", "-c", provider + " \"$@\"", "dvtool-hook"] + call.providerArguments,
                                             timeout: providerTimeout)
            outcome.provider = output
            // A provider that failed published nothing dvtool can vouch for: its code and words go back unchanged.
            guard output.succeeded else { return outcome }
        }
        let state = try call.stateKey.map { key throws(HookError) in try HookState(directory: stateDirectory, client: client.rawValue, key: key) }
        switch call.phase {
        case .other:
            return outcome
        case .cleanup:
            try state?.remove(call.records)
            if let challenge = call.http01 { try removeHTTP(challenge) }
            return outcome
        case .deploy:
            if let challenge = call.http01 {
                outcome.http = try await publishAndCheck(challenge)
                return outcome
            }
            let earlier = try state?.load() ?? []
            let records = try state?.add(call.records) ?? call.records
            guard call.gateNow else {
                outcome.deferred = records.count
                return outcome
            }
            // acme.sh publishes one value per call: what the earlier calls' gates saw through is known.
            outcome.gate = await gate.run(records, checkedBefore: client == .acmeSh ? earlier : [], progress: progress)
            return outcome
        }
    }

    private func publishAndCheck(_ challenge: HookCall.HTTPChallenge) async throws(HookError) -> HTTPCheckReport? {
        guard let http else { return nil }
        switch http.target {
        case let .webroot(root):
            let path = root + challenge.path
            do { try AtomicFile.write(Array(challenge.keyAuthorization.utf8), to: path, overwrite: true) } catch {
                throw HookError(.couldNotRun, "cannot write \(path): \(error.description)")
            }
        case let .tokenStore(store):
            do {
                try TokenStore.update(path: store) { (tokens: inout TokenStore) throws(TokenError) in
                    _ = try tokens.insert(StoredToken(domain: challenge.domain, method: .acmeHTTP01, ca: "acme", value: challenge.keyAuthorization,
                                                      path: challenge.path, body: challenge.keyAuthorization,
                                                      created: Date()), replace: true)
                }
            } catch {
                throw HookError(.couldNotRun, "cannot add the token to \(store): \(error.description)")
            }
        }
        let settings = HTTPCheckSettings(path: challenge.path, expected: challenge.keyAuthorization)
        return await http.connections.checker(settings).check(domain: challenge.domain)
    }

    private func removeHTTP(_ challenge: HookCall.HTTPChallenge) throws(HookError) {
        guard let http else { return }
        switch http.target {
        case let .webroot(root):
            try? FileManager.default.removeItem(atPath: root + challenge.path)
        case let .tokenStore(store):
            try? TokenStore.update(path: store) { (tokens: inout TokenStore) throws(TokenError) in
                tokens.tokens.removeAll { $0.path == challenge.path }
            }
        }
    }
}

/// What a hook call did: the provider's output (to pass on), and the gate's or the HTTP check's verdict.
public struct HookOutcome: Sendable {
    public var provider: CommandOutput?
    public var gate: GateReport?
    public var http: HTTPCheckReport?
    /// Records kept for a later call's gate (certbot before the last challenge).
    public var deferred: Int?

    public init() {}

    /// The provider's own exit code when it failed, which the client sees unchanged: 124 on its timeout, 1 for
    /// a failure that exited 0 (killed by a signal); nil when it succeeded or did not run.
    public var providerFailure: Int32? {
        guard let provider, !provider.succeeded else { return nil }
        return provider.timedOut ? 124 : (provider.status == 0 ? 1 : provider.status)
    }

    /// The gate's or the fetch's outcome (ok when the call only recorded); a failed provider is a problem.
    public var status: CheckStatus {
        providerFailure != nil ? .problem : gate?.status ?? http?.status ?? .ok
    }
}
