using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;

namespace MLOps.Analyzers.EndToEnd.Tests
{
    [CollectionDefinition(Name)]
    public sealed class PackageCollection : ICollectionFixture<PackageFixture>
    {
        public const string Name = "MLOps.Analyzers package";
    }

    /// <summary>
    /// Packs src/MLOps.Analyzers.Package once per test run into a fresh temporary folder feed. Everything the tests
    /// write goes under <see cref="TempRoot"/>, which is deleted at the end unless MLOPS_E2E_KEEP_TEMP=1.
    /// </summary>
    public sealed class PackageFixture : IAsyncLifetime
    {
        public const string PackageId = "MLOps.Analyzers";
        public static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(5);

        public PackageFixture()
        {
            RepositoryRoot = FindRepositoryRoot();
            TempRoot = Path.Combine(Path.GetTempPath(), "mlops-e2e-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss") + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            FeedDirectory = Path.Combine(TempRoot, "feed");
            PackagesDirectory = Path.Combine(TempRoot, "packages");
        }

        public string RepositoryRoot { get; }
        public string TempRoot { get; }

        /// <summary>The local folder feed holding the freshly packed MLOps.Analyzers nupkg.</summary>
        public string FeedDirectory { get; }

        /// <summary>The consumers' NuGet packages folder, private to this run (see ConsumerProject).</summary>
        public string PackagesDirectory { get; }

        public string PackageVersion { get; private set; } = "";
        public string PackagePath { get; private set; } = "";
        public ProcessResult? PackResult { get; private set; }

        public string ConsumerAssetsDirectory => Path.Combine(RepositoryRoot, "tests", "MLOps.Analyzers.EndToEnd.Tests", "TestAssets", "Consumer");

        public async Task InitializeAsync()
        {
            var repo = Path.GetFullPath(RepositoryRoot) + Path.DirectorySeparatorChar;
            if (Path.GetFullPath(TempRoot).StartsWith(repo, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The temporary folder {TempRoot} is inside the repository {RepositoryRoot}: the consumer would import the repository's Directory.Build.props. Point TMPDIR elsewhere.");
            }

            Directory.CreateDirectory(FeedDirectory);
            var versionPrefix = ReadVersionPrefix(RepositoryRoot);

            // Built into a private artifacts folder so that the pack neither depends on nor disturbs the repository's
            // bin/ and obj/ folders (another build may be using them at the same time). As CI builds what ships
            // (ContinuousIntegrationBuild: paths mapped), so that ReproducibleBuildTests can pack again elsewhere.
            PackResult = await PackAsync(RepositoryRoot, FeedDirectory, Path.Combine(TempRoot, "pack-artifacts")).ConfigureAwait(false);
            if (!PackResult.Succeeded)
            {
                throw new InvalidOperationException("Packing MLOps.Analyzers failed." + Environment.NewLine + PackResult.Describe());
            }

            // Every local pack is a new prerelease of the next version: <prefix>-dev.<UTC yyyyMMddHHmmss>.
            var packages = Directory.GetFiles(FeedDirectory, "*.nupkg").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToList();
            var pattern = new Regex("^" + Regex.Escape(PackageId + "." + versionPrefix) + @"-dev\.\d{14}\.nupkg$");
            if (packages.Count != 1 || !pattern.IsMatch(packages[0]!))
            {
                throw new InvalidOperationException(
                    $"Expected exactly one {PackageId}.{versionPrefix}-dev.<yyyyMMddHHmmss>.nupkg in {FeedDirectory}, found: [{string.Join(", ", packages)}]." + Environment.NewLine + PackResult.Describe());
            }

            PackageVersion = packages[0]!.Substring(PackageId.Length + 1, packages[0]!.Length - PackageId.Length - 1 - ".nupkg".Length);
            PackagePath = Path.Combine(FeedDirectory, packages[0]!);
        }

        /// <summary>Packs src/MLOps.Analyzers.Package of the tree at <paramref name="root"/> as CI does.</summary>
        public static Task<ProcessResult> PackAsync(string root, string feed, string artifacts) =>
            ProcessRunner.RunDotnetAsync(
                root,
                PackTimeout,
                "pack", Path.Combine(root, "src", "MLOps.Analyzers.Package", "MLOps.Analyzers.Package.csproj"),
                "-c", "Release",
                "-o", feed,
                "--artifacts-path", artifacts,
                "-p:ContinuousIntegrationBuild=true",
                "-nodeReuse:false",
                "-tl:off",
                "-nologo");

        public Task DisposeAsync()
        {
            if (Environment.GetEnvironmentVariable("MLOPS_E2E_KEEP_TEMP") != "1")
            {
                try
                {
                    Directory.Delete(TempRoot, recursive: true);
                }
                catch (IOException)
                {
                    // Best effort: a temp folder left behind is harmless.
                }
                catch (UnauthorizedAccessException)
                {
                }
            }

            return Task.CompletedTask;
        }

        /// <summary>Walks up from the test assembly's folder to the folder that holds Analyzers.sln.</summary>
        public static string FindRepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Analyzers.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains Analyzers.sln.");
        }

        /// <summary>The version the repository builds: Directory.Build.props' &lt;VersionPrefix&gt;.</summary>
        private static string ReadVersionPrefix(string repositoryRoot)
        {
            var props = XDocument.Load(Path.Combine(repositoryRoot, "Directory.Build.props"));
            var version = props.Descendants().FirstOrDefault(e => e.Name.LocalName == "VersionPrefix")?.Value.Trim();
            if (string.IsNullOrEmpty(version) || !Regex.IsMatch(version, @"^\d+\.\d+\.\d+$"))
            {
                throw new InvalidOperationException($"Could not read a plain <VersionPrefix> from {repositoryRoot}/Directory.Build.props (got '{version}').");
            }

            return version;
        }
    }
}
