using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.PortableExecutable;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace MLOps.Analyzers.EndToEnd.Tests
{
    /// <summary>
    /// The same commit packed in two folders gives byte-identical dlls: the fixture packed the repository; this packs a
    /// copy of its sources in another folder (same git commit, through a .git file pointing at the same repository) and
    /// compares every dll of the two packages. The dlls embed their PDB, with SourceLink.
    /// </summary>
    [Collection(PackageCollection.Name)]
    public sealed class ReproducibleBuildTests
    {
        private static readonly string[] CopiedRootFiles = { "Directory.Build.props", "Directory.Packages.props", "global.json", "nuget.config", ".editorconfig", "Analyzers.sln" };

        private readonly PackageFixture _fixture;
        private readonly ITestOutputHelper _output;

        public ReproducibleBuildTests(PackageFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        [Fact]
        public async Task PackingTheSameCommitInAnotherFolder_GivesByteIdenticalDlls_WithEmbeddedPdbs()
        {
            var copy = Path.Combine(_fixture.TempRoot, "elsewhere", "checkout");
            CopySources(_fixture.RepositoryRoot, copy);
            var feed = Path.Combine(_fixture.TempRoot, "feed-elsewhere");
            var pack = await PackageFixture.PackAsync(copy, feed, Path.Combine(_fixture.TempRoot, "elsewhere", "pack-artifacts"));
            _output.WriteLine(pack.Describe(4_000));
            Assert.True(pack.Succeeded, pack.Describe());

            var first = Dlls(_fixture.PackagePath);
            var second = Dlls(Directory.GetFiles(feed, "*.nupkg").Single());

            // The dlls carry the commit (AssemblyInformationalVersion 0.1.0+<sha>): a commit made while the test ran
            // makes this no longer "the same commit".
            var firstVersion = InformationalVersion(first.Values.First());
            Assert.True(firstVersion == InformationalVersion(second.Values.First()), $"HEAD moved during the test run ({firstVersion}); run it again.");
            Assert.Equal(3, first.Count); // the analyzers, the code fixes, the task
            Assert.Equal(first.Keys.OrderBy(k => k, StringComparer.Ordinal), second.Keys.OrderBy(k => k, StringComparer.Ordinal));
            foreach (var (name, bytes) in first)
            {
                Assert.True(bytes.AsSpan().SequenceEqual(second[name]), $"{name} differs between the two folders.");
                Assert.True(HasEmbeddedPdb(bytes), $"{name} has no embedded PDB.");
                Assert.True(bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(_fixture.TempRoot)) < 0, $"{name} holds the build folder's path.");
            }
        }

        private static Dictionary<string, byte[]> Dlls(string package)
        {
            using var archive = ZipFile.OpenRead(package);
            var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var entry in archive.Entries.Where(e => e.FullName.EndsWith(".dll", StringComparison.Ordinal)))
            {
                using var stream = entry.Open();
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                result.Add(entry.FullName, memory.ToArray());
            }

            return result;
        }

        private static string InformationalVersion(byte[] image)
        {
            var text = System.Text.Encoding.UTF8.GetString(image);
            var match = System.Text.RegularExpressions.Regex.Match(text, @"\d+\.\d+\.\d+\+[0-9a-f]{40}");
            return match.Success ? match.Value : "(no commit)";
        }

        private static bool HasEmbeddedPdb(byte[] image)
        {
            using var pe = new PEReader(new MemoryStream(image));
            return pe.ReadDebugDirectory().Any(d => d.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
        }

        /// <summary>src/ (without bin/ and obj/) and the root files a pack reads; .git as a file pointing at the repository.</summary>
        private static void CopySources(string root, string copy)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(root, "src"), "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file);
                var parts = relative.Split(Path.DirectorySeparatorChar);
                if (parts.Contains("bin") || parts.Contains("obj"))
                {
                    continue;
                }

                var target = Path.Combine(copy, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            foreach (var name in CopiedRootFiles.Where(n => File.Exists(Path.Combine(root, n))))
            {
                File.Copy(Path.Combine(root, name), Path.Combine(copy, name));
            }

            // A git worktree already has a .git file; a clone has a .git folder, which the copy points at.
            var git = Path.Combine(root, ".git");
            if (File.Exists(git))
            {
                File.Copy(git, Path.Combine(copy, ".git"));
            }
            else
            {
                File.WriteAllText(Path.Combine(copy, ".git"), "gitdir: " + git + "\n");
            }
        }
    }
}
