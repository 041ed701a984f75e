import ArgumentParser
import DVBasics
import DVDomain

/// `caa --from FILE`: more names beside the arguments, read whole before any is checked (a bad line is bad input
/// before a query goes out).
struct NamesFileOption: ParsableArguments {
    @Option(name: .customLong("from"), help: ArgumentHelp("Also check every name in FILE (one per line, '-' for stdin).", valueName: "file"))
    var path: String?

    /// The names of FILE: one per line; blank lines and `#` comments skipped; none without --from.
    func names() throws -> [DomainInput] {
        guard let path else { return [] }
        let reader = try LineReader(path: path)
        var names: [DomainInput] = []
        while let line = reader.next() {
            let text = line.text.trimming(" \t")
            guard !text.isEmpty, !text.hasPrefix("#") else { continue }
            do { names.append(try DomainInput(text)) } catch {
                throw UserFailure(.badInput, "\(path) line \(line.number): \(error.description)")
            }
        }
        return names
    }
}
