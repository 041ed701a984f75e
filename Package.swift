// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "dvtool",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dvtool", targets: ["dvtool"]),
        .library(name: "DVIDN", targets: ["DVIDN"]),
        .library(name: "DVDNS", targets: ["DVDNS"]),
        .library(name: "DVResolve", targets: ["DVResolve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CLDNS", pkgConfig: "ldns", providers: [.apt(["libldns-dev"]), .brew(["ldns"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]),

        // Unicode IDNA (UTS #46) and Punycode; pure Swift, tables generated from Unicode's files.
        .target(name: "DVIDN"),
        // DNS values, ldns wire format, concurrent UDP/TCP transport, delegation walk.
        .target(name: "DVDNS", dependencies: [
            "CLDNS",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        // The A/AAAA check behind `dvtool resolve`.
        .target(name: "DVResolve", dependencies: ["DVDNS"]),

        .executableTarget(name: "dvtool", dependencies: [
            "DVIDN", "DVDNS", "DVResolve",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "DVIDNTests", dependencies: ["DVIDN"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DVDNSTests", dependencies: [
            "DVDNS",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .testTarget(name: "DVResolveTests", dependencies: ["DVResolve", "DVDNS"]),
    ]
)
