import DVDomain

/// A domain name from the command line: `DomainInput`, its refusal reported as bad input (exit 2) that names
/// the option.
extension DomainInput {
    init(_ text: String, option: String? = nil, allowWildcard: Bool = true) throws(CLIError) {
        do {
            try self.init(parsing: text, allowWildcard: allowWildcard)
        } catch {
            throw .badInput((option.map { "\($0): " } ?? "") + error.description)
        }
    }
}
