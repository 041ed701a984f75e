import Foundation

/// The fake world's zones signed exactly as `scripts/testnet up` signs the real world's: the zone files of each
/// instance copied unchanged into a directory laid out as testnet's runtime one (`DIR/INSTANCE/zones/*.zone`, what
/// its `prepare_nsd` leaves there), then the same `sign_world` of scripts/lib/sign-world.sh run over it with the
/// committed keys (zones/keys) and its fixed dates. There is no second signing recipe to drift.
enum SignedZones {
    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    /// The tools sign_world runs, each checked first so that a missing one is named with its Debian package.
    private static let script = """
        command -v ldns-signzone >/dev/null && command -v ldns-key2ds >/dev/null || {
          echo "the fake DNS world signs its zones with ldns-signzone and ldns-key2ds: install Debian's ldnsutils (apt-get install ldnsutils)" >&2
          exit 10
        }
        python3 -c 'import cryptography' 2>/dev/null || {
          echo "the fake DNS world signs nozonebit.dnssec.test with scripts/lib/sign-dnskey-set.py: install Debian's python3-cryptography (apt-get install python3-cryptography)" >&2
          exit 10
        }
        . "$1/scripts/lib/sign-world.sh" && shift && "$@"
        """

    /// A new temporary directory holding the signed copies of `instances`' zones; the caller removes it.
    static func signedCopy(packageRoot: URL, instances: [String]) throws -> URL {
        let files = FileManager.default
        let directory = files.temporaryDirectory.appendingPathComponent("dvtool-fakeworld-\(getpid())-\(UUID().uuidString)")
        do {
            for instance in instances {
                let source = packageRoot.appendingPathComponent("zones/\(instance)")
                let target = directory.appendingPathComponent("\(instance)/zones")
                try files.createDirectory(at: target, withIntermediateDirectories: true)
                for file in try files.contentsOfDirectory(atPath: source.path) where file.hasSuffix(".zone") {
                    try files.copyItem(at: source.appendingPathComponent(file), to: target.appendingPathComponent(file))
                }
            }
            try run(["sign_world", directory.path, packageRoot.appendingPathComponent("zones/keys").path], packageRoot: packageRoot)
        } catch {
            try? files.removeItem(at: directory)
            throw error
        }
        return directory
    }

    /// Signs one zone file in place with sign-world.sh's `sign_zone` and the committed keys named (`good-ksk`),
    /// `options` passed to ldns-signzone (`-n -t 0` for NSEC3): for test zones beside the world's.
    static func signZone(_ file: URL, origin: String, keys: [String], options: String = "", packageRoot: URL) throws {
        try run(["sign_zone", file.path, origin, packageRoot.appendingPathComponent("zones/keys").path] + keys,
                packageRoot: packageRoot, environment: ["SIGN_OPTIONS": options])
    }

    /// Runs one function of scripts/lib/sign-world.sh, once the tools it needs are there (bounded: signing the
    /// whole world takes seconds).
    private static func run(_ command: [String], packageRoot: URL, environment: [String: String] = [:]) throws {
        let result = try CLI.run(["-c", script, "sign-world", packageRoot.path] + command, bytes: nil, timeout: 300,
                                 environment: environment, executable: URL(fileURLWithPath: "/bin/bash"))
        guard result.status != 0 else { return }
        let last = result.stderr.split(separator: "\n").last.map(String.init) ?? "exit status \(result.status)"
        throw Failed(description: result.status == 10 ? last
                     : "the fake DNS world could not sign its zones with scripts/lib/sign-world.sh: \(last)")
    }
}
