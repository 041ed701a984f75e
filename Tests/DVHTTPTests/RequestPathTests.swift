import Testing
@testable import DVHTTP

@Suite struct RequestPathTests {
    @Test func acceptsPlainPaths() {
        #expect(try RequestPath.canonical("/.well-known/acme-challenge/abc_DEF-123").get() == "/.well-known/acme-challenge/abc_DEF-123")
        #expect(try RequestPath.canonical("/a/b?x=1").get() == "/a/b")
        #expect(try RequestPath.canonical("/%61bc").get() == "/abc")
        #expect(try RequestPath.canonical("/").get() == "/")
    }
}
