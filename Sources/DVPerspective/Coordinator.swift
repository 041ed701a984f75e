import DVProcess
import DVReport
import DVSocket
import FoundationEssentials

/// Multi-perspective issuance corroboration as a CA's validator runs it (Let's Encrypt's VA, CA/B Forum BR
/// 3.2.2.9): the primary first; the remote perspectives only if it passed; the quorum (of 2–5 remotes one may
/// disagree, of 6 or more two); the passing remotes from at least two RIRs; on failure the CA's words,
/// "During secondary validation: <first remote error>".
public struct Coordinator: Sendable {
    public let config: PerspectiveConfig
    /// Answers for `local` perspectives (and the primary when the file names none).
    public let local: PerspectiveAgent
    /// How long one remote may take; a silent or slow one counts as failed.
    public let perspectiveTimeout: TimeInterval

    /// How long after the outcome is decided a CA still takes answers (Boulder's slowRemoteTimeout is of this order).
    static let stragglerGrace = Duration.seconds(1)

    /// Boulder refuses with fewer remote perspectives than this.
    public static let minimumRemotes = 3

    /// The environment Open MPIC API keys are read from.
    public let environment: [String: String]

    public init(config: PerspectiveConfig, local: PerspectiveAgent, perspectiveTimeout: TimeInterval = 20, environment: [String: String] = [:]) {
        self.config = config
        self.local = local
        self.perspectiveTimeout = perspectiveTimeout
        self.environment = environment
    }

    public func run(_ request: MPICRequest) async -> MPICReport {
        let primaryPerspective = config.primary ?? .init(code: local.code, rir: "-", transport: .local, isPrimary: true)
        let primary = await ask(primaryPerspective, request)
        let remotes: [PerspectiveResult]
        if primary.passed {
            // A pre-flight waits for every perspective up to its timeout (the user wants each one's answer), and
            // notes in which order they came, for what a CA proceeding at quorum would have decided.
            var arrivals: [(code: String, at: ContinuousClock.Instant)] = []
            let answered = await withTaskGroup(of: [PerspectiveResult].self) { group in
                for perspective in config.remotes { group.addTask { [await ask(perspective, request)] } }
                for deployment in config.deployments {
                    group.addTask { await OpenMPICClient(deployment: deployment, timeout: perspectiveTimeout, environment: environment).ask(request) }
                }
                var results: [PerspectiveResult] = []
                for await batch in group {
                    results += batch
                    arrivals += batch.map { ($0.code, ContinuousClock.now) }
                }
                let configured = config.remotes.compactMap { perspective in results.first { $0.code == perspective.code } }
                // A perspective a deployment reports twice (or one also configured) counts once.
                var seen = Set(configured.map(\.code))
                return configured + results.filter { result in seen.insert(result.code).inserted }
            }
            remotes = answered.map { $0.corroborating(primary) }
            var report = MPICReport(request: request, primary: primary, remotes: remotes)
            if config.deployments.isEmpty { report.atQuorum = MPICReport.AtQuorum(remotes, arrivals: arrivals) }
            return report
        } else {
            remotes = config.remotes.map { PerspectiveResult(code: $0.code, rir: $0.rir, asked: false, passed: false, detail: "not asked: the primary failed") }
        }
        return MPICReport(request: request, primary: primary, remotes: remotes)
    }

