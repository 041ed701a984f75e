import DVBasics

/// A left-aligned text table whose columns fit their widest cell.
public struct TextTable {
    public var header: [String]
    public var rows: [[String]] = []

    public init(header: [String]) { self.header = header }

    public func render(painting paint: (Int, String) -> String = { _, text in text }) -> String {
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func format(_ cells: [String], rowIndex: Int?) -> String {
            cells.enumerated().map { column, cell in
                let padded = cell.padded(toLength: widths[column])
                return rowIndex.map { _ in paint(column, padded) } ?? padded
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        return ([ANSIStyle.paint(format(header, rowIndex: nil), .bold)]
                + rows.enumerated().map { format($0.element, rowIndex: $0.offset) }).joined(separator: "\n")
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.hasSuffix(" ") { copy.removeLast() }
        return copy
    }
}
