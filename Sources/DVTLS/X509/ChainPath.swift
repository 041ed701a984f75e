/// The chain a client builds from a leaf and the certificates it was given: each next certificate is the one
/// that issued the last (names, key identifiers and signature), until a self-signed root or no issuer among them.
public struct ChainPath: Sendable {
    /// Leaf first, then each issuer in turn.
    public private(set) var certificates: [Certificate]
    /// Positions in the pool of the certificates on the path (the leaf's too, when it is in the pool).
    public private(set) var usedIndices: Set<Int>

    public init(leaf: Certificate, among pool: [Certificate]) {
        certificates = [leaf]
        usedIndices = Set(pool.indices.filter { pool[$0].der == leaf.der })
        while let last = certificates.last, !last.isSelfSigned,
              let next = pool.indices.first(where: { !usedIndices.contains($0) && last.isIssued(by: pool[$0]) }) {
            usedIndices.insert(next)
            certificates.append(pool[next])
        }
    }

    public var top: Certificate { certificates[certificates.count - 1] }

    /// The path ends at a self-signed root above the leaf.
    public var reachesRoot: Bool { certificates.count > 1 && top.isSelfSigned }

    /// The certificates between the leaf and the root (the root left out: clients have their own copy).
    public var intermediates: [Certificate] { Array(certificates.dropFirst().prefix(reachesRoot ? certificates.count - 2 : certificates.count - 1)) }
}