    private func ask(_ perspective: PerspectiveConfig.Perspective, _ request: MPICRequest) async -> PerspectiveResult {
        guard let command = perspective.agentCommand() else {
            return PerspectiveResult(perspective, response: await local.check(request))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let line = try? encoder.encode(request) else {
            return PerspectiveResult(code: perspective.code, rir: perspective.rir, asked: false, passed: false, detail: "the request could not be encoded")
        }
        let timeout = perspectiveTimeout
        let output = await runOnThread { ProcessRunner().run(command, input: Array(line) + [0x0A], timeout: timeout) }
        if output.timedOut {
            return PerspectiveResult(code: perspective.code, rir: perspective.rir, asked: true, answered: false, passed: false,
                                     detail: "no answer within \(Int(timeout)) s (counts against the quorum, as at the CA)")
        }
        guard let first = output.stdout.split(separator: "\n").first,
              let response = try? JSONDecoder().decode(MPICResponse.self, from: Data(first.utf8)) else {
            let why = output.launched ? "its answer is not an Open MPIC check response" : "its agent could not be started"
            let said = (output.stderr.split(separator: "\n").first.map(String.init) ?? String(output.stdout.prefix(120)))
            return PerspectiveResult(code: perspective.code, rir: perspective.rir, asked: true, passed: false,
                                     detail: "\(why) (exit \(output.status))" + (said.isEmpty ? "" : ": \(said)"))
        }
        guard response.perspectiveCode == perspective.code else {
            return PerspectiveResult(code: perspective.code, rir: perspective.rir, asked: true, passed: false,
                                     detail: "answered as perspective \(response.perspectiveCode): misconfiguration likely")
        }
        return PerspectiveResult(perspective, response: response)
    }
}

/// One perspective's part in a run.
public struct PerspectiveResult: Sendable, Codable {
    public var code: String
    public var rir: String
    public var asked: Bool
    /// False when it was asked but no answer came in time: not heard, so not "failed", though the quorum counts
    /// it as not passing (as the CA's does).
    public var answered: Bool
    public var passed: Bool
    /// The first error (in the CA's words) or why the perspective could not answer.
    public var detail: String
    public var response: MPICResponse?

    init(code: String, rir: String, asked: Bool, answered: Bool? = nil, passed: Bool, detail: String, response: MPICResponse? = nil) {
        self.code = code
        self.rir = rir
        self.asked = asked
        self.answered = answered ?? asked
        self.passed = passed
        self.detail = detail
        self.response = response
    }

    /// dns-persist-01 (BR 3.2.2.9): a remote corroborates only with the same accounturi as the primary's accepted
    /// record. A remote that passed on another record (or reports none: an Open MPIC perspective judges
    /// expected_account_uri itself) is otherwise left as it is.
    func corroborating(_ primary: PerspectiveResult) -> PerspectiveResult {
        guard passed, let seen = response?.details.persistAccountURI, let expected = primary.response?.details.persistAccountURI,
              seen != expected else { return self }
        var result = self
        result.passed = false
        result.detail = "saw accounturi \"\(seen)\", the primary \"\(expected)\": a perspective corroborates dns-persist-01 only with the primary's accounturi (BR 3.2.2.9)"
        return result
    }

    init(_ perspective: PerspectiveConfig.Perspective, response: MPICResponse) {
        self.init(code: perspective.code, rir: perspective.rir, asked: true, passed: response.checkPassed,
                  detail: response.checkPassed ? "passed" : (response.errors.first?.errorMessage ?? "failed"), response: response)
    }
}

/// The outcome (JSON of `dvtool mpic --json`): every perspective, the quorum and, when not valid, the CA's words.
public struct MPICReport: Sendable, Codable {
    public var request: MPICRequest
    public var primary: PerspectiveResult
    public var remotes: [PerspectiveResult]
    public var quorum: Quorum
    public var valid: Bool
    /// What the CA would say: nil when valid.
    public var message: String?
    /// What a CA that stops waiting once the outcome is decided would have used; nil with Open MPIC deployments
    /// (their perspectives come in one answer).
    public var atQuorum: AtQuorum?

    /// Valid ⇒ ok, else a problem: a perspective that could not ask counts as failed, as with the CA.
    public var status: CheckStatus { valid ? .ok : .problem }

    /// The answers in the order they arrived, up to the first that fixed the outcome: a CA proceeding at quorum
    /// (Boulder does) takes answers for a moment more (`Coordinator.stragglerGrace`) and ignores the rest. Its
    /// verdict is the same as with every answer; which perspectives it did not wait for can differ.
    public struct AtQuorum: Sendable, Codable {
        /// Answers in when the outcome was decided.
        public var answers: Int
        /// The perspectives that answered more than the grace after that (or never), in configured order.
        public var notWaitedFor: [String]
        public var valid: Bool

