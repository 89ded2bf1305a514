using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace MLOps.Analyzers.Tests
{
    /// <summary>
    /// docs/configuration.md lists every option the code reads: each build_property.* / build_metadata.* key and each
    /// mlops.* .editorconfig key in the sources, and each public MLOps* property the package's props and targets define.
    /// The presets cover every rule, and the page's preset table names every mode the package ships.
    /// </summary>
    public class ConfigurationDocsTests
    {
        private static readonly string RepositoryRoot = FindRepositoryRoot();
        private static readonly string Page = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "configuration.md"));

        public static TheoryData<string> OptionsReadByTheCode() => new TheoryData<string>(ScanOptions());

        private static SortedSet<string> ScanOptions()
        {
            var options = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories).Where(IsSource))
            {
                var text = File.ReadAllText(file);
                foreach (Match match in Regex.Matches(text, "\"(build_property\\.[A-Za-z0-9_]+|build_metadata\\.[A-Za-z0-9_]+\\.[A-Za-z0-9_]+|mlops\\.[a-z0-9_]+)\""))
                {
                    options.Add(match.Groups[1].Value);
                }
            }

            foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot, "src", "MLOps.Analyzers.Package", "buildTransitive"), "*.*"))
            {
                // Properties the package defines with a default: <MLOpsX Condition="'$(MLOpsX)' == ''">.
                foreach (Match match in Regex.Matches(File.ReadAllText(file), @"<(MLOps[A-Za-z]+) Condition=""'\$\(\1\)' == ''"">"))
                {
                    options.Add(match.Groups[1].Value);
                }
            }

            return options;
        }

        [Fact]
        public void The_scan_finds_the_known_options()
        {
            var found = ScanOptions();
            foreach (var known in new[] { "mlops.default_seed", "build_property.MLOpsManifestEnabled", "MLOpsManifestPath", "MLOpsAnalysisMode", "MLOpsReadDvcFiles" })
            {
                Assert.Contains(known, found);
            }
        }

        [Theory]
        [MemberData(nameof(OptionsReadByTheCode))]
        public void Every_option_the_code_reads_is_on_the_configuration_page(string option)
        {
            var name = option.StartsWith("build_property.", StringComparison.Ordinal) ? option.Substring("build_property.".Length) : option;
            Assert.True(
                Page.Contains("`" + option + "`", StringComparison.Ordinal) || Page.Contains("`" + name + "`", StringComparison.Ordinal),
                $"docs/configuration.md does not list `{option}`.");
        }

        [Theory]
        [InlineData("recommended", "warning")]
        [InlineData("strict", "error")]
        [InlineData("none", "none")]
        public void Every_preset_sets_every_rule_and_nothing_else(string mode, string severity)
        {
            var path = Path.Combine(RepositoryRoot, "src", "MLOps.Analyzers.Package", "buildTransitive", "config", "mlops-" + mode + ".globalconfig");
            var lines = File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
            Assert.Equal(new[] { "is_global = true", "global_level = -1" }, lines.Take(2).ToArray());
            var rules = lines.Skip(2).ToList();
            Assert.Equal(RuleIds().Select(id => $"dotnet_diagnostic.{id}.severity = {severity}").ToArray(), rules.ToArray());
            Assert.Contains("`" + mode + "`", Page, StringComparison.Ordinal);
        }

        [Fact]
        public void The_preset_table_puts_every_rule_in_the_row_of_its_default_severity()
        {
            var warningRow = Page.Split('\n').Single(l => l.StartsWith("| Warning rules:", StringComparison.Ordinal));
            var infoRow = Page.Split('\n').Single(l => l.StartsWith("| Info rules", StringComparison.Ordinal));
            foreach (var descriptor in Descriptors())
            {
                var row = descriptor.DefaultSeverity == DiagnosticSeverity.Warning ? warningRow : infoRow;
                Assert.True(Covers(row, descriptor.Id), $"{descriptor.Id} ({descriptor.DefaultSeverity}) is not in its row of the preset table.");
            }
        }

        /// <summary>The row names the ID, or a range MLOabcd–MLOwxyz that includes it.</summary>
        private static bool Covers(string row, string id)
        {
            if (row.Contains(id, StringComparison.Ordinal))
            {
                return true;
            }

            var number = int.Parse(id.Substring(3), System.Globalization.CultureInfo.InvariantCulture);
            return Regex.Matches(row, @"MLO(\d{4})–MLO(\d{4})").Any(m =>
                int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) <= number
                && number <= int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        private static bool IsSource(string path) =>
            !path.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && !path.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal);

        private static IEnumerable<string> RuleIds() => Descriptors().Select(d => d.Id);

        private static IEnumerable<DiagnosticDescriptor> Descriptors() =>
            typeof(MLOps.Analyzers.Infrastructure.MLNetAnalyzer).Assembly.GetTypes()
                .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type)
                    && type.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), inherit: false).Length > 0)
                .SelectMany(type => ((DiagnosticAnalyzer)Activator.CreateInstance(type)!).SupportedDiagnostics)
                .GroupBy(d => d.Id)
                .Select(g => g.First())
                .OrderBy(d => d.Id, StringComparer.Ordinal);

        private static string FindRepositoryRoot([CallerFilePath] string thisFile = "")
        {
            for (var directory = new DirectoryInfo(Path.GetDirectoryName(thisFile)!); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("Analyzers.sln not found above " + thisFile);
        }
    }
}
