using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;

namespace MLOps.Tool
{
    /// <summary>`dotnet mlops`: exit 0 fine, 1 findings at or above --fail-on, 2 bad input (one line on stderr).</summary>
    public static class Program
    {
        public const int Ok = 0;
        public const int Findings = 1;
        public const int BadInput = 2;

        public static string Version { get; } =
            (typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

        public static int Main(string[] args)
        {
            Console.OutputEncoding = new UTF8Encoding(false);
            return Run(args, Console.Out, Console.Error);
        }

        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            var root = BuildCommand(stdout, stderr);
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                stderr.WriteLine("dotnet mlops: " + Manifest.OneLine(parse.Errors[0].Message) + " (see dotnet mlops --help)");
                return BadInput;
            }

            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }

        private static RootCommand BuildCommand(TextWriter stdout, TextWriter stderr)
        {
            var root = new RootCommand("Reads the ML.NET pipeline manifests (*.mlops.json) written by MLOps.Analyzers: report, diff, check, export, validate.");

            // report
            var reportInputs = ManifestsArgument();
            var testResults = new Option<string[]>("--test-results", "-t") { Description = "TRX files of the generated tests (files, folders or globs such as '**/*.trx'). Points are given only for tests that passed.", AllowMultipleArgumentsPerToken = true };
            var reportPolicy = new Option<string?>("--policy") { Description = "A policy file (docs/policy.schema.json): a passing forbiddenFeatures check evidences Data 4." };
            var reportFormat = FormatOption("md", "md", "html", "json");
            var reportOut = OutOption();
            var summary = new Option<bool>("--summary") { Description = "Also append the Markdown to $GITHUB_STEP_SUMMARY when it is set." };
            var report = new Command("report", "Pipelines, determinism, Mermaid flowcharts, the ML Test Score evidence and the maturity checklist.")
            {
                reportInputs, testResults, reportPolicy, reportFormat, reportOut, summary,
            };
            report.SetAction(parse => Guard(stderr, () =>
            {
                var manifests = Inputs.LoadManifests(parse.GetValue(reportInputs)!);
                var results = TestResults.Load(parse.GetValue(testResults));
                var policyPath = parse.GetValue(reportPolicy);
                var policy = policyPath is null ? null : PolicyCheck.Run(Policy.Load(policyPath), manifests);
                var score = TestScore.Compute(manifests, results, policy);
                var markdown = ReportWriter.Markdown(manifests, results, score);
                var text = parse.GetValue(reportFormat) switch
                {
                    "html" => ReportWriter.Html(markdown),
                    "json" => ReportWriter.Json(manifests, results, score),
                    _ => markdown,
                };
                Emit(stdout, parse.GetValue(reportOut), text);
                if (parse.GetValue(summary))
                {
                    AppendSummary(markdown);
                }

                return Ok;
            }));
            root.Subcommands.Add(report);

            // diff
            var baseArg = new Argument<string>("base") { Description = "The base manifests: a file, a folder or a glob." };
            var headArg = new Argument<string>("head") { Description = "The head manifests: a file, a folder or a glob." };
            var diffFormat = FormatOption("md", "md", "json");
            var diffOut = OutOption();
            var diffFailOn = new Option<string>("--fail-on") { Description = "Exit 1 on: regression (default), definition (any definition change, added, removed or renamed pipeline, or regression), any, none.", DefaultValueFactory = _ => "regression" };
            diffFailOn.AcceptOnlyFromAmong("regression", "definition", "any", "none");
            var diffSummary = new Option<bool>("--summary") { Description = "Also append the Markdown to $GITHUB_STEP_SUMMARY when it is set." };
            var diff = new Command("diff", "What changed in the pipeline definitions between two builds: added, removed, renamed, definition changed (argument by argument), data or evaluation changed, regression.")
            {
                baseArg, headArg, diffFormat, diffOut, diffFailOn, diffSummary,
            };
            diff.SetAction(parse => Guard(stderr, () =>
            {
                var result = ManifestDiff.Compute(Inputs.LoadManifests(new[] { parse.GetValue(baseArg)! }), Inputs.LoadManifests(new[] { parse.GetValue(headArg)! }));
                var markdown = result.Markdown();
                Emit(stdout, parse.GetValue(diffOut), parse.GetValue(diffFormat) == "json" ? result.Json() : markdown);
                if (parse.GetValue(diffSummary))
                {
                    AppendSummary(markdown);
                }

                return result.Fails(parse.GetValue(diffFailOn)!) ? Findings : Ok;
            }));
            root.Subcommands.Add(diff);

            // check
            var checkInputs = ManifestsArgument();
            var policyOption = new Option<string?>("--policy", "-p") { Description = "The policy file (JSON; docs/policy.schema.json)." };
            var upToDate = new Option<bool>("--up-to-date") { Description = "Lockfile mode: `check --up-to-date COMMITTED BUILT` exits 1 when the committed manifest no longer matches the built one." };
            var checkFormat = FormatOption("text", "text", "md", "sarif");
            var checkOut = OutOption();
            var checkFailOn = new Option<string>("--fail-on") { Description = "Exit 1 on findings at or above: error (default), warning, note, none.", DefaultValueFactory = _ => "error" };
            checkFailOn.AcceptOnlyFromAmong("error", "warning", "note", "none");
            var projectDir = new Option<string?>("--project-dir") { Description = "The folder the manifest's source paths are relative to, as seen from the current directory (default: the folder above bin/)." };
            var check = new Command("check", "Checks the pipelines against a policy; text, Markdown or SARIF 2.1.0 for code scanning.")
            {
                checkInputs, policyOption, upToDate, checkFormat, checkOut, checkFailOn, projectDir,
            };
            check.SetAction(parse => Guard(stderr, () =>
            {
                var inputs = parse.GetValue(checkInputs)!;
                if (parse.GetValue(upToDate))
                {
                    return CheckUpToDate(inputs, stdout);
                }

                var policyPath = parse.GetValue(policyOption) ?? throw new InputException("check needs --policy <file> (or --up-to-date COMMITTED BUILT)");
                var policy = Policy.Load(policyPath);
                var manifests = Inputs.LoadManifests(inputs);
                var outcome = PolicyCheck.Run(policy, manifests);
                var dir = parse.GetValue(projectDir)?.Replace('\\', '/');
                var text = parse.GetValue(checkFormat) switch
                {
                    "sarif" => CheckWriter.Sarif(outcome, dir, Version),
                    "md" => CheckWriter.Markdown(outcome, manifests, dir),
                    _ => CheckWriter.Text(outcome, manifests, dir),
                };
                Emit(stdout, parse.GetValue(checkOut), text);
                var threshold = PolicyCheck.Rank(parse.GetValue(checkFailOn)!);
                return threshold > 0 && outcome.Findings.Any(f => PolicyCheck.Rank(f.Level) >= threshold) ? Findings : Ok;
            }));
            root.Subcommands.Add(check);

            // export
            var exportInputs = ManifestsArgument();
            var exportOut = OutOption();
            var cyclonedx = new Command("cyclonedx", "A CycloneDX 1.6 JSON ML-BOM: a machine-learning-model component per pipeline, data components, the estimator chain in formulation.")
            {
                exportInputs, exportOut,
            };
            cyclonedx.SetAction(parse => Guard(stderr, () =>
            {
                Emit(stdout, parse.GetValue(exportOut), CycloneDxWriter.Write(Inputs.LoadManifests(parse.GetValue(exportInputs)!), Version));
                return Ok;
            }));
            root.Subcommands.Add(new Command("export", "Exports the manifests to another format.") { cyclonedx });

            // validate
            var validateInputs = ManifestsArgument();
            var validate = new Command("validate", "Validates manifests against the manifest JSON Schema bundled in the tool (docs/manifest.schema.json).") { validateInputs };
            validate.SetAction(parse => Guard(stderr, () =>
            {
                var failed = 0;
                foreach (var manifest in Inputs.LoadManifests(parse.GetValue(validateInputs)!))
                {
                    var errors = ManifestValidator.Validate(manifest);
                    if (errors.Count == 0)
                    {
                        stdout.WriteLine($"{manifest.DisplayPath}: valid (schema {manifest.SchemaVersion}, {manifest.Pipelines.Count} pipelines)");
                    }
                    else
                    {
                        failed++;
                        foreach (var error in errors.Take(20))
                        {
                            stdout.WriteLine($"{manifest.DisplayPath}: {error}");
                        }

                        if (errors.Count > 20)
                        {
                            stdout.WriteLine($"{manifest.DisplayPath}: … and {errors.Count - 20} more errors");
                        }
                    }
                }

                return failed > 0 ? Findings : Ok;
            }));
            root.Subcommands.Add(validate);
            return root;
        }

