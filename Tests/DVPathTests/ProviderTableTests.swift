@testable import DVHTTPCheck
@testable import DVPath
import Testing

@Suite struct ProviderTableTests {
    let table = ProviderTable.builtIn

    @Test func everyRowHasASourceTheTableNamesAndAPatternThatCompiles() throws {
        #expect(table.products.count >= 15)
        for product in table.products {
            #expect(!product.cnames.isEmpty || !product.headers.isEmpty, "\(product.id) identifies nothing")
            for source in product.cnames.map(\.source) + product.headers.map(\.source) {
                let key = String(source.prefix { $0 != ":" && $0 != " " })
                #expect(table.sources[key] != nil || key == "Wappalyzer", "\(product.id): source \"\(source)\" names no known source")
            }
            for signature in product.headers { _ = try Regex(signature.pattern) }
        }
        #expect(Set(table.products.map(\.id)).count == table.products.count)
    }

    @Test func theProvidersTheIssueListsAreThere() {
        let providers = Set(table.products.map(\.provider))
        for provider in ["Alibaba Cloud", "Tencent Cloud", "Huawei Cloud", "Baidu AI Cloud", "Wangsu (ChinaNetCenter)", "Qiniu",
                         "Cloudflare", "Akamai", "Fastly", "Amazon", "Microsoft Azure", "Google Cloud"] {
            #expect(providers.contains(provider), "\(provider) missing")
        }
    }

    @Test(arguments: [
        ("www.example.com.w.kunlunsl.com.", "alibaba-cdn", "w.kunlunsl.com"),
        ("www.example.com.cdn.dnsv1.com", "tencent-cdn", "cdn.dnsv1.com"),
        // The longer suffix wins over the bare dnsv1.com cdncheck also lists.
        ("shop.example.com.dsa.dnsv1.com", "tencent-ecdn", "dsa.dnsv1.com"),
        ("x.example.com.eo.dnse2.com", "tencent-edgeone", "eo.dnse2.com"),
        ("50fqmu1ci7g0xtiyxnrhgx6qdhmn1234.yundunwaf5.com", "alibaba-waf", "yundunwaf5.com"),
        ("EXAMPLE.wscdns.com", "wangsu-cdn", "wscdns.com"),
        ("d111111abcdef8.cloudfront.net", "cloudfront", "cloudfront.net"),
        ("a.customcdn.com.cn", "wangsu-cdn", "customcdn.com.cn"),
    ])
    func suffixesMatchOnLabelBoundariesLongestFirst(name: String, id: String, suffix: String) throws {
        let match = try #require(table.match(cname: name))
        #expect(match.product.id == id)
        #expect(match.suffix == suffix)
        #expect(!match.source.isEmpty)
    }

    @Test(arguments: ["www.notkunlunsl.com", "example.xcloudfront.net", "kunlunsl.com.example.test", "w.kunlunsl.co",
                      "cdn.example.huaweicloud.com"])
    func aNameThatOnlyContainsASuffixMatchesNothing(name: String) {
        #expect(table.match(cname: name) == nil)
    }

    @Test func headersNameTheProductWithTheSignatureThatMatched() throws {
        let headers = [HTTPHeaderField(name: "server", value: "Tengine"),
                       HTTPHeaderField(name: "Via", value: "cache13.l2cn1809[0,0,200-0,H], kunlun3.cn7174[0,0,200-0,H]"),
                       HTTPHeaderField(name: "eagleid", value: "b4a3921c17389089757582374e")]
        let match = try #require(table.match(headers: headers).first)
        #expect(match.product.id == "alibaba-cdn")
        #expect(match.hits.map(\.header).sorted() == ["Via", "eagleid"])
        #expect(table.match(headers: [HTTPHeaderField(name: "Server", value: "nginx")]).isEmpty)
        #expect(table.match(headers: [HTTPHeaderField(name: "CF-Ray", value: "8f1a2b3c4d5e6f70-HKG")]).first?.product.id == "cloudflare")
        #expect(table.match(headers: [HTTPHeaderField(name: "Server", value: "TencentEdgeOne")]).first?.product.id == "tencent-edgeone")
    }
}