        init?(_ remotes: [PerspectiveResult], arrivals: [(code: String, at: ContinuousClock.Instant)]) {
            guard remotes.count >= Coordinator.minimumRemotes else { return nil }
            let ordered = arrivals.compactMap { arrival in remotes.first { $0.code == arrival.code } }
            let count = (1...ordered.count).first { MPICReport.isDecided(Array(ordered.prefix($0)), remotes: remotes.count) } ?? ordered.count
            let cutoff = arrivals[count - 1].at + Coordinator.stragglerGrace
            let heard = Set(arrivals.filter { $0.at <= cutoff }.map(\.code))
            answers = count
            notWaitedFor = remotes.map(\.code).filter { !heard.contains($0) }
            let passing = ordered.prefix(count).filter(\.passed)
            valid = passing.count >= remotes.count - MPICReport.allowedFailures(of: remotes.count)
                && MPICReport.registries(of: Array(passing)).count >= 2
        }
    }

    /// The dated BR rule `mpic` applied (MPICCalendar.swift); nil until applied.
    public var calendar: MPICCalendarCheck? = nil

    public struct Quorum: Sendable, Codable {
        public var remotes: Int
        public var passed: Int
        /// Passing remotes needed: all but one of 2–5, all but two of 6 or more.
        public var required: Int
        /// The registries of the passing remotes (two or more needed).
        public var passingRIRs: [String]
        /// "3/4", as Boulder logs it.
        public var result: String
    }

    /// Whether `results` (of `remotes` in all) already fix the outcome: more failures than allowed, or enough passes
    /// from two registries.
    static func isDecided(_ results: [PerspectiveResult], remotes: Int) -> Bool {
        let passing = results.filter(\.passed)
        let allowedFailures = allowedFailures(of: remotes)
        return results.count - passing.count > allowedFailures
            || (passing.count >= remotes - allowedFailures && registries(of: passing).count >= 2)
    }

    /// Remote perspectives that may fail (BR 3.2.2.9): one of 2–5, two of 6 or more.
    static func allowedFailures(of remotes: Int) -> Int { remotes >= 6 ? 2 : 1 }

    /// The distinct registries among `results`; an unknown one ("-") counts for none.
    static func registries(of results: [PerspectiveResult]) -> [String] {
        Array(Set(results.map(\.rir)).intersection(PerspectiveConfig.registries)).sorted()
    }

    init(request: MPICRequest, primary: PerspectiveResult, remotes: [PerspectiveResult]) {
        self.request = request
        self.primary = primary
        self.remotes = remotes
        let passing = remotes.filter(\.passed)
        let allowedFailures = Self.allowedFailures(of: remotes.count)
        let rirs = Self.registries(of: passing)
        quorum = Quorum(remotes: remotes.count, passed: passing.count, required: max(remotes.count - allowedFailures, 0),
                        passingRIRs: rirs, result: "\(passing.count)/\(remotes.count)")
        if !primary.passed {
            valid = false
            message = primary.detail
        } else if let deployment = remotes.first(where: { $0.detail.hasPrefix("Open MPIC deployment:") }) {
            // Its perspectives are unknown: the quorum cannot be judged without them.
            valid = false
            message = "could not corroborate: \(deployment.detail)"
        } else if remotes.count < Coordinator.minimumRemotes {
            valid = false
            message = "Insufficient remote perspectives: need at least \(Coordinator.minimumRemotes)"
        } else if passing.count < quorum.required {
            valid = false
            message = "During secondary validation: " + (remotes.first { !$0.passed }?.detail ?? "")
        } else if rirs.count < 2 {
            valid = false
            message = "During secondary validation: the corroborating perspectives are all in \(rirs.first ?? "one RIR"); at least two regional internet registries are required"
        } else {
            valid = true
            message = nil
        }
    }
}
