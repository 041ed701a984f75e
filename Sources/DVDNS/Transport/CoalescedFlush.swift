import NIOCore

/// Writes made within one event-loop tick leave in one flush: one sendmmsg for a UDP batch, one write for
/// pipelined TCP queries. Lives in a handler and is used only on its event loop.
struct CoalescedFlush {
    private final class Flag { var queued = false }
    private let flag = Flag()

    func request(_ context: ChannelHandlerContext) {
        guard !flag.queued else { return }
        flag.queued = true
        let flag = flag
        context.eventLoop.assumeIsolatedUnsafeUnchecked().execute { [weak context] in
            flag.queued = false
            context?.flush()
        }
    }
}
