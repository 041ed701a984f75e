import Testing
@testable import DVHTTPServer

@Suite struct RequestPathTests {
    @Test func acceptsPlainPaths() throws {
        #expect(try RequestPath.canonical("/.well-known/acme-challenge/abc_DEF-123").get() == "/.well-known/acme-challenge/abc_DEF-123")
        #expect(try RequestPath.canonical("/a/b?x=1").get() == "/a/b")
        #expect(try RequestPath.canonical("/%61bc").get() == "/abc")
        #expect(try RequestPath.canonical("/x/%61b/c?q=/../").get() == "/x/ab/c")
        #expect(try RequestPath.canonical("/a/b/").get() == "/a/b/")
        #expect(try RequestPath.canonical("/").get() == "/")
    }
}

@Suite struct RequestPathRejectionTests {
    @Test(arguments: [
        "/a/../b", "/..", "/a/%2e%2e/b", "/a/%2E%2e", "/a/.", "/a/./b", "/a//b", "//a",
        "/a%2fb", "/a%2Fb", "/a%5cb", "/a\\b", "/a%00b", "/a%0d%0a", "/a%25", "/a%", "/a%2", "/a%zz",
        "a", "*", "http://x/a", "/a#b", "/a b", "/\u{7F}", "/é",
        "/a?b\rc", "/a?\u{0}", "/a?b#c", "/a?é", "/a?b c", "/a?\\",
    ])
    func refused(_ target: String) {
        #expect((try? RequestPath.canonical(target).get()) == nil, "\(target)")
    }

    @Test func challengeFileNames() {
        #expect(RequestPath.challengeFileName("/.well-known/acme-challenge/abc")?.name == "abc")
        #expect(RequestPath.challengeFileName("/.well-known/pki-validation/x.txt")?.directory == ".well-known/pki-validation")
        #expect(RequestPath.challengeFileName("/.well-known/acme-challenge/") == nil)
        #expect(RequestPath.challengeFileName("/.well-known/acme-challenge/.hidden") == nil)
        #expect(RequestPath.challengeFileName("/.well-known/acme-challenge/a/b") == nil)
        #expect(RequestPath.challengeFileName("/other/abc") == nil)
    }
}
