using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Running;
using Microsoft.CodeAnalysis;
using MLOps.Analyzers.Generators;

namespace MLOps.Analyzers.Benchmarks
{
    /// <summary>
    /// <c>dotnet run -c Release -- --filter '*'</c> runs the BenchmarkDotNet suite; <c>-- --smoke</c> runs every benchmark
    /// body once, without BenchmarkDotNet, and prints what each analyzer set reports and how many pipelines each
    /// generator case finds, and how many tests each scaffolding case generates (a check that takes seconds;
    /// <c>-- --smoke-scaffolding</c> runs the scaffolding part alone); <c>-- --write-project &lt;dir&gt; [--files N]</c> writes the
    /// synthetic files as a real project that loads the built analyzers, to time them in <c>dotnet build</c>.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Contains("--smoke", StringComparer.Ordinal))
            {
                return Smoke();
            }

            if (args.Contains("--analyze-dir", StringComparer.Ordinal))
            {
                return ScalingWorkload.RunDirectory(args);
            }

            if (args.Contains("--scaling", StringComparer.Ordinal))
            {
                return ScalingWorkload.Run(args);
            }

            if (args.Contains("--smoke-tool", StringComparer.Ordinal))
            {
                bool ran = SmokeTool();
                Console.WriteLine(ran ? "Smoke run OK." : "Smoke run FAILED.");
                return ran ? 0 : 1;
            }

            if (args.Contains("--smoke-scaffolding", StringComparer.Ordinal))
            {
                CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
                bool scaffolded = SmokeScaffolding();
                Console.WriteLine(scaffolded ? "Smoke run OK." : "Smoke run FAILED.");
                return scaffolded ? 0 : 1;
            }

            int servingScaling = Array.IndexOf(args, "--serving-scaling");
            if (servingScaling >= 0)
            {
                return ServingScalingBenchmarks.RunConsole(args.Skip(servingScaling + 1).ToArray());
            }

            if (args.Contains("--generator-scaling", StringComparer.Ordinal))
            {
                CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
                return GeneratorScaling(args);
            }

            if (args.Contains("--generator-floor", StringComparer.Ordinal))
            {
                CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
                return GeneratorFloor(args);
            }

            int write = Array.IndexOf(args, "--write-project");
            if (write >= 0)
            {
                return WriteProject(args, write);
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }

        private static int Smoke()
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            var setup = Stopwatch.StartNew();
            var workload = AnalyzerWorkload.Create();
            var kinds = SyntheticSources.Generate(AnalyzerWorkload.FileCount, AnalyzerWorkload.Seed)
                .GroupBy(file => file.Kind)
                .OrderBy(group => group.Key)
                .Select(group => $"{group.Key} {group.Count()}");
            Console.WriteLine($"{workload.Trees.Length} files ({string.Join(", ", kinds)}), " +
                $"{workload.Trees.Sum(tree => tree.GetText().Lines.Count):N0} lines, {workload.References.Length} references, " +
                $"{workload.AllRules.Length} analyzers; setup {setup.Elapsed.TotalSeconds:F1} s");

            // The synthetic code must compile: the rules see the semantic model of correct code only.
            var errors = workload.CreateCompilation().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Console.WriteLine($"Compiler errors: {errors.Count}");
            foreach (var error in errors.Take(10))
            {
                Console.WriteLine($"  {error}");
            }

            var sets = new List<(string Name, System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer> Analyzers)>
            {
                ("Baseline", workload.Baseline),
                ("AllRules", workload.AllRules),
            };
            sets.AddRange(AnalyzerWorkload.Categories.Select(category => (category, workload.ByCategory[category])));

            bool ok = errors.Count == 0;
            foreach (var (name, analyzers) in sets)
            {
                var stopwatch = Stopwatch.StartNew();
                var diagnostics = workload.AnalyzeAsync(analyzers).GetAwaiter().GetResult();
                var byId = diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
                Console.WriteLine($"{name,-16} {analyzers.Length,2} analyzers {diagnostics.Length,6} diagnostics " +
                    $"{stopwatch.Elapsed.TotalSeconds,6:F2} s  {string.Join(", ", byId)}");
                ok &= name == "Baseline" ? diagnostics.IsEmpty : !diagnostics.IsEmpty;
            }

