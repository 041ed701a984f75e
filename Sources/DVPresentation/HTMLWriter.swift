#if canImport(FoundationEssentials)
import DVReport
import FoundationEssentials
#else
import Foundation
#endif

/// Writes a `Document` as one self-contained page to attach to a ticket: the verdict sentence first (with
/// `data-verdict`), then the blocks; inline CSS, no script that runs, a CSP that forbids every fetch, the report's
/// JSON embedded, and the command line, tool version and time in the header and in print.
public struct HTMLWriter: Sendable {
    public struct Context: Sendable {
        public var commandLine: [String]
        public var version: String
        public var time: Date

        public init(commandLine: [String], version: String, time: Date) {
            self.commandLine = commandLine
            self.version = version
            self.time = time
        }
    }

    public static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

    public var context: Context

    public init(context: Context) { self.context = context }

    /// `json`: the report as `--format json` prints it, embedded for whoever reads the attachment with a program.
    public func write(_ document: Document, json: String?) -> String {
        let title = document.title.map { $0.plain.split(separator: "\n").first.map(String.init) ?? "" } ?? "dvtool report"
        let time = context.time.ISO8601Format()
        let command = HTML.escape(context.commandLine.map(ShellWord.quote).joined(separator: " "))
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(Self.contentSecurityPolicy)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>dvtool: \(HTML.escape(title))</title>
            <style>\(HTMLStyle.sheet)</style>
            </head>
            <body class="dvtool-report">
            <header>

            """
        if let verdict = document.verdict {
            page += "<p class=\"verdict verdict-\(verdict.word)\" id=\"verdict\" data-verdict=\"\(verdict.word)\">"
                + "<strong class=\"verdict-word\">\(Self.verdictWord(verdict))</strong>: \(HTML.escape(verdict.sentence))</p>\n"
        }
        if let heading = document.title { page += "<h1 class=\"title\">\(HTML.styled(heading))</h1>\n" }
        page += "<p class=\"run\">dvtool \(HTML.escape(context.version)) · <time datetime=\"\(time)\">\(time)</time> · <code class=\"command\">\(command)</code></p>\n"
        page += "</header>\n<main>\n" + HTMLBlocks.write(document.blocks) + "</main>\n"
        page += "<footer class=\"run\">Checked by dvtool \(HTML.escape(context.version)) at <time datetime=\"\(time)\">\(time)</time>: <code class=\"command\">\(command)</code></footer>\n"
        if let json { page += "<script type=\"application/json\" id=\"dvtool-data\">\(HTML.scriptSafeJSON(json))</script>\n" }
        return page + "</body>\n</html>"
    }

    static func verdictWord(_ verdict: DocumentVerdict) -> String {
        switch verdict.status {
        case .ok: "OK"
        case .problem: "Problem"
        case .error: "Could not check"
        }
    }
}

/// Escaping for text from the network (names, TXT values, headers) and for the embedded JSON.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Toned runs as spans with a class per tone (`tone-bad`): the words stay, colour only adds to them.
    static func styled(_ styled: Styled) -> String {
        styled.runs.map { run in
            run.tone.map { "<span class=\"tone-\($0.rawValue)\">\(escape(run.text))</span>" } ?? escape(run.text)
        }.joined()
    }

    /// JSON inside `<script>` must not contain `</script>` or `<!--`: every `<`, `>` and `&` (only ever inside JSON
    /// strings) becomes its `\u` escape, which JSON parsers read back as the same character.
    static func scriptSafeJSON(_ json: String) -> String {
        json.replacing("<", with: "\\u003c").replacing(">", with: "\\u003e").replacing("&", with: "\\u0026")
    }
}

/// A command line as a user would type it again.
enum ShellWord {
    static func quote(_ word: String) -> String {
        word.allSatisfy { $0.isLetter || $0.isNumber || "-_./:@=*".contains($0) } && !word.hasPrefix("*") ? word : "'" + word.replacing("'", with: "'\\''") + "'"
    }
}
