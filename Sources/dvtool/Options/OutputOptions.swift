import ArgumentParser
import DVBasics
import DVPresentation
import DVToken
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `--format text|json|html` (`--json` is `--format json`) and `--output FILE`: the one place a command's output
/// format is chosen. A command hands its report (the JSON) and its document (text and HTML) to `print`.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print machine-readable JSON instead of a table (same as --format json).")
    var json = false

    @Option(help: ArgumentHelp("text, json, or html (one self-contained page: doctor, txt, resolve, dnssec, caa, cert, path, mpic).",
                               valueName: "format"))
    var format: OutputFormat?

    @Option(name: .customLong("output"), help: ArgumentHelp("Write the report to FILE instead of standard output (replaced whole, never half-written).",
                                                            valueName: "file"))
    var file: String?

    func validate() throws {
        if json, let format, format != .json { throw ValidationError("--json and --format \(format.rawValue) disagree: give one of them") }
    }

    /// The format asked for.
    var chosen: OutputFormat { json ? .json : format ?? .text }

    /// Whether the report is written as JSON (scripts read the same JSON from `--format json` and `--json`).
    var isJSON: Bool { chosen == .json }

    /// Writes `report` as JSON or `document()` as text or HTML, to stdout or `--output`.
    func print(_ report: some Encodable, document: () -> Document) throws(UserFailure) {
        switch chosen {
        case .json: try emit(JSONOutput.encode(report, pretty: true))
        case .text: try emit(TextWriter(colour: file == nil && ANSIStyle.enabled).write(document()))
        case .html: try emit(HTMLWriter(context: Self.pageContext()).write(document(), json: JSONOutput.encode(report, pretty: true)))
        }
    }

    /// Several reports of one kind (`caa` over several names): JSON one compact object per line (one report: as
    /// `print`), text a blank line apart, HTML one page.
    func print<Report: Encodable>(_ reports: [Report], document: (Report) -> Document) throws(UserFailure) {
        guard reports.count != 1 else { return try print(reports[0]) { document(reports[0]) } }
        switch chosen {
        case .json: try emit(reports.map { JSONOutput.encode($0) }.joined(separator: "\n"))
        case .text:
            let writer = TextWriter(colour: file == nil && ANSIStyle.enabled)
            try emit(reports.map { writer.write(document($0)) }.joined(separator: "\n\n"))
        case .html:
            try emit(HTMLWriter(context: Self.pageContext()).write(.merging(reports.map(document)), json: JSONOutput.encode(reports, pretty: true)))
        }
    }

    /// Commands whose output is not one report (a question, the output of the check they ran, a PEM on stdout, a
    /// stream) write text or JSON to stdout only.
    func textOrJSON(_ command: String) throws(CLIError) {
        if chosen == .html { throw CLIError.badInput("--format html is for a report (doctor, txt, resolve, dnssec, caa, cert check, cert probe, path, mpic, http-check); \(command) writes text or JSON") }
        if file != nil { throw CLIError.badInput("--output is for a report; \(command) writes to standard output (redirect it with > FILE)") }
    }

    /// A document as text, for a command that writes its parts itself.
    func text(_ document: Document) -> String { TextWriter(colour: file == nil && ANSIStyle.enabled).write(document) }

    /// A page built from many results (`resolve --from --format html`): `json` is the run's rows.
    func page(_ document: Document, json: String) throws(UserFailure) {
        try emit(HTMLWriter(context: Self.pageContext()).write(document, json: json))
    }

    /// Text or JSON a command wrote itself (the lines of `resolve --from`, `caa` over several names).
    func emit(_ text: String) throws(UserFailure) {
        guard let file else { return Terminal.line(text) }
        do throws(TokenError) {
            try AtomicFile.write(Array((text + "\n").utf8), to: file, overwrite: true)
        } catch {
            throw UserFailure(.badInput, "cannot write --output \(file): \(error.description)")
        }
    }

    /// The command line, the tool's version and the time, printed in the page's header and footer.
    static func pageContext() -> HTMLWriter.Context {
        HTMLWriter.Context(commandLine: ["dvtool"] + CommandLine.arguments.dropFirst(), version: DVTool.configuration.version, time: Date())
    }
}

extension OutputFormat: ExpressibleByArgument {}
