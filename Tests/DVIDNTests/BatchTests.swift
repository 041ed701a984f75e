import Glibc
import Testing
import DVBasics
@testable import DVIDN

/// What `IDNBatch` writes per name in each mode: two columns when the direction is detected per name, only the
/// converted name when --to-ascii or --to-unicode forces it (idn2's output, for pipelines).
@Suite struct BatchTests {
    static func text(_ forced: IDNBatch.Direction?, _ names: [String]) -> (out: String, failures: Int) {
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0)
        defer { close(fds[0]) }
        var batch = IDNBatch(json: false, forced: forced, output: BufferedWriter(fileDescriptor: fds[1]),
                             errors: BufferedWriter(fileDescriptor: fds[1]))
        for name in names { batch.convert(Array(name.utf8), line: nil) }
        batch.output.flush()
        close(fds[1])
        var bytes: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fds[0], &block, block.count)
            if n <= 0 { break }
            bytes += block[0..<n]
        }
        return (String(decoding: bytes, as: UTF8.self), batch.failures)
    }

    @Test func autoDirectionPrintsBothForms() {
        let r = Self.text(nil, ["例子.中国", "xn--fa-hia.de"])
        #expect(r.out == "xn--fsqu00a.xn--fiqs8s\t例子.中国\nxn--fa-hia.de\tfaß.de\n")
        #expect(r.failures == 0)
    }

    @Test func toASCIIPrintsOnlyTheASCIIName() {
        let r = Self.text(.toASCII, ["例子.中国", "*.Bücher.example", "xn--fa-hia.de", "example.com"])
        #expect(r.out == "xn--fsqu00a.xn--fiqs8s\n*.xn--bcher-kva.example\nxn--fa-hia.de\nexample.com\n")
    }

    @Test func toUnicodePrintsOnlyTheUnicodeName() {
        let r = Self.text(.toUnicode, ["xn--fsqu00a.xn--fiqs8s", "XN--FA-HIA.DE", "例子.中国", "example.com"])
        #expect(r.out == "例子.中国\nfaß.de\n例子.中国\nexample.com\n")
    }
}
