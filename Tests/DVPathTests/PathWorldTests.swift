import DVTestSupport
import Foundation
import Testing

/// `dvtool path` against a traffic path of its own: scripts/path-servers starts one nginx on 127.53.91.x (edges,
/// an origin, ICP interceptors, each with its own certificate from the test PKI) and adds path-*.example.test to
/// the world's zones; the test world's NSD and Unbound must be running (scripts/testnet up).
@Suite(.serialized) struct PathWorldTests {
    static let world = ["--root-hints", CLI.rootHints, "--resolver", "127.53.53.53", "--ca-file", "/tmp/dvtool-pki/root.crt",
                        "--connect-timeout", "3s", "--json"]

    struct Outcome {
        var status: Int32
        var report: [String: Any]
        var nodes: [[String: Any]] { report["nodes"] as? [[String: Any]] ?? [] }

        func node(_ address: String) -> [String: Any]? { nodes.first { $0["address"] as? String == address } }
        func finding(_ address: String) -> String? { node(address)?["finding"] as? String }
    }

    static func path(_ arguments: [String]) throws -> Outcome {
        let result = try CLI.run(["path"] + arguments + world, timeout: 60)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return Outcome(status: result.status, report: try #require(object, "no JSON: \(result.stdout) \(result.stderr)"))
    }

    /// The path servers, up: scripts/path-servers with its files in a directory named after the test; `down()`
    /// stops them and removes the files.
    struct PathServers {
        static let script = CLI.packageRoot.appendingPathComponent("scripts/path-servers").path
        let directory: String

        init(_ name: String) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(getpid())").path
            try Self.run("up", directory)
        }

        func down() {
            try? Self.run("down", directory)
            try? FileManager.default.removeItem(atPath: directory)
            try? FileManager.default.removeItem(atPath: directory + ".log")
        }

        /// Runs scripts/path-servers through system(3), its output in DIR.log: the nginx it starts outlives it.
        private static func run(_ mode: String, _ directory: String) throws {
            let status = system("'\(script)' \(mode) '\(directory)' >'\(directory).log' 2>&1 </dev/null")
            guard status == 0 else {
                let log = (try? String(contentsOfFile: directory + ".log", encoding: .utf8)) ?? ""
                throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "scripts/path-servers \(mode): \(log)"])
            }
        }
    }

    @Test(TestWorld.realOnly("scripts/path-servers: its own nginx, and records it adds to the real world's zones")) func everyVerdictOfTheTrafficPath() throws {
        let servers = try PathServers("dvtool-path")
        defer { servers.down() }

        // Edge and origin serve the new certificate; the origin's default site has another one, so a probe that
        // sent no SNI (or the address) would blame the origin.
        let consistent = try Self.path(["path-ok.example.test", "--origin", "127.53.91.4"])
        #expect(consistent.status == 0)
        #expect(consistent.finding("127.53.91.1") == "ok")
        #expect(consistent.finding("127.53.91.4") == "ok")
        let edgeProduct = consistent.node("127.53.91.1")?["product"] as? [String: Any]
        #expect(edgeProduct?["id"] as? String == "alibaba-cdn")
        #expect(edgeProduct?["evidence"] as? String == "headers", "no CNAME to a provider: headers only, lower confidence")
        #expect(consistent.node("127.53.91.4")?["product"] == nil)

        // The chain's last name (under Alibaba CDN's real suffix, in the world's private com.) has two edge
        // addresses; one still serves the old certificate.
        let stale = try Self.path(["path-www.example.test", "--origin", "127.53.91.4"])
        #expect(stale.status == 1)
        #expect((stale.report["chain"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
                == ["path-www.example.test", "path-www.example.test.w.kunlunsl.com"])
        let cnameProduct = stale.node("127.53.91.2")?["product"] as? [String: Any]
        #expect(cnameProduct?["id"] as? String == "alibaba-cdn")
        #expect(cnameProduct?["evidence"] as? String == "cname", "the CNAME ends in w.kunlunsl.com: full confidence")
        #expect(stale.finding("127.53.91.1") == "ok")
        #expect(stale.finding("127.53.91.2") == "old-certificate")
        let detail = stale.node("127.53.91.2")?["detail"] as? String ?? ""
        #expect(detail.contains("serial 2329") && detail.contains("serial 232A"), "both serials: \(detail)")
        #expect((stale.node("127.53.91.2")?["advice"] as? String)?.contains("Alibaba Cloud CDN console") == true)
        #expect((stale.report["expected"] as? [String: Any])?["serialNumber"] as? String == "232A")

        // A hop serving the provider's default certificate, an origin without its intermediate, an expired one,
        // an origin whose only certificate is for another name.
        let broken = try Self.path(["path-ok.example.test", "--hop", "path-eo.example.test", "--origin", "127.53.91.8",
                                    "--origin", "127.53.91.9"])
        #expect(broken.status == 1)
        #expect(broken.finding("127.53.91.3") == "provider-default")
        let edgeOne = broken.node("127.53.91.3")?["product"] as? [String: Any]
        #expect(edgeOne?["id"] as? String == "tencent-edgeone")
        #expect(edgeOne?["evidence"] as? String == "cname", "path-eo CNAMEs to …eo.dnse1.com")
        #expect(broken.finding("127.53.91.8") == "missing-intermediate")
        #expect(broken.finding("127.53.91.9") == "expired")
        #expect(broken.finding("127.53.91.1") == "ok")
        // A WAF between the CDN and the origin (reached by its own CNAME to Alibaba WAF's suffix) that still has
        // the older certificate: the node to fix is the WAF, with the WAF console's action.
        let waf = try Self.path(["path-ok.example.test", "--hop", "path-waf.example.test", "--origin", "127.53.91.4"])
        #expect(waf.status == 1)
        #expect(waf.finding("127.53.91.10") == "old-certificate")
        let wafProduct = waf.node("127.53.91.10")?["product"] as? [String: Any]
        #expect(wafProduct?["id"] as? String == "alibaba-waf" && wafProduct?["kind"] as? String == "waf", "\(wafProduct ?? [:])")
        #expect((waf.node("127.53.91.10")?["advice"] as? String)?.contains("WAF") == true, "\(waf.node("127.53.91.10") ?? [:])")
        #expect(waf.finding("127.53.91.1") == "ok" && waf.finding("127.53.91.4") == "ok")

        let mismatch = try Self.path(["path-eo.example.test", "--origin", "127.53.91.4"])
        #expect(mismatch.finding("127.53.91.4") == "name-mismatch", "the origin's default site serves localhost")

        // An origin that does not answer: no verdict on it, could not check.
        let unreachable = try Self.path(["path-ok.example.test", "--origin", "127.53.91.5"])
        #expect(unreachable.status == 3)
        #expect(unreachable.finding("127.53.91.5") == "unreachable")
        #expect(unreachable.node("127.53.91.5")?["certificate"] == nil)
        #expect(unreachable.finding("127.53.91.1") == "ok")

        // ICP interceptors: the block page for the name, an ordinary answer for the bare address.
        for (name, address, provider) in [("path-icp.example.test", "127.53.91.6", "Alibaba Cloud"),
                                          ("path-icp2.example.test", "127.53.91.7", "Tencent Cloud")] {
            let blocked = try Self.path([name])
            #expect(blocked.status == 1)
            #expect(blocked.finding(address) == "icp-blocked")
            #expect((blocked.node(address)?["icpBlock"] as? [String: Any])?["provider"] as? String == provider)
        }

        // The text form names the node and the console action.
        let text = try CLI.run(["path", "path-www.example.test"] + Self.world.dropLast(), timeout: 60)
        #expect(text.status == 1)
        #expect(text.stdout.contains("edge path-www.example.test.w.kunlunsl.com 127.53.91.2:443"))
        #expect(text.stdout.contains("old-certificate"))
        #expect(text.stdout.contains("fix: Upload the new certificate for path-www.example.test in the Alibaba Cloud CDN console"))
    }

    /// doctor runs the same trace: the stale edge is its path item, with the provider's console action.
    @Test(TestWorld.realOnly("scripts/path-servers: its own nginx, and records it adds to the real world's zones")) func doctorNamesTheNodeToFix() throws {
        let servers = try PathServers("dvtool-path-doctor")
        defer { servers.down() }
        let world = ["--root-hints", CLI.rootHints, "--resolver", "127.53.53.53", "--ca-file", "/tmp/dvtool-pki/root.crt", "--json"]
        let result = try CLI.run(["doctor", "path-www.example.test"] + world, timeout: 90)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let report = try #require(object, "no JSON: \(result.stderr)")
        let items = report["items"] as? [[String: Any]] ?? []
        let path = try #require(items.first { $0["id"] as? String == "path" }, "no path item: \(items.compactMap { $0["id"] as? String })")
        #expect(result.status == 1)
        #expect(path["verdict"] as? String == "problem")
        #expect(path["title"] as? String == "Traffic path through Alibaba Cloud CDN")
        let detail = path["detail"] as? String ?? ""
        #expect(detail.contains("127.53.91.2") && detail.contains("old-certificate"), "\(detail)")
        #expect(!detail.contains("127.53.91.1:"), "the edge with the new certificate is not blamed: \(detail)")
        #expect((path["fix"] as? String)?.contains("Alibaba Cloud CDN console") == true)

        // cert probe says what it reached: the CDN's copy of the certificate (by the CNAME), not the origin's.
        let probe = try CLI.run(["cert", "probe", "path-www.example.test", "--no-versions"] + world, timeout: 60)
        let probeItems = (try JSONSerialization.jsonObject(with: Data(probe.stdout.utf8)) as? [String: Any])?["items"] as? [[String: Any]] ?? []
        let reached = probeItems.first { $0["id"] as? String == "reached" }
        #expect(reached?["title"] as? String == "Reached Alibaba Cloud CDN", "\(probeItems)")
        #expect((reached?["detail"] as? String)?.contains("CNAMEs to path-www.example.test.w.kunlunsl.com") == true)
        #expect(reached?["verdict"] as? String == "info" && probe.status == 0, "a fact, not a problem")
        let sm2 = probeItems.first { $0["id"] as? String == "sm2-not-probed" }
        #expect((sm2?["detail"] as? String)?.contains("only the RSA/ECDSA side was probed") == true, "Alibaba CDN may serve SM2 too")
        let direct = try CLI.run(["cert", "probe", "path-ok.example.test", "--no-versions"] + world, timeout: 60)
        #expect(!direct.stdout.contains("\"reached\""), "no CNAME to a provider: nothing claimed")

        // http-check and doctor's token item name the ICP block page (confirmed by the bare address's ordinary
        // answer) instead of reporting a plain 403 or following Tencent's redirect to its block page.
        let dns = ["--root-hints", CLI.rootHints, "--resolver", "127.53.53.53"]
        for (name, address, provider) in [("path-icp.example.test", "127.53.91.6", "Alibaba Cloud"),
                                          ("path-icp2.example.test", "127.53.91.7", "Tencent Cloud")] {
            let fetched = try CLI.run(["http-check", name, "--path", "/.well-known/acme-challenge/icp", "--json"] + dns, timeout: 60)
            #expect(fetched.status == 1)
            let object = try JSONSerialization.jsonObject(with: Data(fetched.stdout.utf8)) as? [String: Any]
            let row = (object?["addresses"] as? [[String: Any]])?.first
            #expect(row?["address"] as? String == address)
            #expect(row?["verdict"] as? String == "icp-blocked", "\(fetched.stdout)")
            #expect((row?["icpBlock"] as? [String: Any])?["provider"] as? String == provider)
            let checked = try CLI.run(["doctor", name, "--token", "icp"] + world, timeout: 90)
            let doctorItems = (try JSONSerialization.jsonObject(with: Data(checked.stdout.utf8)) as? [String: Any])?["items"] as? [[String: Any]] ?? []
            let http = doctorItems.first { $0["id"] as? String == "http" }
            #expect(http?["verdict"] as? String == "problem")
            #expect((http?["detail"] as? String)?.contains("\(provider) blocks \(name) for lack of an ICP filing") == true, "\(http ?? [:])")
        }

        let healthy = try CLI.run(["doctor", "path-ok.example.test"] + world, timeout: 90)
        let healthyItems = (try JSONSerialization.jsonObject(with: Data(healthy.stdout.utf8)) as? [String: Any])?["items"] as? [[String: Any]] ?? []
        #expect(healthyItems.first { $0["id"] as? String == "path" }?["verdict"] as? String == "ok", "\(healthyItems)")
    }

    @Test func badInputIsOneLineAndExitTwo() throws {
        let result = try CLI.run(["path", "example.test", "--origin", "not-an-ip"], timeout: 30)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--origin \"not-an-ip\" is not an IPv4 or IPv6 address"))
    }
}
