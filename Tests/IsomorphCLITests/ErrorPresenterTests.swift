import IsomorphCLI
import IsomorphCore
import Testing

@Suite struct ErrorPresenterTests {
    private func presenter(colour: Bool = false) -> (ErrorPresenter, CapturedOutput, CapturedOutput) {
        let out = CapturedOutput()
        let err = CapturedOutput()
        let env = CommandEnvironment(registry: StageRegistry(), output: out, errorOutput: err, usesColour: colour)
        return (ErrorPresenter(environment: env), out, err)
    }

    private let diagnostic = Diagnostic(
        at: SourceLocation(file: "s.yaml", line: 3, column: 9), subject: "stage 'a'", "unknown key 'usse'",
        suggestion: "uses", sourceLine: "\tx: { usse: 1 }")

    @Test func caretFollowsTabs() {
        let (p, _, _) = presenter()
        #expect(
            p.render(diagnostic) == """
                s.yaml:3:9: error: stage 'a': unknown key 'usse'. Did you mean 'uses'?
                \tx: { usse: 1 }
                \t       ^

                """)
    }

    @Test func colourOnlyWhenAsked() {
        let (p, _, _) = presenter(colour: true)
        let d = Diagnostic(.warning, at: SourceLocation(file: "s.yaml", line: 1, column: 1), "never used")
        #expect(p.render(d) == "\u{1B}[1ms.yaml:1:1:\u{1B}[0m \u{1B}[1;35mwarning:\u{1B}[0m never used\n")
    }

    @Test func exitStatuses() {
        struct Boom: Error, CustomStringConvertible { var description: String { "stage 'fit' failed: boom" } }
        let (p, _, err) = presenter()
        #expect(p.report(SpecError(diagnostic)) == 64)
        #expect(p.report(Boom()) == 1)
        #expect(err.text.hasSuffix("error: stage 'fit' failed: boom\n"))
    }

    @Test func helpAndVersionGoToStandardOutput() async {
        let help = await runCLI(["--help"])
        #expect(help.status == 0)
        #expect(help.output.hasPrefix("OVERVIEW: Declarative, cached pipelines"))
        #expect(help.output.contains("Exit status: 0 on success, 1 when a run fails, 64 when the spec"))
        let version = await runCLI(["--version"])
        #expect(version.output == EngineVersion.current + "\n")
        let unknown = await runCLI(["frobnicate"])
        #expect(unknown.status == 64)
        #expect(unknown.errors.hasPrefix("Error: Unexpected argument 'frobnicate'"))
    }
}
