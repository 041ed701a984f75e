import DVMethod
import DVToken

/// The ACME clients dvtool gates, by the name `dvtool hook CLIENT` takes.
public enum ACMEClient: String, Sendable, CaseIterable {
    case certbot, lego, dehydrated
    case acmeSh = "acme.sh"
}

/// What one call of a client's hook asks for, read from the client's arguments and environment.
public struct HookCall: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        /// Publish: run the provider, then (when `gateNow`) the gate.
        case deploy
        /// Remove: run the provider, forget the records.
        case cleanup
        /// A call the gate has nothing to do with (dehydrated's deploy_cert, startup_hook…): the provider only.
        case other
    }

    public var phase: Phase
    public var records: [ChallengeRecord]
    /// Passed to the provider command after its own words (lego's and dehydrated's arguments, as received).
    public var providerArguments: [String]
    /// Records that must be checked together across calls (certbot: the order; acme.sh: one name) share a key.
    public var stateKey: String?
    /// Whether this call is the last publication before the client answers the CA.
    public var gateNow: Bool
    /// certbot http-01: the token and the key authorization the CA will fetch.
    public var http01: HTTPChallenge?

    public struct HTTPChallenge: Sendable, Equatable {
        public var domain: String
        public var token: String
        public var keyAuthorization: String
        /// Where the CA fetches it: `/.well-known/acme-challenge/TOKEN`.
        public var path: String { ValidationMethod.http01.filePath(for: token) ?? "" }
    }

    /// Reads a call of `client`. `arguments` are what the client passed (lego, dehydrated, acme.sh);
    /// `environment` holds certbot's CERTBOT_* variables. With an `accountLabel` (dns-account-01: no client
    /// passes the account URL to a DNS hook, so the user gives it) a record named from its identifier goes to
    /// `_<label>._acme-challenge.DOMAIN`; a full record name a client gives (lego's FQDN, acme.sh) is used as given.
    public static func parse(_ client: ACMEClient, arguments: [String], environment: [String: String],
                             cleanup: Bool, accountLabel: String? = nil) throws(HookError) -> HookCall {
        switch client {
        case .certbot: try certbot(environment, cleanup: cleanup, accountLabel: accountLabel)
        case .lego: try lego(arguments, accountLabel: accountLabel)
        case .dehydrated: try dehydrated(arguments, accountLabel: accountLabel)
        case .acmeSh: try acmeSh(arguments)
        }
    }

    /// certbot's manual hooks: one call per challenge, all inputs in CERTBOT_* variables.
    static func certbot(_ environment: [String: String], cleanup: Bool, accountLabel: String?) throws(HookError) -> HookCall {
        func required(_ name: String) throws(HookError) -> String {
            guard let value = environment[name], !value.isEmpty else {
                throw HookError(.badInput, "\(name) is not set: run `dvtool hook certbot` as certbot's --manual-auth-hook or --manual-cleanup-hook")
            }
            return value
        }
        let domain = try required("CERTBOT_DOMAIN")
        let validation = try required("CERTBOT_VALIDATION")
        let all = try required("CERTBOT_ALL_DOMAINS")
        guard let remaining = Int(try required("CERTBOT_REMAINING_CHALLENGES")), remaining >= 0 else {
            throw HookError(.badInput, "CERTBOT_REMAINING_CHALLENGES is not a count: \(environment["CERTBOT_REMAINING_CHALLENGES"] ?? "")")
        }
        let phase: Phase = cleanup ? .cleanup : .deploy
        if let token = environment["CERTBOT_TOKEN"], !token.isEmpty {
            return HookCall(phase: phase, records: [], providerArguments: [], stateKey: nil, gateNow: !cleanup,
                            http01: HTTPChallenge(domain: domain, token: token, keyAuthorization: validation))
        }
        return HookCall(phase: phase, records: [try ChallengeRecord(identifier: domain, value: validation, accountLabel: accountLabel)], providerArguments: [],
                        stateKey: "certbot " + all, gateNow: !cleanup && remaining == 0, http01: nil)
    }

    /// lego's exec provider: `present|cleanup FQDN VALUE`, or with EXEC_MODE=RAW `present -- DOMAIN TOKEN KEYAUTH`.
    static func lego(_ arguments: [String], accountLabel: String?) throws(HookError) -> HookCall {
        let usage = "lego calls `present|cleanup FQDN VALUE` or (EXEC_MODE=RAW) `present|cleanup -- DOMAIN TOKEN KEYAUTH`"
        guard let action = arguments.first, action == "present" || action == "cleanup" else {
            throw HookError(.badInput, "unknown lego action \"\(arguments.first ?? "")\": \(usage)")
        }
        let record: ChallengeRecord
        switch arguments.count {
        case 3: record = try ChallengeRecord(fqdn: arguments[1], value: arguments[2])
        case 5 where arguments[1] == "--":
            let value: String
            do { value = try ACMEChallenge.dnsValue(forKeyAuthorization: arguments[4]) } catch { throw HookError(.couldNotRun, error.description) }
            record = try ChallengeRecord(identifier: arguments[2], value: value, accountLabel: accountLabel)
        default: throw HookError(.badInput, "lego passed \(arguments.count) arguments: \(usage)")
        }
        let present = action == "present"
        return HookCall(phase: present ? .deploy : .cleanup, records: [record], providerArguments: arguments, stateKey: nil,
                        gateNow: present, http01: nil)
    }

    /// dehydrated's HOOK: `deploy_challenge DOMAIN TOKEN_FILE TOKEN_VALUE [DOMAIN TOKEN_FILE TOKEN_VALUE …]`
    /// (several triples with HOOK_CHAIN=yes), `clean_challenge` alike; other operations pass through.
    static func dehydrated(_ arguments: [String], accountLabel: String?) throws(HookError) -> HookCall {
        guard let operation = arguments.first else {
            throw HookError(.badInput, "dehydrated passed no operation: use `dvtool hook dehydrated` as dehydrated's HOOK")
        }
        guard operation == "deploy_challenge" || operation == "clean_challenge" else {
            return HookCall(phase: .other, records: [], providerArguments: arguments, stateKey: nil, gateNow: false, http01: nil)
        }
        let triples = Array(arguments.dropFirst())
        guard !triples.isEmpty, triples.count % 3 == 0 else {
            throw HookError(.badInput, "dehydrated's \(operation) passed \(triples.count) arguments; expected DOMAIN TOKEN_FILE TOKEN_VALUE triples")
        }
        var records: [ChallengeRecord] = []
        for start in stride(from: 0, to: triples.count, by: 3) {
            records.append(try ChallengeRecord(identifier: triples[start], value: triples[start + 2], accountLabel: accountLabel))
        }
        let deploy = operation == "deploy_challenge"
        return HookCall(phase: deploy ? .deploy : .cleanup, records: records, providerArguments: arguments, stateKey: nil,
                        gateNow: deploy, http01: nil)
    }

    /// dns_dvtool.sh: `add|rm FQDN VALUE` for each record acme.sh publishes; the gate re-checks the earlier values
    /// of the same name (acme.sh has no "after the last record" point).
    static func acmeSh(_ arguments: [String]) throws(HookError) -> HookCall {
        guard arguments.count == 3, arguments[0] == "add" || arguments[0] == "rm" else {
            throw HookError(.badInput, "dns_dvtool.sh calls `dvtool hook acme.sh add|rm FQDN VALUE`; got: \(arguments.joined(separator: " "))")
        }
        let record = try ChallengeRecord(fqdn: arguments[1], value: arguments[2])
        let add = arguments[0] == "add"
        return HookCall(phase: add ? .deploy : .cleanup, records: [record], providerArguments: [], stateKey: "acme.sh " + record.name,
                        gateNow: add, http01: nil)
    }
}
