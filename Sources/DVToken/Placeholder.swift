// Placeholder until the module lands; replace with real sources.
enum DVTokenPlaceholder {}
