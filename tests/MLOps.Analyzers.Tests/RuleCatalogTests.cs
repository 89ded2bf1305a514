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
    /// The rule bookkeeping, checked against the descriptors the analyzers really report: every rule has a doc page,
    /// a release-tracking row with its category and severity, a row in the README, the docs index and the package
    /// readme with the same severity, and a help link to its page.
    /// </summary>
    public class RuleCatalogTests
    {
        private static readonly string RepositoryRoot = FindRepositoryRoot();

        public static readonly TheoryData<string> RuleIds = new TheoryData<string>(Descriptors().Select(d => d.Id));

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Rule_has_a_doc_page_and_help_link(string id)
        {
            var descriptor = Descriptor(id);
            Assert.True(File.Exists(Path.Combine(RepositoryRoot, "docs", "rules", id + ".md")), $"docs/rules/{id}.md is missing");
            Assert.EndsWith("/docs/rules/" + id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
            var page = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "rules", id + ".md"));
            Assert.StartsWith("# " + id, page, StringComparison.Ordinal);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Rule_is_tracked_with_its_category_and_severity(string id)
        {
            var descriptor = Descriptor(id);
            // Shipped releases first, then the unshipped one: the last row for the rule is its current state.
            var releases = File.ReadAllText(Path.Combine(RepositoryRoot, "src", "MLOps.Analyzers", "AnalyzerReleases.Shipped.md"))
                + "\n" + File.ReadAllText(Path.Combine(RepositoryRoot, "src", "MLOps.Analyzers", "AnalyzerReleases.Unshipped.md"));
            var row = Regex.Matches(releases, "^" + id + @"\s*\|\s*(?<category>\w+)\s*\|\s*(?<severity>\w+)", RegexOptions.Multiline).LastOrDefault();
            Assert.True(row is not null, id + " has no row in AnalyzerReleases.Shipped.md or AnalyzerReleases.Unshipped.md");
            Assert.Equal(descriptor.Category, row.Groups["category"].Value);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), row.Groups["severity"].Value);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Rule_tables_list_the_rule_with_its_severity(string id)
        {
            var descriptor = Descriptor(id);
            foreach (var table in new[] { "README.md", Path.Combine("docs", "rules", "README.md"), Path.Combine("src", "MLOps.Analyzers.Package", "PACKAGE.md") })
            {
                var row = File.ReadAllLines(Path.Combine(RepositoryRoot, table)).FirstOrDefault(line => line.StartsWith("| [" + id + "]", StringComparison.Ordinal));
                Assert.True(row is not null, $"{table} has no row for {id}");
                Assert.Contains("| " + descriptor.DefaultSeverity + " |", row, StringComparison.Ordinal);
            }
        }

        private static DiagnosticDescriptor Descriptor(string id) => Descriptors().First(d => d.Id == id);

        private static IEnumerable<DiagnosticDescriptor> Descriptors() =>
            typeof(MLOps.Analyzers.Infrastructure.MLNetAnalyzer).Assembly.GetTypes()
                .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type)
                    && type.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), inherit: false).Length > 0)
                .SelectMany(type => ((DiagnosticAnalyzer)Activator.CreateInstance(type)!).SupportedDiagnostics)
                .GroupBy(d => d.Id)
                .Select(g => g.First())
                .OrderBy(d => d.Id, StringComparer.Ordinal);

        /// <summary>The repository this test file was compiled from (works wherever the build output goes).</summary>
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
