import Foundation
import Testing
import DVTestSupport

/// docs/architecture.md's dependency list is generated from Package.swift, and every target's imports match
/// what Package.swift declares, so neither the map nor the manifest can drift from the code.
@Suite("Architecture")
struct ArchitectureTests {
    static let manifest = PackageManifest(CLI.packageRoot.appendingPathComponent("Package.swift"))
    static let document = CLI.packageRoot.appendingPathComponent("docs/architecture.md")
    static let begin = "<!-- deps:begin (generated from Package.swift by ArchitectureTests; DVTOOL_UPDATE_GOLDEN=1) -->"
    static let end = "<!-- deps:end -->"

    @Test func documentListsTheDeclaredDependencies() throws {
        let manifest = try Self.manifest.get()
        let generated = "```\n" + manifest.layers().map { $0.joined(separator: "  ") }.joined(separator: "\n") + "\n```\n\n"
            + manifest.sources.map { target in
                "- `\(target.name)` → " + (target.dependencies.isEmpty ? "nothing" : target.dependencies.sorted().map { "`\($0)`" }.joined(separator: ", "))
            }.joined(separator: "\n")
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        let start = try #require(text.range(of: Self.begin), "docs/architecture.md has no \(Self.begin) line")
        let stop = try #require(text.range(of: Self.end, range: start.upperBound..<text.endIndex))
        let block = "\n" + generated + "\n"
        if ProcessInfo.processInfo.environment["DVTOOL_UPDATE_GOLDEN"] == "1" {
            try text.replacingCharacters(in: start.upperBound..<stop.lowerBound, with: block)
                .write(to: Self.document, atomically: true, encoding: .utf8)
            return
        }
        #expect(String(text[start.upperBound..<stop.lowerBound]) == block,
                "docs/architecture.md's dependency list differs from Package.swift; run with DVTOOL_UPDATE_GOLDEN=1 and review the diff")
    }

    @Test func importsMatchDeclaredDependencies() throws {
        let manifest = try Self.manifest.get()
        let known = Set(manifest.targetNames).union(PackageManifest.products.values.flatMap(\.self))
        for target in manifest.sources where target.kind != "systemLibrary" {
            let imported = try Self.imports(of: target.name).intersection(known).subtracting([target.name])
            let declared = Set(target.dependencies)
            #expect(imported.subtracting(declared).isEmpty,
                    "\(target.name) imports \(imported.subtracting(declared).sorted()) without declaring them in Package.swift")
            #expect(declared.subtracting(imported).isEmpty,
                    "\(target.name) declares \(declared.subtracting(imported).sorted()) in Package.swift but never imports them")
        }
    }

    /// The DNS values module stays free of C and NIO: only pure-Swift targets below it.
    @Test func domainValuesLinkNoC() throws {
        let manifest = try Self.manifest.get()
        let byName = Dictionary(uniqueKeysWithValues: manifest.sources.map { ($0.name, $0) })
        var below: Set<String> = []
        var pending = ["DVDomain"]
        while let name = pending.popLast() {
            for dependency in byName[name]?.dependencies ?? [] where below.insert(dependency).inserted { pending.append(dependency) }
        }
        #expect(!below.isEmpty && below.isSubset(of: ["DVIDN", "DVBasics"]), "DVDomain depends on \(below.sorted())")
        #expect(!below.contains { byName[$0]?.kind == "systemLibrary" || PackageManifest.products[$0] != nil })
    }

    /// Module names the Swift files of `Sources/<target>` import (`import X`, `internal import X`, `@_exported import X`).
    static func imports(of target: String) throws -> Set<String> {
        let folder = CLI.packageRoot.appendingPathComponent("Sources/\(target)")
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        let pattern = try Regex(#"^\s*(?:@\w+\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+(\w+)"#)
            .anchorsMatchLineEndings()
        var names: Set<String> = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: pattern) { if let name = match.output[1].substring { names.insert(String(name)) } }
        }
        return names
    }
}

/// The targets of Package.swift and what each depends on, read from its text (no `swift package` run: that would
/// resolve packages). Products are named by the modules they bring (`nio` is NIOCore and NIOPosix).
struct PackageManifest: Sendable {
    struct Target: Sendable {
        let name: String
        let kind: String
        let dependencies: [String]
    }

    static let products: [String: [String]] = [
        "nio": ["NIOCore", "NIOPosix"], "NIOConcurrencyHelpers": ["NIOConcurrencyHelpers"], "ArgumentParser": ["ArgumentParser"],
    ]

    let url: URL
    init(_ url: URL) { self.url = url }

    struct Parsed {
        /// Library, executable and system-library targets in Package.swift's order (not tests or test support).
        let sources: [Target]
        let targetNames: [String]

        /// The package's own targets by height, top first: a target sits one row above the highest it depends on,
        /// so every arrow points down a row or more.
        func layers() -> [[String]] {
            let byName = Dictionary(uniqueKeysWithValues: sources.map { ($0.name, $0) })
            var height: [String: Int] = [:]
            func heightOf(_ name: String) -> Int {
                if let known = height[name] { return known }
                let below = (byName[name]?.dependencies ?? []).filter { byName[$0] != nil }.map(heightOf)
                let value = (below.max() ?? -1) + 1
                height[name] = value
                return value
            }
            let rows = Dictionary(grouping: sources.map(\.name), by: heightOf)
            return rows.keys.sorted(by: >).map { rows[$0]!.sorted() }
        }
    }

    func get() throws -> Parsed {
        let text = try String(contentsOf: url, encoding: .utf8)
        let declaration = try Regex(#"\.(target|executableTarget|systemLibrary|testTarget)\(name: "(\w+)""#)
        let declarations = text.matches(of: declaration)
        let names = declarations.compactMap { $0.output[2].substring.map(String.init) }
        var sources: [Target] = []
        for (index, match) in declarations.enumerated() {
            let kind = String(match.output[1].substring ?? "")
            let name = String(match.output[2].substring ?? "")
            guard kind != "testTarget", name != "DVTestSupport" else { continue }
            let next = index + 1 < declarations.count ? declarations[index + 1].range.lowerBound : text.endIndex
            var body = Substring(text[match.range.upperBound..<next])
            if let cut = body.range(of: "exclude:") ?? body.range(of: "resources:") ?? body.range(of: "path:") { body = body[..<cut.lowerBound] }
            var dependencies = body.matches(of: try Regex(#""(\w+)""#)).compactMap { $0.output[1].substring.map(String.init) }
                .filter { names.contains($0) || Self.products[$0] != nil }
            if body.range(of: "] + nio") != nil { dependencies.append("nio") }
            let modules = dependencies.flatMap { Self.products[$0] ?? [$0] }
            sources.append(Target(name: name, kind: kind, dependencies: Array(Set(modules))))
        }
        return Parsed(sources: sources, targetNames: names)
    }
}
