import DVBasics

/// The perspectives a coordinator asks, from a small file: one per line, `[primary] CODE RIR TRANSPORT…`, where
/// TRANSPORT is `command ARGS…` (a program speaking `dvtool agent --stdio`, e.g. through `ip netns exec`),
/// `ssh HOST [DVTOOL]` (`dvtool agent --stdio` on the user's own server) or `local` (this process); or a line
/// `openmpic URL [KEY_VARIABLE [CA_FILE]]`: an Open MPIC deployment whose perspectives join the remotes. `#` starts a comment.
public struct PerspectiveConfig: Sendable, Equatable {
    public enum Transport: Sendable, Equatable {
        case command([String])
        case ssh(host: String, program: String)
        case local
    }

    public struct Perspective: Sendable, Equatable {
        public var code: String
        /// The regional internet registry the perspective's network belongs to (CA/B Forum BR 3.2.2.9).
        public var rir: String
        public var transport: Transport
        public var isPrimary: Bool

        /// The command line that starts this perspective's agent.
        public func agentCommand() -> [String]? {
            switch transport {
            case let .command(arguments): arguments
            case let .ssh(host, program): ["ssh", "-o", "BatchMode=yes", host, program, "agent", "--stdio", "--code", code]
            case .local: nil
            }
        }
    }

    public static let registries: Set<String> = ["ARIN", "RIPE", "APNIC", "LACNIC", "AFRINIC"]

    public var perspectives: [Perspective]
    /// Open MPIC deployments asked as a client (`POST /mpic`); each of their perspectives counts as a remote.
    public var deployments: [Deployment] = []

    public struct Deployment: Sendable, Equatable {
        public var url: String
        /// The environment variable holding the `x-api-key` (AWS deployments need one).
        public var keyVariable: String?
        /// A CA certificate file to trust for the deployment's TLS (a private deployment).
        public var caFile: String?
    }

    public var primary: Perspective? { perspectives.first(where: \.isPrimary) }
    public var remotes: [Perspective] { perspectives.filter { !$0.isPrimary } }

    /// Reads the file; an error names the line, or says why the file could not be read.
    public init(file: String) throws(ConfigError) {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(file) } catch { throw ConfigError("cannot read \(file): \(error)") }
        try self.init(text: String(decoding: bytes, as: UTF8.self), file: file)
    }

    /// Reads the file's text; an error names the line.
    public init(text: String, file: String) throws(ConfigError) {
        perspectives = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard !words.isEmpty else { continue }
            let place = "\(file):\(index + 1)"
            if words.first == "openmpic" {
                guard (2...4).contains(words.count), words[1].hasPrefix("https://") else {
                    throw ConfigError("\(file):\(index + 1): expected `openmpic https://HOST/PATH/mpic [KEY_VARIABLE [CA_FILE]]`")
                }
                deployments.append(Deployment(url: words[1], keyVariable: words.count > 2 ? words[2] : nil, caFile: words.count > 3 ? words[3] : nil))
                continue
            }
            let isPrimary = words.first == "primary"
            if isPrimary { words.removeFirst() }
            guard words.count >= 3 else { throw ConfigError("\(place): expected `[primary] CODE RIR command ARGS…|ssh HOST|local`") }
            let (code, rir, kind) = (words[0], words[1].uppercased(), words[2])
            guard Self.registries.contains(rir) else { throw ConfigError("\(place): \"\(words[1])\" is not an RIR (ARIN, RIPE, APNIC, LACNIC, AFRINIC)") }
            guard !perspectives.contains(where: { $0.code == code }) else { throw ConfigError("\(place): perspective \(code) is given twice") }
            let transport: Transport
            switch kind {
            case "command" where words.count > 3: transport = .command(Array(words[3...]))
            case "ssh" where words.count == 4 || words.count == 5: transport = .ssh(host: words[3], program: words.count == 5 ? words[4] : "dvtool")
            case "local" where words.count == 3: transport = .local
            default: throw ConfigError("\(place): the transport must be `command ARGS…`, `ssh HOST [DVTOOL]` or `local`")
            }
            if isPrimary, perspectives.contains(where: \.isPrimary) { throw ConfigError("\(place): a second primary") }
            perspectives.append(Perspective(code: code, rir: rir, transport: transport, isPrimary: isPrimary))
        }
        guard !remotes.isEmpty || !deployments.isEmpty else { throw ConfigError("\(file): no remote perspective") }
    }

    public struct ConfigError: Error, Sendable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}

extension PerspectiveConfig.ConfigError: UserFacingError {
    public var failureKind: FailureKind { .badInput }
}
