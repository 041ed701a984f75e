import Foundation
import DVTestSupport

/// A dns-account-01 set-up in the DNS world, on both servers of each zone: the account's label under a domain of
/// the test's own (`dvacct<run>.example.test`), a CNAME to the account's solver in another zone (`other.test`),
/// the value there. `body` gets the domain, the account URL's record owner and the solver; everything is deleted after.
func withAccountSolver(prefix: String, url: String, value: String, _ body: (_ domain: String, _ owner: String, _ solver: String) async throws -> Void) async throws {
    let run = UInt32.random(in: 0 ... .max)
    let domain = "\(prefix)\(run).example.test"
    let owner = "_\(try Python.dnsAccountLabel(url))._acme-challenge.\(prefix)\(run)"
    let solver = "\(prefix)\(run)-solver.other.test."
    defer {
        for instance in ["auth1", "auth2"] {
            cleanUp("delete-record", instance, "example.test", owner, "CNAME")
            cleanUp("delete-record", instance, "other.test", solver, "TXT")
        }
        cleanUp("flush", domain)
    }
    for instance in ["auth1", "auth2"] {
        try testnet("set-record", instance, "example.test", owner, "CNAME", solver)
        try testnet("set-record", instance, "other.test", solver, "TXT", "\"\(value)\"")
    }
    try await body(domain, owner, solver)
}
