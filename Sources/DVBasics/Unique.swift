/// The items in their first-seen order, without repeats (NS sets, addresses, names, listening endpoints).
public func unique<T: Hashable>(_ items: [T]) -> [T] {
    var seen = Set<T>()
    return items.filter { seen.insert($0).inserted }
}
