import DVTestSupport
import Testing

extension CLI.Result {
    /// Bad input as dvtool reports it: exit 2, one line on stderr that names `mentioned`, nothing on stdout.
    func expectBadInput(mentioning mentioned: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(status == 2, "\(stderr)", sourceLocation: sourceLocation)
        #expect(stderr.contains(mentioned), "\(stderr)", sourceLocation: sourceLocation)
        #expect(stderr.split(separator: "\n").count == 1, "one line: \(stderr)", sourceLocation: sourceLocation)
        #expect(stdout.isEmpty, "\(stdout)", sourceLocation: sourceLocation)
    }
}
