import NIOConcurrencyHelpers
import NIOCore

/// Every connection the listeners accepted and the accept loops have not taken yet.
///
/// NIO hands accepted connections to the accept loop through the listener's stream, and drops those still in it
/// when the listener closes or its loop stops; a dropped `NIOAsyncChannel` that never ran `executeThenClose` traps
/// the process ("Deinited NIOAsyncWriter without calling finish()", swift-nio #2813), which happened whenever
/// clients connected while the server stopped (a CA's perspectives fetching at once as `--until-fetched` ends the
/// run). Held here from the moment it is made, a connection cannot be dropped: the loop takes it, or `closeUntaken` closes
/// it properly.
final class AcceptedConnections: Sendable {
    typealias Connection = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    private struct State {
        var open = true
        var waiting: [ObjectIdentifier: Connection] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// Holds a new connection; false once `closeUntaken` ran (the caller closes it itself).
    func hold(_ connection: Connection) -> Bool {
        state.withLockedValue { state in
            guard state.open else { return false }
            state.waiting[ObjectIdentifier(connection.channel)] = connection
            return true
        }
    }

    /// The accept loop has it.
    func take(_ connection: Connection) {
        _ = state.withLockedValue { $0.waiting.removeValue(forKey: ObjectIdentifier(connection.channel)) }
    }

    /// Holds no more, and closes every connection no loop took (the listeners have closed, the loops have ended).
    func closeUntaken() async {
        let untaken = state.withLockedValue { state in
            state.open = false
            defer { state.waiting = [:] }
            return Array(state.waiting.values)
        }
        for connection in untaken { await Self.discard(connection) }
    }

    /// Ends a connection nobody served: finishes its writer and closes it.
    static func discard(_ connection: Connection) async {
        try? await connection.executeThenClose { _, _ in }
    }
}
