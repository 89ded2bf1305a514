using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Xunit;

namespace MLOps.Analyzers.Tests
{
    /// <summary>
    /// samples/README.md's expected output of TaxiFare is the sample's real output: the test runs the built sample (this
    /// project builds it first, see the csproj) and compares line by line, `…` matching what varies between runs.
    /// </summary>
    public class SamplesReadmeTests
    {
        [Fact]
        public async System.Threading.Tasks.Task The_TaxiFare_output_in_the_samples_README_is_what_the_sample_prints()
        {
            var root = FindRepositoryRoot();
            var readme = File.ReadAllText(Path.Combine(root, "samples", "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
            var block = Regex.Match(readme, "with this block:\n\n```\n(?<output>.*?)```", RegexOptions.Singleline);
            Assert.True(block.Success, "samples/README.md has no expected-output block.");
            var expected = block.Groups["output"].Value.TrimEnd('\n').Split('\n');

            // The sample built in this test run's configuration (bin/<Configuration>/net10.0 of this project).
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var program = Path.Combine(root, "samples", "TaxiFare", "bin", configuration, "net10.0", "TaxiFare.dll");
            Assert.True(File.Exists(program), program + " was not built.");

            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(program)!, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(program);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var output = await process.StandardOutput.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "The sample did not finish in 3 minutes.");
            Assert.True(process.ExitCode == 0, "The sample failed:\n" + output + await stderr);

            var actual = output.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
            Assert.True(expected.Length == actual.Length, $"samples/README.md shows {expected.Length} lines, the sample printed {actual.Length}:\n{output}");
            for (var i = 0; i < expected.Length; i++)
            {
                var pattern = "^" + string.Join(".+", expected[i].Split('…').Select(Regex.Escape)) + "$";
                Assert.True(Regex.IsMatch(actual[i], pattern), $"Line {i + 1}: samples/README.md shows\n  {expected[i]}\nthe sample printed\n  {actual[i]}");
            }
        }

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
