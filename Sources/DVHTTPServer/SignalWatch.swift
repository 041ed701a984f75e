import Dispatch
import Glibc

/// SIGINT and SIGTERM stop a server gracefully (open connections finish); SIGPIPE is ignored, so a client
/// that goes away cannot kill the process. Owned by the task that serves; not shared, so not Sendable.
public final class SignalWatch {
    private let sources: [any DispatchSourceSignal]

    init(onSignal: @escaping @Sendable () -> Void) {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: onSignal)
            source.resume()
            return source
        }
    }

    public func cancel() { sources.forEach { $0.cancel() } }
}

extension TokenServer {
    /// Stops this server on SIGINT or SIGTERM until the returned watch is cancelled.
    public func stopOnSignals() -> SignalWatch {
        SignalWatch { [self] in stop(.signal) }
    }
}
