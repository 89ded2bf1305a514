using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace MLOps.Analyzers.EndToEnd.Tests
{
    /// <summary>One diagnostic as the test compares them: the file's name, the 1-based line where it starts, and the ID.</summary>
    public readonly record struct DiagnosticKey(string File, int Line, string Id) : IComparable<DiagnosticKey>
    {
        public int CompareTo(DiagnosticKey other)
        {
            var byFile = string.CompareOrdinal(File, other.File);
            if (byFile != 0)
            {
                return byFile;
            }

            var byLine = Line.CompareTo(other.Line);
            return byLine != 0 ? byLine : string.CompareOrdinal(Id, other.Id);
        }

        public override string ToString() => $"{File}({Line}): {Id}";
    }

    /// <summary>
    /// The expectations written into the consumer's sources. A line of code that ends with
    /// <c>// expect: MLO1001</c> (or several IDs: <c>// expect: MLO1001, MLO1002</c>) must get exactly those
    /// diagnostics, starting on that line; a line that ends with <c>// ok</c> is a look-alike that must get none.
    /// Every other line must get none either: the expected set is exactly the <c>expect</c> markers.
    /// </summary>
    public sealed class ExpectationMarkers
    {
        private static readonly Regex ExpectMarker = new(@"^(?<code>.*?\S)\s*//\s*expect:\s*(?<ids>MLO\d{4}(?:\s*,\s*MLO\d{4})*)\s*$", RegexOptions.CultureInvariant);
        private static readonly Regex OkMarker = new(@"^(?<code>.*?\S)\s*//\s*ok\s*$", RegexOptions.CultureInvariant);
        private static readonly Regex AnyMarkerLike = new(@"//\s*(expect\b|ok\s*$)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private ExpectationMarkers(IReadOnlyList<DiagnosticKey> expected, IReadOnlyList<(string File, int Line)> okLines)
        {
            Expected = expected;
            OkLines = okLines;
        }

        /// <summary>The expected diagnostics, sorted.</summary>
        public IReadOnlyList<DiagnosticKey> Expected { get; }

        /// <summary>The lines marked <c>// ok</c>.</summary>
        public IReadOnlyList<(string File, int Line)> OkLines { get; }

        public static ExpectationMarkers Parse(string directory)
        {
            var expected = new List<DiagnosticKey>();
            var okLines = new List<(string, int)>();
            foreach (var path in Directory.GetFiles(directory, "*.cs").OrderBy(p => p, StringComparer.Ordinal))
            {
                var file = Path.GetFileName(path);
                var lines = File.ReadAllLines(path);
                for (var i = 0; i < lines.Length; i++)
                {
                    var line = lines[i];
                    var expect = ExpectMarker.Match(line);
                    var ok = OkMarker.Match(line);
                    if (expect.Success && !IsComment(expect.Groups["code"].Value))
                    {
                        foreach (var id in expect.Groups["ids"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                        {
                            expected.Add(new DiagnosticKey(file, i + 1, id));
                        }
                    }
                    else if (ok.Success && !IsComment(ok.Groups["code"].Value))
                    {
                        okLines.Add((file, i + 1));
                    }
                    else if (AnyMarkerLike.IsMatch(line))
                    {
                        // A typo in a marker would silently drop an expectation.
                        throw new FormatException($"{file}({i + 1}): malformed expectation marker: '{line.Trim()}'. Use a trailing '// expect: MLO1234[, MLO1235]' or '// ok' after code.");
                    }
                }
            }

            expected.Sort();
            return new ExpectationMarkers(expected, okLines);
        }

        private static bool IsComment(string code) => code.TrimStart().StartsWith("//", StringComparison.Ordinal);
    }
}
