using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;

namespace MLOps.Tool
{
    public sealed record TestOutcome(string TestName, string Outcome, string File)
    {
        public bool Passed => Outcome == "Passed";

        /// <summary>Skipped, not executed, pending...: the test did not run, so it is no evidence.</summary>
        public bool Ran => Outcome is "Passed" or "Failed" or "Error" or "Timeout" or "Aborted";
    }

    /// <summary>The outcomes of the generated tests, read from TRX files (`dotnet test --logger trx`).</summary>
    public sealed class TestResults
    {
        public static readonly TestResults None = new(Array.Empty<TestOutcome>(), Array.Empty<string>());

        public TestResults(IReadOnlyList<TestOutcome> outcomes, IReadOnlyList<string> files)
        {
            Outcomes = outcomes;
            Files = files;
        }

        public IReadOnlyList<TestOutcome> Outcomes { get; }
        public IReadOnlyList<string> Files { get; }
        public bool Any => Files.Count > 0;

        public static TestResults Load(IReadOnlyCollection<string>? inputs)
        {
            if (inputs is null || inputs.Count == 0)
            {
                return None;
            }

            var files = Inputs.ExpandFiles(inputs, "*.trx", "TRX file");
            var outcomes = new List<TestOutcome>();
            foreach (var file in files)
            {
                outcomes.AddRange(Read(Inputs.ReadText(file), Inputs.Display(file)));
            }

            return new TestResults(outcomes, files.Select(Inputs.Display).ToList());
        }

        public static IReadOnlyList<TestOutcome> Read(string text, string displayPath)
        {
            XDocument document;
            try
            {
                document = XDocument.Parse(text);
            }
            catch (XmlException e)
            {
                throw new InputException($"{displayPath}: not a TRX file (not XML: {Manifest.OneLine(e.Message)})");
            }

            if (document.Root?.Name.LocalName != "TestRun")
            {
                throw new InputException($"{displayPath}: not a TRX file (the root element is <{document.Root?.Name.LocalName}>, not <TestRun>)");
            }

            return document.Descendants()
                .Where(e => e.Name.LocalName == "UnitTestResult")
                .Select(e => new TestOutcome((string?)e.Attribute("testName") ?? "", (string?)e.Attribute("outcome") ?? "NotExecuted", displayPath))
                .OrderBy(o => o.TestName, StringComparer.Ordinal)
                .ThenBy(o => o.Outcome, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>The generated tests of one pipeline with the given check: display names start with the pipeline's
        /// manifest name (docs/test-scaffolding.md), "&lt;name&gt;: training is deterministic".</summary>
        public IReadOnlyList<TestOutcome> For(Pipeline pipeline, string check) =>
            Outcomes.Where(o => o.TestName.StartsWith(pipeline.Name + ": " + check, StringComparison.Ordinal)).ToList();
    }
}