        private static int CheckUpToDate(string[] inputs, TextWriter stdout)
        {
            if (inputs.Length != 2)
            {
                throw new InputException("check --up-to-date takes two manifests: COMMITTED BUILT");
            }

            var committed = Inputs.LoadManifest(RequireFile(inputs[0]));
            var built = Inputs.LoadManifest(RequireFile(inputs[1]));
            if (Normalize(committed.Text) == Normalize(built.Text))
            {
                stdout.WriteLine($"{committed.DisplayPath} is up to date with {built.DisplayPath}");
                return Ok;
            }

            var diff = ManifestDiff.Compute(new[] { committed }, new[] { built });
            stdout.WriteLine($"{committed.DisplayPath} is out of date: it no longer matches {built.DisplayPath}. Copy the built manifest over it and commit it.");
            stdout.Write(diff.Markdown());
            return Findings;
        }

        private static string RequireFile(string path) =>
            File.Exists(path) ? path : throw new InputException($"{path}: no such file");

        private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

        private static Argument<string[]> ManifestsArgument() =>
            new("manifests") { Description = "Manifests: *.mlops.json files, folders (searched recursively) or globs ('**/*.mlops.json').", Arity = ArgumentArity.OneOrMore };

        private static Option<string> FormatOption(string defaultValue, params string[] values)
        {
            var option = new Option<string>("--format", "-f") { Description = "Output format: " + string.Join(", ", values) + ".", DefaultValueFactory = _ => defaultValue };
            option.AcceptOnlyFromAmong(values);
            return option;
        }

        private static Option<string?> OutOption() => new("--out", "-o") { Description = "Write to this file instead of standard output." };

        private static int Guard(TextWriter stderr, Func<int> action)
        {
            try
            {
                return action();
            }
            catch (InputException e)
            {
                stderr.WriteLine("dotnet mlops: " + e.Message);
                return BadInput;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine("dotnet mlops: " + Manifest.OneLine(e.Message));
                return BadInput;
            }
        }

        private static void Emit(TextWriter stdout, string? outPath, string text)
        {
            if (outPath is null)
            {
                stdout.Write(text);
                return;
            }

            var full = Path.GetFullPath(outPath);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text, new UTF8Encoding(false));
        }

        private static void AppendSummary(string markdown)
        {
            var path = Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY");
            if (!string.IsNullOrEmpty(path))
            {
                File.AppendAllText(path, markdown + "\n", new UTF8Encoding(false));
            }
        }
    }
}
