import FoundationEssentials
import DVToken

/// What `dvtool serve` serves, from its command-line forms: `PATH=CONTENT` tokens, `NAME=LOCALFILE` files
/// under /.well-known/pki-validation/, a webroot, and the token store.
public enum ServedTokens {
    /// Why a form was refused: one line that names the option and shows the right form.
    public struct InputError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public static func assemble(tokens: [String], files: [String], webroot: String?, storePath: String?) throws(InputError) -> any TokenSource {
        var fixed: [String: [UInt8]] = [:]
        for item in tokens {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw InputError(description: "--token \"\(item)\" is not PATH=CONTENT (e.g. --token abc123=abc123.KEYTHUMBPRINT)")
            }
            let given = String(item[..<equals])
            let path = given.hasPrefix("/") ? given : "/.well-known/acme-challenge/" + given
            guard case .success(let canonical) = RequestPath.canonical(path), canonical == path, !path.hasSuffix("/") else {
                throw InputError(description: "--token path \"\(given)\" is not a plain URL path (no .., //, %2F, backslash, query or control characters)")
            }
            fixed[path] = Array(item[item.index(after: equals)...].utf8)
        }
        for item in files {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw InputError(description: "--file \"\(item)\" is not NAME=LOCALFILE (e.g. --file fileauth.txt=./fileauth.txt)")
            }
            let name = String(item[..<equals]), local = String(item[item.index(after: equals)...])
            let path = "/.well-known/pki-validation/" + name
            guard !name.contains("/"), case .success(let canonical) = RequestPath.canonical(path), canonical == path,
                  RequestPath.challengeFileName(path) != nil else {
                throw InputError(description: "--file name \"\(name)\" must be a plain file name (served under /.well-known/pki-validation/)")
            }
            guard let bytes = FileManager.default.contents(atPath: local) else {
                throw InputError(description: "--file \(name): cannot read \(local)")
            }
            guard bytes.count <= WebrootSource.maximumFileSize else {
                throw InputError(description: "--file \(name): \(local) is larger than \(WebrootSource.maximumFileSize) bytes; a validation file is a few bytes")
            }
            fixed[path] = Array(bytes)
        }
        var sources: [any TokenSource] = []
        if !fixed.isEmpty { sources.append(FixedTokens(fixed)) }
        if let webroot {
            do { sources.append(try WebrootSource(root: webroot)) } catch { throw InputError(description: error.description) }
        }
        if let storePath {
            do { sources.append(try TokenStoreSource(path: storePath)) } catch { throw InputError(description: error.description) }
        }
        guard !sources.isEmpty else {
            throw InputError(description: "nothing to serve: give --token PATH=CONTENT, --file NAME=LOCALFILE, --webroot DIR or --store")
        }
        return sources.count == 1 ? sources[0] : CombinedSource(sources)
    }
}
