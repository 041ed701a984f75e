import ArgumentParser

struct OutputOptions: ParsableArguments {
    @Flag(help: "Print machine-readable JSON instead of a table.")
    var json = false
}
