import IsomorphCLI

@main
struct Entrypoint {
    static func main() async { await CommandLineTool.main() }
}
