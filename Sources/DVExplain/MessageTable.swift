import FoundationEssentials

/// The message table, `MessageTable.json`, compiled into the module by SwiftPM's `embedInCode` (so the statically
/// linked release binary and the Debian package carry it with no resource bundle to find at run time).
extension MessagePattern {
    /// Every message `dvtool explain` recognises, in the table's order (the first of a role that matches wins).
    public static let all: [MessagePattern] = {
        do {
            return try decodeTable(Data(PackageResources.MessageTable_json))
        } catch {
            // The table is part of the program and Tests/DVExplainTests validates it: this is a build defect.
            preconditionFailure("MessageTable.json does not decode: \(error)")
        }
    }()

    /// A message table in the JSON form of `MessageTable.json`.
    public static func decodeTable(_ json: Data) throws -> [MessagePattern] {
        try JSONDecoder().decode([MessagePattern].self, from: json)
    }
}