            ok &= SmokeGenerators();
            ok &= SmokeTool();
            ok &= SmokeScaffolding();
            Console.WriteLine(ok ? "Smoke run OK." : "Smoke run FAILED: compiler errors, a set that reports nothing, a generator case that finds no pipeline or a scaffolding case that generates no test.");
            return ok ? 0 : 1;
        }

        /// <summary>Each <see cref="ToolBenchmarks"/> case once: its time, exit code and output size.</summary>
        private static bool SmokeTool()
        {
            var setup = Stopwatch.StartNew();
            using var workload = ToolWorkload.Create();
            Console.WriteLine($"Tool: a manifest of {workload.JsonLength:N0} characters; setup {setup.Elapsed.TotalSeconds:F1} s");
            bool ok = true;
            foreach (var args in new[] { new[] { "report", workload.BasePath }, new[] { "diff", workload.BasePath, workload.HeadPath } })
            {
                var stopwatch = Stopwatch.StartNew();
                var (exit, output) = workload.RunCapturing(args);
                double seconds = stopwatch.Elapsed.TotalSeconds;
                string firstLine = output.Split('\n')[0];
                Console.WriteLine($"{args[0],-28} {seconds,6:F2} s  exit {exit}, {output.Length:N0} characters: {firstLine}");
                ok &= exit == 0 && output.Length > 0;
            }

            return ok;
        }

        /// <summary>Each <see cref="GeneratorBenchmarks"/> case once: its time and the pipelines in the manifest.</summary>
        private static bool SmokeGenerators()
        {
            var setup = Stopwatch.StartNew();
            var workload = GeneratorWorkload.Create();
            var trainerCalls = workload.Trees.Sum(tree => tree.GetRoot().DescendantNodes().Count(node => PipelineExtractorShape(node)));
            Console.WriteLine($"Generator: {workload.Trees.Length} files, {trainerCalls} trainer calls (x.Trainers.Name(...)); setup {setup.Elapsed.TotalSeconds:F1} s");

            bool ok = true;
            var baseline = Time(GeneratorWorkload.CreateDriver(new EmptyGenerator()), workload.CreateCompilation(), out double seconds);
            int generated = baseline.GetRunResult().Results.Single().GeneratedSources.Length;
            Console.WriteLine($"{"Baseline",-28} {seconds,6:F2} s  {generated} generated sources");
            ok &= generated == 0;

            var uncached = Time(GeneratorWorkload.CreateDriver(new PipelineManifestGenerator()), workload.CreateCompilation(), out seconds);
            ok &= Report("Uncached", uncached, seconds);

            var edits = new (string Name, Func<Compilation, Compilation> Edit)[]
            {
                ("CachedUnrelatedEdit", before => before.AddSyntaxTrees(workload.Unrelated)),
                ("CachedBodyEdit", before => before.ReplaceSyntaxTree(workload.BodyEditedOriginal, workload.BodyEdited)),
                ("CachedHyperparameterEdit", before => before.ReplaceSyntaxTree(workload.EditedOriginal, workload.Edited)),
            };
            foreach (var (name, edit) in edits)
            {
                var before = workload.CreateCompilation();
                var warmed = GeneratorWorkload.CreateDriver(new PipelineManifestGenerator()).RunGenerators(before);
                ok &= Report(name, Time(warmed, edit(before), out seconds), seconds);

                // Untimed: the same edit on a driver that tracks its steps, to show what the second run recomputed.
                before = workload.CreateCompilation();
                var tracked = GeneratorWorkload.CreateDriver(new PipelineManifestGenerator(), trackSteps: true).RunGenerators(before).RunGenerators(edit(before));
                var steps = tracked.GetRunResult().Results.Single().TrackedSteps;
                foreach (var step in new[] { PipelineManifestGenerator.TrackingNames.TrainerCalls, PipelineManifestGenerator.TrackingNames.Pipelines, PipelineManifestGenerator.TrackingNames.Manifest })
                {
                    var reasons = steps.TryGetValue(step, out var runs)
                        ? runs.SelectMany(run => run.Outputs).GroupBy(output => output.Reason).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")
                        : new[] { "not run" };
                    Console.WriteLine($"    {step,-20} {string.Join(", ", reasons)}");
                }
            }

            return ok;

            static GeneratorDriver Time(GeneratorDriver driver, Compilation compilation, out double seconds)
            {
                var stopwatch = Stopwatch.StartNew();
                var ran = driver.RunGenerators(compilation);
                seconds = stopwatch.Elapsed.TotalSeconds;
                return ran;
            }

            static bool Report(string name, GeneratorDriver driver, double seconds)
            {
                var (pipelines, length) = GeneratorWorkload.Manifest(driver);
                Console.WriteLine($"{name,-28} {seconds,6:F2} s  {pipelines} pipelines in the manifest ({length:N0} characters of JSON)");
                return pipelines > 0;
            }
        }

        /// <summary>
        /// <c>--generator-scaling [--k 125,250,500,1000] [--constructs fits,trainers,reassign] [--runs 3]</c>: the manifest
        /// generator and the floor generator (binding only) on <see cref="ScalingSources"/> files, a new driver and a new
        /// compilation per run, the median of the runs; the growth per doubling of K is the ratio to the previous K.
        /// </summary>
        private static int GeneratorScaling(string[] args)
        {
            var ks = Option(args, "--k", "125,250,500,1000").Split(',').Select(int.Parse).ToArray();
            var constructs = Option(args, "--constructs", "fits,trainers,reassign").Split(',');
            int runs = int.Parse(Option(args, "--runs", "3"), CultureInfo.InvariantCulture);

            // Warm-up: JIT of the driver, the binder and the extractor on a small file.
            foreach (var construct in constructs)
            {
                var warm = GeneratorScalingBenchmarks.Parse(construct, 8);
                GeneratorWorkload.CreateDriver(new PipelineManifestGenerator()).RunGenerators(GeneratorScalingBenchmarks.CreateCompilation(warm));
                GeneratorWorkload.CreateDriver(new MLOps.Benchmarks.Floor.FloorGenerator()).RunGenerators(GeneratorScalingBenchmarks.CreateCompilation(warm));
            }

            Console.WriteLine("| Construct | K | Manifest generator (s) | per doubling | Floor: binding only (s) | Pipelines |");
            Console.WriteLine("|---|--:|--:|--:|--:|--:|");
            foreach (var construct in constructs)
            {
                double previous = 0;
                foreach (var k in ks)
                {
                    var tree = GeneratorScalingBenchmarks.Parse(construct, k);
                    var manifest = new List<double>();
                    var floor = new List<double>();
                    int pipelines = 0;
                    for (int run = 0; run < runs; run++)
                    {
                        var stopwatch = Stopwatch.StartNew();
                        GeneratorWorkload.CreateDriver(new MLOps.Benchmarks.Floor.FloorGenerator()).RunGenerators(GeneratorScalingBenchmarks.CreateCompilation(tree));
                        floor.Add(stopwatch.Elapsed.TotalSeconds);
                        var driver = GeneratorWorkload.CreateDriver(new PipelineManifestGenerator());
                        var compilation = GeneratorScalingBenchmarks.CreateCompilation(tree);
                        stopwatch.Restart();
                        driver = driver.RunGenerators(compilation);
                        manifest.Add(stopwatch.Elapsed.TotalSeconds);
                        pipelines = GeneratorWorkload.Manifest(driver).Pipelines;
                    }

                    double median = Median(manifest);
                    string growth = previous > 0 ? $"{median / previous:F2}x" : "";
                    Console.WriteLine($"| {construct} | {k} | {median:F3} | {growth} | {Median(floor):F3} | {pipelines} |");
                    previous = median;
                }
            }

            return 0;
        }

        /// <summary>
        /// <c>--generator-floor [--files 1000] [--runs 3]</c>: in process, on the synthetic files, a new driver on a new
        /// compilation per run: the empty generator, the floor generator (binds each member that holds a trainer call,
        /// nothing else), the manifest generator, and the manifest generator with MLOpsManifestEnabled=false. Medians.
        /// </summary>
        private static int GeneratorFloor(string[] args)
        {
            int files = int.Parse(Option(args, "--files", "1000"), CultureInfo.InvariantCulture);
            int runs = int.Parse(Option(args, "--runs", "3"), CultureInfo.InvariantCulture);
            var trees = GeneratorWorkload.CreateTrees(files);
            var references = AnalyzerWorkload.LoadReferences();
            var options = new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
            Compilation Fresh() => Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Synthetic.MLApp", trees, references, options);

            var cases = new (string Name, Func<GeneratorDriver> Driver)[]
            {
                ("Empty generator", () => GeneratorWorkload.CreateDriver(new EmptyGenerator())),
                ("Floor (binds each member with a trainer call)", () => GeneratorWorkload.CreateDriver(new MLOps.Benchmarks.Floor.FloorGenerator())),
                ("Manifest generator", () => GeneratorWorkload.CreateDriver(new PipelineManifestGenerator())),
                ("Manifest generator, MLOpsManifestEnabled=false", () => GeneratorWorkload.CreateDriver(new PipelineManifestGenerator(), manifestEnabled: false)),
            };
            var times = cases.Select(_ => new List<double>()).ToArray();
            for (int run = -1; run < runs; run++) // run -1: warm-up (JIT), not counted
            {
                for (int i = 0; i < cases.Length; i++)
                {
                    var driver = cases[i].Driver();
                    var compilation = Fresh();
                    var stopwatch = Stopwatch.StartNew();
                    driver.RunGenerators(compilation);
                    if (run >= 0)
                    {
                        times[i].Add(stopwatch.Elapsed.TotalSeconds);
                    }
                }
            }

            Console.WriteLine($"{files} synthetic files, {runs} runs each (after one warm-up run), a new driver and compilation per run:");
            Console.WriteLine("| Generator | Median (s) | Range (s) |");
            Console.WriteLine("|---|--:|--:|");
            for (int i = 0; i < cases.Length; i++)
            {
                Console.WriteLine($"| {cases[i].Name} | {Median(times[i]):F3} | {times[i].Min():F3}-{times[i].Max():F3} |");
            }

            return 0;
        }

        private static string Option(string[] args, string name, string fallback)
        {
            int at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }

        private static double Median(List<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }

        /// <summary>
        /// Each <see cref="ScaffoldingBenchmarks"/> case once per library: its time, the test classes and [Fact]s generated,
        /// whether the test project compiles with them, and what the re-run after each edit recomputed.
        /// </summary>
        private static bool SmokeScaffolding()
        {
            bool ok = true;
            foreach (var library in new[] { ScaffoldingWorkload.Synthetic, ScaffoldingWorkload.Factories })
            {
                var setup = Stopwatch.StartNew();
                var workload = ScaffoldingWorkload.Create(library);
                Console.WriteLine($"Scaffolding, library {library}: {workload.LibraryFiles} files, {workload.Pipelines} pipelines in its manifest, " +
                    $"{workload.LibraryBytes / 1024.0 / 1024.0:F1} MB image; test project {workload.Trees.Length} files; setup {setup.Elapsed.TotalSeconds:F1} s");

                var baseline = Time(GeneratorWorkload.CreateDriver(new EmptyGenerator()), workload.CreateCompilation(freshLibrary: true), out double seconds);
                Console.WriteLine($"  {"Baseline",-26} {seconds,6:F3} s  {baseline.GetRunResult().Results.Single().GeneratedSources.Length} generated sources");

                var compilation = workload.CreateCompilation(freshLibrary: true);
                var uncached = Time(GeneratorWorkload.CreateDriver(new Generators.Scaffolding.TestScaffoldingGenerator()), compilation, out seconds);
                var (classes, facts, sources) = ScaffoldingWorkload.Count(uncached);
                var errors = compilation.AddSyntaxTrees(uncached.GetRunResult().GeneratedTrees).GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
                Console.WriteLine($"  {"Uncached",-26} {seconds,6:F3} s  {classes} test classes, {facts} [Fact]s, {sources} generated sources; compiler errors with them: {errors}");
                ok &= errors == 0 && (library == ScaffoldingWorkload.Synthetic || classes > 0);

                // The same on a compilation whose references the compiler has bound already (as it has in a build by the
                // time generators run): what reading the manifest and writing the tests cost on their own.
                compilation = workload.CreateCompilation(freshLibrary: true);
                var binding = Stopwatch.StartNew();
                _ = compilation.GetTypeByMetadataName("Xunit.FactAttribute");
                double bindSeconds = binding.Elapsed.TotalSeconds;
                _ = Time(GeneratorWorkload.CreateDriver(new Generators.Scaffolding.TestScaffoldingGenerator()), compilation, out seconds);
                Console.WriteLine($"  {"Uncached, refs bound",-26} {seconds,6:F3} s  (binding the references first: {bindSeconds:F3} s)");

                var edits = new (string Name, Func<Compilation, Compilation> Edit)[]
                {
                    ("CachedUnrelatedEdit", before => before.AddSyntaxTrees(workload.Unrelated)),
                    ("CachedGateEdit", before => before.ReplaceSyntaxTree(workload.GatesOriginal, workload.GatesEdited)),
                };
                foreach (var (name, edit) in edits)
                {
                    var before = workload.CreateCompilation(freshLibrary: false);
                    var warmed = GeneratorWorkload.CreateDriver(new Generators.Scaffolding.TestScaffoldingGenerator()).RunGenerators(before);
                    var rerun = Time(warmed, edit(before), out seconds);
                    (classes, facts, _) = ScaffoldingWorkload.Count(rerun);
                    Console.WriteLine($"  {name,-26} {seconds,6:F3} s  {classes} test classes, {facts} [Fact]s");

                    // Untimed: the same edit on a driver that tracks its steps, to show what the second run recomputed.
                    before = workload.CreateCompilation(freshLibrary: false);
                    var tracked = GeneratorWorkload.CreateDriver(new Generators.Scaffolding.TestScaffoldingGenerator(), trackSteps: true).RunGenerators(before).RunGenerators(edit(before));
                    var steps = tracked.GetRunResult().Results.Single().TrackedSteps;
                    foreach (var step in new[]
                    {
                        Generators.Scaffolding.TestScaffoldingGenerator.TrackingNames.Settings,
                        Generators.Scaffolding.TestScaffoldingGenerator.TrackingNames.Input,
                        Generators.Scaffolding.TestScaffoldingGenerator.TrackingNames.Pipelines,
                        Generators.Scaffolding.TestScaffoldingGenerator.TrackingNames.Declarations,
                        Generators.Scaffolding.TestScaffoldingGenerator.TrackingNames.Requests,
                        Generators.Scaffolding.TestScaffoldingGenerator.TrackingNames.Files,
                    })
                    {
                        var reasons = steps.TryGetValue(step, out var runs)
                            ? runs.SelectMany(run => run.Outputs).GroupBy(output => output.Reason).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")
                            : new[] { "no output" };
                        Console.WriteLine($"      {step,-24} {string.Join(", ", reasons)}");
                    }
                }
            }

            return ok;

            static GeneratorDriver Time(GeneratorDriver driver, Compilation compilation, out double seconds)
            {
                var stopwatch = Stopwatch.StartNew();
                var ran = driver.RunGenerators(compilation);
                seconds = stopwatch.Elapsed.TotalSeconds;
                return ran;
            }
        }

        /// <summary>The generator's syntax filter (<c>x.Trainers.Name(...)</c>), to count the candidate calls.</summary>
        private static bool PipelineExtractorShape(SyntaxNode node) =>
            node is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax
            {
                Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax
                {
                    Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Trainers" },
                },
            };

        /// <summary>
        /// <c>--write-project &lt;dir&gt; [--files N] [--analyzer &lt;dll&gt;]</c>: the first N synthetic files (1,000 by default, the
        /// analyzer workload's seed) and a Synthetic.csproj (net10.0 library, ML.NET 5.0.1, the analyzers as an
        /// &lt;Analyzer&gt;: by default the MLOps.Analyzers.dll this program was built with).
        /// </summary>
        private static int WriteProject(string[] args, int at)
        {
            if (at + 1 >= args.Length || args[at + 1].StartsWith("--", StringComparison.Ordinal))
            {
                Console.Error.WriteLine("usage: --write-project <dir> [--files N] [--analyzer <path to MLOps.Analyzers.dll>]");
                return 2;
            }

            string directory = Path.GetFullPath(args[at + 1]);
            int files = AnalyzerWorkload.FileCount;
            int filesAt = Array.IndexOf(args, "--files");
            if (filesAt >= 0 && (filesAt + 1 >= args.Length || !int.TryParse(args[filesAt + 1], NumberStyles.None, CultureInfo.InvariantCulture, out files) || files <= 0))
            {
                Console.Error.WriteLine("--files needs a positive number");
                return 2;
            }

            int analyzerAt = Array.IndexOf(args, "--analyzer");
            string analyzer = Path.GetFullPath(analyzerAt >= 0 && analyzerAt + 1 < args.Length
                ? args[analyzerAt + 1]
                : typeof(PipelineManifestGenerator).Assembly.Location);
            if (!File.Exists(analyzer))
            {
                Console.Error.WriteLine($"analyzer not found: {analyzer}");
                return 2;
            }

            var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            Directory.CreateDirectory(directory);
            foreach (var file in SyntheticSources.Generate(files, AnalyzerWorkload.Seed))
            {
                string path = Path.Combine(directory, file.Path.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Text, utf8);
            }

            File.WriteAllText(Path.Combine(directory, "Synthetic.csproj"), ProjectFile(analyzer), utf8);
            Console.WriteLine($"Wrote {files} files and Synthetic.csproj to {directory} (analyzer: {analyzer}).");
            Console.WriteLine($"Time the analyzers and the generator: dotnet build \"{directory}\" --no-incremental -p:ReportAnalyzer=true -v:d");
            return 0;
        }

        private static string ProjectFile(string analyzer) => $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <!-- Written by MLOps.Analyzers.Benchmarks (write-project mode): the synthetic ML.NET files as a real project, to time
                   the analyzers and the pipeline manifest generator in a build (-p:ReportAnalyzer=true -v:d). Outside any
                   repository: explicit package versions, no central package management. -->
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Library</OutputType>
                <Nullable>enable</Nullable>
                <LangVersion>latest</LangVersion>
                <ImplicitUsings>disable</ImplicitUsings>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <!-- The synthetic code is full of deliberate smells: the MLO diagnostics stay warnings. -->
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.ML" Version="5.0.1" />
                <PackageReference Include="Microsoft.ML.FastTree" Version="5.0.1" />
                <PackageReference Include="Microsoft.ML.LightGbm" Version="5.0.1" />
              </ItemGroup>
              <ItemGroup>
                <Analyzer Include="{{System.Security.SecurityElement.Escape(analyzer)}}" />
                <!-- The generator makes source paths in the manifest relative to the project directory. -->
                <CompilerVisibleProperty Include="MSBuildProjectDirectory" />
              </ItemGroup>
            </Project>

            """;
    }
}
