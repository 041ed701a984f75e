import DVProcess
import FoundationEssentials
import DVBasics

/// Everything `dvtool flush-dns` reports; `--json` prints it as is.
public struct FlushReport: Codable, Sendable {
    public var platform: PlatformSummary
    public var domain: String?
    /// Linux only: what decides the path of a lookup.
    public var resolver: ResolverConfiguration?
    public var layers: [DetectedLayer]
    /// In order: flush the cache nearest the authoritative servers first.
    public var steps: [FlushStep]
    public var notes: [String]
    public var hosts: HostsCheck?
    /// `--domain`: which local cache holds the name now.
    public var cache: [CacheHolding]?
    /// `--apply`: one result per command run.
    public var results: [StepResult]?
    /// `--apply --domain`: the caches asked again afterwards.
    public var cacheAfter: [CacheHolding]?

    /// The steps `--apply` would run.
    public var runnableSteps: [FlushStep] { steps.filter(\.runnable) }
}

public enum FlushPlanError: Error, Equatable, CustomStringConvertible {
    case unknownSystem(String)
    /// A version was given for a system whose commands do not depend on one.
    case versionWithoutMacOS
    case badVersion(String)

    public var description: String {
        switch self {
        case let .unknownSystem(kernel):
            "cannot tell which caches to flush on this system (uname: \(kernel)); pass --os linux, macos or windows for guidance"
        case .versionWithoutMacOS: "--os-version is for --os macos (macOS commands depend on the version)"
        case let .badVersion(text): "--os-version \"\(text)\" is not a version number like 10.9 or 14.5"
        }
    }
}

public enum FlushPlanner {
    /// The OS the probe describes, nil when dvtool does not know it.
    public static func hostOS(_ probe: any SystemProbe) -> TargetOS? {
        switch probe.kernelName() {
        case "Linux": .linux
        case "Darwin": .macos
        case let name where name.hasPrefix("Windows") || name.hasPrefix("MINGW") || name.hasPrefix("CYGWIN"): .windows
        default: nil
        }
    }

    /// Detects (no `target`) or describes (`target`, i.e. `--os`, with a `version` for macOS) and builds the ordered
    /// steps.
    /// With a domain, also checks the hosts file and asks the local caches that can be asked.
    public static func plan(probe: any SystemProbe, target: TargetOS? = nil, version: String? = nil,
                            domain: String? = nil, runner: (any CommandRunner)? = nil) throws(FlushPlanError) -> FlushReport {
        if let version {
            guard target == .macos else { throw .versionWithoutMacOS }
            guard !version.isEmpty, version.split(separator: ".").allSatisfy({ Int($0) != nil }) else { throw .badVersion(version) }
        }
        var report: FlushReport
        if let target {
            report = describe(target, version: version, domain: domain)
        } else {
            guard let host = hostOS(probe) else { throw .unknownSystem(probe.kernelName()) }
            switch host {
            case .linux:
                let detection = LinuxDetector(probe: probe).detect()
                report = FlushReport(platform: detection.platform, domain: domain, resolver: detection.resolver,
                                     layers: detection.layers, steps: Guidance.steps(for: detection.layers, domain: domain),
                                     notes: detection.notes)
            case .macos:
                let found = macOSVersion(probe)
                report = FlushReport(platform: PlatformSummary(os: .macos, version: found, description: "macOS " + (found ?? "(version unknown)"), detected: true),
                                     domain: domain, layers: [DetectedLayer(layer: .mDNSResponder, active: true, evidence: ["macOS: mDNSResponder is the system resolver cache"])],
                                     steps: Guidance.steps(for: .macos, version: found, domain: domain, runnable: true), notes: [])
                if found == nil { report.notes += Guidance.macOSVersionTable }
            case .windows:
                report = FlushReport(platform: PlatformSummary(os: .windows, version: nil, description: "Windows", detected: true),
                                     domain: domain, layers: [DetectedLayer(layer: .windowsDNSClient, active: true, evidence: ["Windows: the DNS Client service caches answers"])],
                                     steps: Guidance.steps(for: .windows, version: nil, domain: domain, runnable: true), notes: [])
            }
        }
        report.steps += Guidance.browsers(domain: domain)
        let os = report.platform.os ?? .linux
        if let domain {
            report.hosts = report.platform.detected
                ? HostsFile.check(probe: probe, os: os, domain: domain, nsswitchHosts: report.resolver?.nsswitchHosts ?? [])
                : HostsCheck(path: HostsFile.path(for: os), checked: false, readable: false, domain: domain, entries: [], consultedFirst: nil)
            if report.platform.detected, os == .linux, let runner {
                report.cache = CacheInspector.inspect(report.layers, domain: domain, runner: runner)
            }
        } else {
            report.notes.append("Also look for overrides in \(HostsFile.path(for: os)) (dvtool does it with --domain NAME).")
        }
        return report
    }

    /// `--os`: guidance for a system dvtool does not run on.
    static func describe(_ os: TargetOS, version: String?, domain: String?) -> FlushReport {
        var notes: [String] = []
        switch os {
        case .linux:
            notes.append("Which of these apply depends on the machine: run dvtool flush-dns there without --os to detect the running caches (processes, port-53 sockets, /etc/resolv.conf, nsswitch.conf, NetworkManager dns=).")
            notes.append("Flush the cache nearest the authoritative servers first (Unbound/BIND, then dnsmasq, then systemd-resolved, then nscd), then the browsers.")
        case .macos:
            if version == nil { notes += Guidance.macOSVersionTable }
            notes.append("Safari and other apps use the system cache; Chrome, Edge and Firefox keep their own (browser steps above).")
        case .windows:
            notes.append("Chrome, Edge and Firefox keep their own caches (browser steps above).")
        }
        let description = os.displayName + (version.map { " " + $0 } ?? "")
        return FlushReport(platform: PlatformSummary(os: os, version: version, description: description, detected: false),
                           domain: domain, layers: [], steps: Guidance.steps(for: os, version: version, domain: domain, runnable: false),
                           notes: notes)
    }

    /// ProductVersion from SystemVersion.plist.
    static func macOSVersion(_ probe: any SystemProbe) -> String? {
        guard let plist = probe.readFile("/System/Library/CoreServices/SystemVersion.plist"),
              let key = plist.firstRange(of: "<key>ProductVersion</key>"),
              let open = plist[key.upperBound...].firstRange(of: "<string>"),
              let close = plist[open.upperBound...].firstRange(of: "</string>") else { return nil }
        return String(plist[open.upperBound..<close.lowerBound]).trimmingWhitespace()
    }
}

extension FlushPlanError: UserFacingError {
    public var failureKind: FailureKind { .badInput }
}
