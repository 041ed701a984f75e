import Testing
import DVTestSupport
@testable import DVDNS

@Suite("UDP/TCP transport against a scripted server")
struct TransportTests {
    let quick = QueryPolicy(timeout: .milliseconds(600), attempts: 2)

    @Test func acceptsOnlyTheReplyWithMatchingIdAndQuestion() async throws {
        let server = try await FakeDNSServer.start(udpReplies: { query in
            let (id, name) = WireBytes.idAndName(ofQuery: query)
            return [
                WireBytes.answer(id: id &+ 1, name: name, address: [6, 6, 6, 1]),          // wrong id
                WireBytes.answer(id: id, name: "other.test", address: [6, 6, 6, 2]),       // wrong question
                [0xDE, 0xAD, 0xBE, 0xEF] + Array(repeating: 0xFF, count: 20),             // garbage
                Array(WireBytes.answer(id: id, name: name, address: [6, 6, 6, 3]).prefix(20)), // truncated bytes
                WireBytes.answer(id: id, name: name, address: [192, 0, 2, 99]),
            ]
        })
        let client = try await DNSClient()
        let exchange = await client.query(DNSQuery(name: try DNSName("www.example.test"), type: .a), server: server.address, policy: quick)
        #expect(exchange.message?.answer.compactMap(\.address) == [IPAddress("192.0.2.99")!])
        await client.shutdown()
        await server.stop()
    }

    @Test func onlyMalformedRepliesEndInATimeoutThatSaysSo() async throws {
        let server = try await FakeDNSServer.start(udpReplies: { query in
            let (id, _) = WireBytes.idAndName(ofQuery: query)
            return [WireBytes.header(id: id, flags: 0x8400, an: 3) + [1, 2, 3]]
        })
        let client = try await DNSClient()
        let started = ContinuousClock.now
        let exchange = await client.query(DNSQuery(name: try DNSName("www.example.test"), type: .a), server: server.address, policy: quick)
        #expect(ContinuousClock.now - started < .seconds(2))
        guard case let .timeout(_, attempts, malformed)? = exchange.error else {
            Issue.record("expected a timeout, got \(exchange.outcome)")
            return
        }
        #expect(attempts == 2)
        #expect(malformed >= 1)
        #expect(exchange.error!.description.contains("malformed"))
        await client.shutdown()
        await server.stop()
    }

    @Test func silentServerTimesOutWithinTheBudget() async throws {
        let server = try await FakeDNSServer.start(udpReplies: { _ in [] })
        let client = try await DNSClient()
        let started = ContinuousClock.now
        let exchange = await client.query(DNSQuery(name: try DNSName("a.test"), type: .a), server: server.address,
                                          policy: QueryPolicy(timeout: .milliseconds(400), attempts: 3))
        let elapsed = ContinuousClock.now - started
        #expect(exchange.error?.code == "timeout")
        #expect(elapsed >= .milliseconds(390) && elapsed < .milliseconds(1500))
        await client.shutdown()
        await server.stop()
    }

    @Test func truncatedUDPAnswerIsRetriedOverTCP() async throws {
        let server = try await FakeDNSServer.start(
            udpReplies: { query in
                let (id, name) = WireBytes.idAndName(ofQuery: query)
                return [WireBytes.answer(id: id, name: name, address: [6, 6, 6, 6], truncated: true)]
            },
            tcpReply: { query in
                let (id, name) = WireBytes.idAndName(ofQuery: query)
                return [WireBytes.answer(id: id, name: name, address: [192, 0, 2, 77])]
            })
        let client = try await DNSClient()
        let exchange = await client.query(DNSQuery(name: try DNSName("big.example.test"), type: .a), server: server.address, policy: quick)
        #expect(exchange.transport == .tcp)
        #expect(exchange.message?.answer.compactMap(\.address) == [IPAddress("192.0.2.77")!])
        await client.shutdown()
        await server.stop()
    }

    @Test func truncatedEvenOverTCPIsAnError() async throws {
        let truncated: FakeDNSServer.Replies = { query in
            let (id, name) = WireBytes.idAndName(ofQuery: query)
            return [WireBytes.answer(id: id, name: name, address: [6, 6, 6, 6], truncated: true)]
        }
        let server = try await FakeDNSServer.start(udpReplies: truncated, tcpReply: truncated)
        let client = try await DNSClient()
        let exchange = await client.query(DNSQuery(name: try DNSName("big.example.test"), type: .a), server: server.address, policy: quick)
        #expect(exchange.error?.code == "truncated")
        await client.shutdown()
        await server.stop()
    }

    @Test func manyQueriesInFlightOnOneSocketEachGetTheirOwnAnswer() async throws {
        let server = try await FakeDNSServer.start(udpReplies: { query in
            let (id, name) = WireBytes.idAndName(ofQuery: query)
            let number = UInt8(name.split(separator: ".")[0].dropFirst())!
            return [WireBytes.answer(id: id, name: name, address: [10, 0, 0, number])]
        })
        let client = try await DNSClient()
        let results = await withTaskGroup(of: Bool.self) { group in
            for number in 0..<250 {
                group.addTask {
                    let name = try! DNSName("n\(number).example.test")
                    let exchange = await client.query(DNSQuery(name: name, type: .a), server: server.address, policy: quick)
                    return exchange.message?.answer.first?.address == IPAddress("10.0.0.\(number)")
                }
            }
            var good = 0
            for await ok in group where ok { good += 1 }
            return good
        }
        #expect(results == 250)
        await client.shutdown()
        await server.stop()
    }
}
