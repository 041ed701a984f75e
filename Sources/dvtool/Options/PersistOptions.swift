import ArgumentParser
import DVDNSSEC
import DVMethod
import DVToken

/// The account a dns-persist-01 record names: `--account-url`, and for draft-02's hashed form
/// `--account-hash-prefix` with the account key (`--key`) whose thumbprint goes into the hash.
struct PersistAccountOptions: ParsableArguments {
    @Option(name: .customLong("account-url"), help: ArgumentHelp("The ACME account URL (e.g. https://acme-staging-v02.api.letsencrypt.org/acme/acct/123).", valueName: "url"))
    var accountURL: String?

    @Option(name: .customLong("account-hash-prefix"), help: ArgumentHelp("draft-02's hashed accounturi: the directory's meta.accountHashPrefix (needs --key).", valueName: "prefix"))
    var accountHashPrefix: String?

    @Option(help: ArgumentHelp("With --account-hash-prefix: the ACME account's private key file (PEM or DER).", valueName: "file"))
    var key: String?

    /// The account URL; bad input when missing or malformed.
    func account(for what: String) throws -> ACMEAccountURL {
        guard let accountURL else { throw CLIError.badInput("\(what) needs --account-url URL: the account URL the CA returned (the client's account file)") }
        return try ACMEAccountURL(option: accountURL)
    }

    /// The prefix and key thumbprint of the hashed form; nil for the plain form.
    func hashing() throws -> (prefix: String, thumbprint: String)? {
        switch (accountHashPrefix, key) {
        case (nil, nil): return nil
        case (nil, _?): throw CLIError.badInput("--key is for the hashed accounturi: give --account-hash-prefix too")
        case (_?, nil): throw CLIError.badInput("--account-hash-prefix needs --key FILE: the hash covers the account key's thumbprint")
        case let (prefix?, key?): return (prefix, try TokenInputFile.accountKey(key).thumbprint)
        }
    }

    /// The accounturi values a CA may compare for `domain`: the plain URL, or draft-02's hashed URI over the
    /// domain and over `*` (a CA must accept both).
    func acceptedURIs(domain: String) throws -> [PersistAccountURI] {
        let account = try account(for: "--persist")
        guard let hashing = try hashing() else { return [.plain(account)] }
        do {
            return try [domain, nil].map { name throws(TokenError) in
                try PersistAccountURI.hashed(prefix: hashing.prefix, domain: name, thumbprint: hashing.thumbprint, account: account)
            }
        } catch {
            throw CLIError.badInput(error.description)
        }
    }
}

extension ACMEAccountURL {
    /// `--account-url`'s value; bad input when it is not an account URL.
    init(option text: String) throws(CLIError) {
        do { try self.init(text) } catch { throw .badInput(error.description) }
    }
}

extension ValidationMoment {
    /// A date option (`--until`, `--at`): now, +7d, 2027-06-01, 2027-06-01T12:00:00Z or @SECONDS; bad input otherwise.
    init(option: String, _ text: String) throws {
        guard let moment = ValidationMoment(parsing: text) else {
            throw CLIError.badInput("\(option) \"\(text)\" is not a moment: use now, +90d, 2027-06-01, 2027-06-01T12:00:00Z or @SECONDS")
        }
        self = moment
    }
}
