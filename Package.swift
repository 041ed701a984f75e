// swift-tools-version: 6.0
import PackageDescription

let nio: [Target.Dependency] = [
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
]

let package = Package(
    name: "dvtool",
    products: [
        .executable(name: "dvtool", targets: ["dvtool"]),
        .library(name: "DVIDN", targets: ["DVIDN"]),
        .library(name: "DVDomain", targets: ["DVDomain"]),
        .library(name: "DVDNS", targets: ["DVDNS"]),
        .library(name: "DVResolve", targets: ["DVResolve"]),
        .library(name: "DVTXT", targets: ["DVTXT"]),
        .library(name: "DVCAA", targets: ["DVCAA"]),
        .library(name: "DVDNSSEC", targets: ["DVDNSSEC"]),
        .library(name: "DVCrypto", targets: ["DVCrypto"]),
        .library(name: "DVMethod", targets: ["DVMethod"]),
        .library(name: "DVToken", targets: ["DVToken"]),
        .library(name: "DVHTTPServer", targets: ["DVHTTPServer"]),
        .library(name: "DVHTTPCheck", targets: ["DVHTTPCheck"]),
        .library(name: "DVTLS", targets: ["DVTLS"]),
        .library(name: "DVFlush", targets: ["DVFlush"]),
        .library(name: "DVChecks", targets: ["DVChecks"]),
        .library(name: "DVDoctor", targets: ["DVDoctor"]),
        .library(name: "DVHook", targets: ["DVHook"]),
        .library(name: "DVPerspective", targets: ["DVPerspective"]),
        .library(name: "DVExplain", targets: ["DVExplain"]),
        .library(name: "DVPresentation", targets: ["DVPresentation"]),
        .library(name: "DVPath", targets: ["DVPath"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CLDNS", pkgConfig: "ldns", providers: [.apt(["libldns-dev"]), .brew(["ldns"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]),
        // Raw per-thread credential system calls for `serve --user` (glibc's wrappers skip a parked main thread).
        .systemLibrary(name: "CThreadCredentials"),

        // String and path helpers that would otherwise need full Foundation.
        .target(name: "DVBasics"),
        // The one blocking-socket layer: deadline-bounded TCP connect, waits, reads and writes; runOnThread.
        .target(name: "DVSocket", dependencies: ["DVBasics"]),
        // Unicode IDNA (UTS #46) and Punycode; pure Swift, tables generated from Unicode's files.
        .target(name: "DVIDN", dependencies: ["DVBasics"]),
        // The DNS values (names, addresses, record types, records, messages, DomainInput, the CNAME chase): no C,
        // no NIO, so a module that only names domains links neither.
        .target(name: "DVDomain", dependencies: ["DVIDN"], resources: [.embedInCode("PublicSuffixes.dat")]),
        // ldns wire format, concurrent UDP/TCP transport, delegation walk; re-exports DVDomain.
        .target(name: "DVDNS", dependencies: ["CLDNS", "DVBasics", "DVDomain"] + nio + [.product(name: "NIOConcurrencyHelpers", package: "swift-nio")]),
        // The validation methods (dns-01 … dns-persist-01) with their ACME and Open MPIC names, DNS labels and
        // HTTP paths, the dns-persist-01 record syntax and the dated Baseline Requirements calendar; no C (DVIDN is Swift).
        .target(name: "DVMethod", dependencies: ["DVIDN"]),
        // The result vocabulary every check shares: Problem, its codes, CheckStatus (status → exit code), a checklist
        // row's Verdict and CheckItem.
        .target(name: "DVReport"),
        // DNSSEC validation from a trust anchor, zone cut by zone cut, behind `dvtool dnssec` and the other checks.
        .target(name: "DVDNSSEC", dependencies: ["DVBasics", "DVDNS", "DVReport"]),
        // The A/AAAA check behind `dvtool resolve`.
        .target(name: "DVResolve", dependencies: ["DVBasics", "DVCrypto", "DVDNS", "DVDNSSEC", "DVReport"]),
        // CAA (RFC 8659, RFC 8657) as a CA evaluates it, behind `dvtool caa` and every check that asks about CAA;
        // the one list of CAs (names, issuer domains) that --ca, DVTOOL_CA and mpic's CAA requests name.
        .target(name: "DVCAA", dependencies: ["DVBasics", "DVDNS", "DVDNSSEC", "DVReport"]),
        // TXT challenge propagation behind `dvtool txt` (with --ca, the CAA check rides along).
        .target(name: "DVTXT", dependencies: ["DVCAA", "DVDNS", "DVDNSSEC", "DVMethod", "DVReport"]),
        // The one OpenSSL layer under DVCrypto and DVTLS: one owner class per C type, one error-queue reader.
        .target(name: "DVOpenSSL", dependencies: ["COpenSSL"]),
        // OpenSSL 3 behind Swift values: randomness, digests, keys, CSRs.
        .target(name: "DVCrypto", dependencies: ["COpenSSL", "DVBasics", "DVOpenSSL"]),
        // Challenge generation (generic, ACME, Sectigo) and the token store.
        .target(name: "DVToken", dependencies: ["DVBasics", "DVCrypto", "DVDomain", "DVMethod"]),
        // The hardened NIO token server behind `dvtool serve`.
        .target(name: "DVHTTPServer", dependencies: ["CThreadCredentials", "DVBasics", "DVDomain", "DVToken"] + nio + [.product(name: "NIOConcurrencyHelpers", package: "swift-nio")]),
        // The blocking CA-style fetch check behind `dvtool http-check`: plain TCP and TLS hops, no NIO.
        .target(name: "DVHTTPCheck", dependencies: ["DVBasics", "DVDNS", "DVReport", "DVSocket", "DVTLS"]),
        // X.509 and TLS checks on OpenSSL 3.
        .target(name: "DVTLS", dependencies: ["COpenSSL", "DVBasics", "DVOpenSSL", "DVCrypto", "DVReport", "DVSocket"]),
        // Running programs (posix_spawn, bounded in time, output collected) for the checks that must.
        .target(name: "DVProcess", dependencies: ["DVBasics"]),
        // DNS cache flush guidance per OS and caching service.
        .target(name: "DVFlush", dependencies: ["DVBasics", "DVProcess", "DVReport"]),
        // The checks wired together from what a user gives: one set of DNS settings (client, delegation walker,
        // resolvers, DNSSEC), a probe's host and SNI name. What a front end (the CLI, a hook) builds first.
        .target(name: "DVChecks", dependencies: ["DVBasics", "DVCAA", "DVDNS", "DVDNSSEC", "DVHTTPCheck", "DVResolve", "DVSocket", "DVTXT"]),
        // The one-shot checklist behind `dvtool doctor`, composed of the checks above.
        .target(name: "DVDoctor", dependencies: ["DVBasics", "DVCAA", "DVChecks", "DVDomain", "DVDNSSEC", "DVReport", "DVResolve", "DVSocket", "DVTXT", "DVHTTPCheck", "DVTLS", "DVPath", "DVMethod"]),
        // The gate inside ACME clients' hooks (certbot, lego, dehydrated, acme.sh): records, per-order state, polling.
        .target(name: "DVHook", dependencies: ["DVBasics", "DVCAA", "DVChecks", "DVCrypto", "DVDomain", "DVHTTPCheck", "DVMethod", "DVProcess", "DVReport", "DVToken", "DVTXT"]),
        // Multi-perspective checks: the Open MPIC agent (`dvtool agent`) and the quorum coordinator (`dvtool mpic`).
        .target(name: "DVPerspective", dependencies: ["DVBasics", "DVCAA", "DVChecks", "DVDNS", "DVHTTPCheck", "DVProcess", "DVMethod", "DVReport", "DVSocket", "DVToken", "DVTXT"]),
        // `dvtool explain`: CA and ACME-client messages as data, their causes and the check that reproduces them.
        .target(name: "DVExplain", dependencies: ["DVMethod", "DVReport"], resources: [.embedInCode("MessageTable.json")]),
        // `dvtool path`: the CNAME chain to a CDN/WAF/origin, per node the certificate served for the domain, the
        // provider named from sourced data (Providers/, with its licence notices), ICP block pages.
        .target(name: "DVPath", dependencies: ["DVBasics", "DVChecks", "DVDomain", "DVHTTPCheck", "DVReport", "DVResolve", "DVSocket", "DVTLS"],
                exclude: ["Providers/LICENSE-cdncheck", "Providers/LICENSE-wafw00f"],
                resources: [.embedInCode("Providers/ProviderTable.json")]),
        // Text and JSON renderings of every report, reusable by other front ends (ACME-client hooks); no ArgumentParser.
        .target(name: "DVPresentation", dependencies: ["DVBasics", "DVCAA", "DVExplain", "DVPath", "DVHook", "DVPerspective", "DVReport", "DVResolve", "DVTXT", "DVDNSSEC", "DVSocket", "DVTLS", "DVHTTPCheck", "DVFlush", "DVToken", "DVDoctor", "DVMethod"]),

        .executableTarget(name: "dvtool", dependencies: [
            "DVBasics", "DVCAA", "DVChecks", "DVIDN", "DVDomain", "DVReport", "DVResolve", "DVSocket", "DVTXT", "DVDNSSEC", "DVToken", "DVHTTPServer", "DVHTTPCheck", "DVTLS", "DVFlush", "DVProcess", "DVDoctor", "DVExplain", "DVHook", "DVPath", "DVPerspective", "DVPresentation", "DVMethod",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ]),

        // Runs the built dvtool binary in tests; the hermetic fake DNS world (zones/ served on ports of 127.0.0.1).
        .target(name: "DVTestSupport", dependencies: ["DVDNS"] + nio, path: "Tests/DVTestSupport"),

        .testTarget(name: "DVBasicsTests", dependencies: ["DVBasics"]),
        .testTarget(name: "DVIDNTests", dependencies: ["DVIDN", "DVTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DVDNSTests", dependencies: ["DVDNS", "DVTestSupport"] + nio),
        .testTarget(name: "DVResolveTests", dependencies: ["DVResolve", "DVReport", "DVDNS", "DVTestSupport"]),
        .testTarget(name: "DVTXTTests", dependencies: ["DVCAA", "DVTXT", "DVDNS", "DVReport", "DVTestSupport"]),
        .testTarget(name: "DVCryptoTests", dependencies: ["DVCrypto"]),
        .testTarget(name: "DVTokenTests", dependencies: ["DVToken", "DVCrypto", "DVDomain", "DVMethod", "DVTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "DVMethodTests", dependencies: ["DVMethod"]),
        .testTarget(name: "DVHTTPTests", dependencies: ["DVHTTPServer", "DVHTTPCheck", "DVTestSupport"] + nio),
        .testTarget(name: "DVTLSTests", dependencies: ["DVReport", "DVTLS", "DVTestSupport"]),
        .testTarget(name: "DVFlushTests", dependencies: ["DVFlush", "DVProcess", "DVTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "DVDoctorTests", dependencies: ["DVDoctor", "DVTestSupport"]),
        .testTarget(name: "DVExplainTests", dependencies: ["DVExplain"], exclude: ["Fixtures"]),
        .testTarget(name: "DVHookTests", dependencies: ["DVHook", "DVChecks", "DVCrypto", "DVDomain"]),
        .testTarget(name: "DVPerspectiveTests", dependencies: ["DVMethod", "DVPerspective"]),
        .testTarget(name: "DVChecksTests", dependencies: ["DVChecks", "DVBasics", "DVDNS", "DVHTTPCheck", "DVTestSupport"]),
        .testTarget(name: "DVDNSSECTests", dependencies: ["DVDNSSEC", "DVDNS", "DVTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "DVPathTests", dependencies: ["DVPath", "DVHTTPCheck", "DVTLS", "DVTestSupport"]),
        .testTarget(name: "DVPresentationTests", dependencies: ["DVPresentation", "DVCAA", "DVDoctor", "DVTXT", "DVResolve", "DVDNSSEC", "DVTLS",
                                                                "DVSocket", "DVPath", "DVPerspective", "DVReport", "DVTestSupport"],
                    exclude: ["Fixtures", "Golden"]),
        .testTarget(name: "dvtoolTests", dependencies: ["dvtool", "DVTestSupport"], exclude: ["Golden"]),
    ]
)
