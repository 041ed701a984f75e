import DVDNS

/// A domain name from the command line: validated, in DNS (A-label) form, with the form the user typed.
struct DomainArgument {
    let name: DNSName
    let display: String

    init(_ text: String) throws(CLIError) {
        let trimmed = text.trimmingCharacters(in: [" ", "\t"])
        do {
            name = try DNSName(trimmed)
        } catch {
            throw .badInput(error.description)
        }
        display = trimmed
    }
}

private extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
