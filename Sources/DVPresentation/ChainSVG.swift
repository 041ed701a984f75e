/// A chain (DNSSEC root → … → name, or certificate leaf → intermediates) as inline SVG drawn by dvtool: one box per
/// node with its state written in it, an arrow between boxes, and the broken link drawn dashed and labelled in
/// words. Colour only repeats what the words say; each box has a `<title>` with its full text.
enum ChainSVG {
    static let width = 880
    static let lineHeight = 16
    static let gap = 40

    static func figure(_ chain: ChainFigure) -> String {
        guard !chain.nodes.isEmpty else { return "" }
        var body = ""
        var y = 10
        for (index, node) in chain.nodes.enumerated() {
            if index > 0 || node.broken {
                body += connector(top: y, node: node, first: index == 0)
                y += gap
            }
            body += box(node, top: y)
            y += 30 + node.lines.count * lineHeight + 10
        }
        let broken = chain.nodes.filter(\.broken).map { "Broken link at \($0.title): \($0.brokenReason ?? $0.state)" }
        return "<figure class=\"chain\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(width)\" height=\"\(y)\" viewBox=\"0 0 \(width) \(y)\" "
            + "aria-label=\"\(HTML.escape(chain.caption))\">\n<title>\(HTML.escape(chain.caption))</title>\n\(body)</svg>\n"
            + "<figcaption>\(HTML.escape(chain.caption))" + broken.map { "<br><strong class=\"broken-link\">\(HTML.escape($0))</strong>" }.joined()
            + "</figcaption>\n</figure>\n"
    }

    private static func box(_ node: ChainFigure.Node, top: Int) -> String {
        let height = 20 + node.lines.count * lineHeight + 10
        var svg = "<g class=\"node state-\(HTML.escape(node.state))\(node.broken ? " broken" : "")\">"
            + "<title>\(HTML.escape(([node.title, node.state] + node.lines).joined(separator: "\n")))</title>"
            + "<rect x=\"10\" y=\"\(top)\" width=\"\(width - 20)\" height=\"\(height)\" rx=\"6\"\(node.broken ? " stroke-dasharray=\"6 4\"" : "")/>"
            + "<text class=\"node-title\" x=\"22\" y=\"\(top + 18)\">\(HTML.escape(clip(node.title, 80))) [\(HTML.escape(node.state))]</text>"
        for (index, line) in node.lines.enumerated() {
            svg += "<text class=\"node-line\" x=\"30\" y=\"\(top + 18 + (index + 1) * lineHeight)\">\(HTML.escape(clip(line, 118)))</text>"
        }
        return svg + "</g>\n"
    }

    /// The arrow into a node; into a broken node, dashed, with "✗ broken: why" beside it.
    private static func connector(top: Int, node: ChainFigure.Node, first: Bool) -> String {
        let x = 40
        var svg = "<g class=\"link\(node.broken ? " broken" : "")\">"
        if !first {
            svg += "<line x1=\"\(x)\" y1=\"\(top)\" x2=\"\(x)\" y2=\"\(top + gap - 4)\"\(node.broken ? " stroke-dasharray=\"4 3\"" : "")/>"
                + "<path d=\"M\(x - 5) \(top + gap - 10) L\(x) \(top + gap - 3) L\(x + 5) \(top + gap - 10)\"/>"
        }
        if node.broken {
            svg += "<text class=\"link-label\" x=\"\(x + 14)\" y=\"\(top + gap / 2 + 5)\">✗ broken: \(HTML.escape(clip(node.brokenReason ?? node.state, 110)))</text>"
        }
        return svg + "</g>\n"
    }

    private static func clip(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }
}
