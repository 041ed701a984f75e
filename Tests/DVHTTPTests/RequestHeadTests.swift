import Testing
@testable import DVHTTPServer

@Suite struct RequestHeadTests {
    static func parse(_ text: String) -> Result<RequestHead, RequestHead.Failure> {
        Array(text.utf8).withUnsafeBytes { RequestHead.parse($0) }
    }

    /// Why the head was refused, nil when it parsed.
    static func failure(_ text: String) -> RequestHead.Failure? {
        if case let .failure(failure) = parse(text) { return failure }
        return nil
    }

    @Test func readsTheFieldsTheServerUses() throws {
        let head = try Self.parse("GET /.well-known/acme-challenge/t?x=1 HTTP/1.1\r\nhOsT:  Example.TEST \r\n"
            + "User-Agent: Mozilla/5.0 (compatible; Let's Encrypt validation server)\r\nAccept: */*\r\n\r\n").get()
        #expect(head.method == .get)
        #expect(head.target == "/.well-known/acme-challenge/t?x=1")
        #expect(head.minorVersion == 1)
        #expect(head.host == "Example.TEST")
        #expect(head.hostCount == 1)
        #expect(head.userAgent == "Mozilla/5.0 (compatible; Let's Encrypt validation server)")
        #expect(head.keepAlive)
        #expect(!head.announcesBody)
    }

    @Test func bareLineFeedsAndLeadingEmptyLinesAreAccepted() throws {
        let head = try Self.parse("\r\n\nHEAD /a HTTP/1.0\nHost: a\n\n").get()
        #expect(head.method == .head)
        #expect(head.target == "/a")
        #expect(head.host == "a")
    }

    @Test func keepAliveFollowsVersionAndConnection() throws {
        #expect(try !Self.parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n").get().keepAlive)
        #expect(try !Self.parse("GET / HTTP/1.0\r\n\r\n").get().keepAlive)
        #expect(try Self.parse("GET / HTTP/1.0\r\nConnection: TE, Keep-Alive\r\n\r\n").get().keepAlive)
        #expect(try !Self.parse("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n").get().keepAlive)
        #expect(try Self.parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\n\r\n").get().keepAlive)
    }

    @Test func bodiesAreNoticed() throws {
        #expect(try !Self.parse("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 00\r\n\r\n").get().announcesBody)
        #expect(try Self.parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n").get().announcesBody)
        #expect(try Self.parse("POST / HTTP/1.1\r\nHost: a\r\ntransfer-encoding: chunked\r\n\r\n").get().announcesBody)
    }

    @Test func countsEveryHostField() throws {
        let head = try Self.parse("GET / HTTP/1.1\r\nHost: a\r\nHOST: b\r\n\r\n").get()
        #expect(head.host == "a")
        #expect(head.hostCount == 2)
        #expect(try Self.parse("GET / HTTP/1.1\r\n\r\n").get().hostCount == 0)
    }

    @Test func otherMethodsKeepTheirName() throws {
        #expect(try Self.parse("PROPFIND / HTTP/1.1\r\nHost: a\r\n\r\n").get().method == .other("PROPFIND"))
        // Methods are case-sensitive: "get" is not GET.
        #expect(try Self.parse("get / HTTP/1.1\r\nHost: a\r\n\r\n").get().method == .other("get"))
    }

    @Test func otherMajorVersionsAreUnsupported() {
        #expect(Self.failure("GET / HTTP/2.0\r\nHost: a\r\n\r\n") == .unsupportedVersion)
        #expect(Self.failure("PRI * HTTP/2.0\r\n\r\n") == .unsupportedVersion)
    }

    @Test(arguments: [
        "GARBAGE\r\n\r\n",
        "GET\r\n\r\n",
        "GET /\r\n\r\n",
        "GET  / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1 \r\n\r\n",
        "GET /\tHTTP/1.1\r\n\r\n",
        "GET / http/1.1\r\n\r\n",
        "GET / HTTP/1.10\r\n\r\n",
        "GET / HTTP/x.1\r\n\r\n",
        "G(T / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\n Host: a\r\n\r\n",
        "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
        "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
        "GET / HTTP/1.1\r\n: empty name\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: exa\u{0}mple\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n",
        "GET / HTTP/1.1\r\nX: \u{7F}\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: 1,1\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length:\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
        "\r\n\r\n",
    ])
    func malformedHeadsAreRefused(_ text: String) {
        #expect(Self.failure(text) == .malformed)
    }
}
