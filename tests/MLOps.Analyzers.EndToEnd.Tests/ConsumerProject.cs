using System;
using System.IO;
using System.Linq;
using System.Security;
using System.Threading.Tasks;

namespace MLOps.Analyzers.EndToEnd.Tests
{
    /// <summary>
    /// A fresh consumer project in its own temporary folder: the sources and .editorconfig of TestAssets/Consumer,
    /// plus a csproj and nuget.config written here. It references MLOps.Analyzers from the fixture's feed and
    /// ML.NET from nuget.org, exactly as a user's project would.
    /// </summary>
    public sealed class ConsumerProject
    {
        public const string ProjectName = "HousePrices";
        public const string MLNetVersion = "5.0.1";

        public static readonly TimeSpan RestoreTimeout = TimeSpan.FromMinutes(5);
        public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(4);
        public static readonly TimeSpan FormatTimeout = TimeSpan.FromMinutes(4);
        public static readonly TimeSpan QueryTimeout = TimeSpan.FromMinutes(2);

        private ConsumerProject(string directory)
        {
            Directory = directory;
            ProjectPath = Path.Combine(directory, ProjectName + ".csproj");
        }

        public string Directory { get; }
        public string ProjectPath { get; }

        /// <summary>Writes the consumer into TempRoot/<paramref name="name"/>.</summary>
        public static ConsumerProject Create(PackageFixture fixture, string name) => Create(fixture, name, fixture.ConsumerAssetsDirectory);

        /// <summary>Writes a consumer made of the sources in <paramref name="assets"/> into TempRoot/<paramref name="name"/>.</summary>
        public static ConsumerProject Create(PackageFixture fixture, string name, string assets)
        {
            var directory = Path.Combine(fixture.TempRoot, name);
            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }

            System.IO.Directory.CreateDirectory(directory);
            var consumer = new ConsumerProject(directory);

            var copied = System.IO.Directory.GetFiles(assets, "*.cs").Append(Path.Combine(assets, ".editorconfig")).ToList();
            foreach (var file in copied)
            {
                File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
            }

            // DVC pins (MLO2002) live in data/, as in a DVC-tracked repository.
            var dataAssets = Path.Combine(assets, "data");
            if (System.IO.Directory.Exists(dataAssets))
            {
                var data = System.IO.Directory.CreateDirectory(Path.Combine(directory, "data")).FullName;
                foreach (var file in System.IO.Directory.GetFiles(dataAssets))
                {
                    File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
                }
            }

            WriteIsolation(fixture, directory);

            File.WriteAllText(consumer.ProjectPath, $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>disable</ImplicitUsings>
                    <RootNamespace>HousePrices</RootNamespace>
                    <!-- Test hermeticity: no vulnerability-database download during restore. -->
                    <NuGetAudit>false</NuGetAudit>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="{PackageFixture.PackageId}" Version="{fixture.PackageVersion}" PrivateAssets="all" />
                    <PackageReference Include="Microsoft.ML" Version="{MLNetVersion}" />
                    <PackageReference Include="Microsoft.ML.FastTree" Version="{MLNetVersion}" />
                    <PackageReference Include="Microsoft.ML.LightGbm" Version="{MLNetVersion}" />
                  </ItemGroup>
                </Project>

                """);

            return consumer;
        }

        /// <summary>
        /// Makes <paramref name="directory"/> stand alone: no Directory.Build.* or central package management from above,
        /// and a nuget.config that takes MLOps.Analyzers from the fixture's feed only, into a private packages folder.
        /// </summary>
        public static void WriteIsolation(PackageFixture fixture, string directory)
        {
            // The temporary folder is outside the repository, so the repository's Directory.Build.props and
            // Directory.Packages.props are not imported anyway; these empty files also stop MSBuild's upward search
            // at this folder, whatever the parent folders of the temp dir hold. The test checks the effect.
            const string emptyProject = "<Project>\n  <!-- Stops MSBuild's upward search for this file: the consumer stands alone. -->\n</Project>\n";
            File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), emptyProject);
            File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), emptyProject);
            File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), emptyProject);

            // Packages folder: private to this test run (shared by its consumers). Every pack has its own version
            // (0.1.0-dev.<time>), so the user's global folder (~/.nuget/packages) would not serve stale bits, but the
            // test would leave one extracted package there per run. ML.NET is extracted again into the private folder
            // (from NuGet's HTTP cache when it has it).
            // Source mapping: MLOps.Analyzers comes only from the local feed, never from nuget.org.
            File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <config>
                    <add key="globalPackagesFolder" value="{SecurityElement.Escape(fixture.PackagesDirectory)}" />
                  </config>
                  <packageSources>
                    <clear />
                    <add key="local-feed" value="{SecurityElement.Escape(fixture.FeedDirectory)}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
                  </packageSources>
                  <fallbackPackageFolders>
                    <clear />
                  </fallbackPackageFolders>
                  <packageSourceMapping>
                    <clear />
                    <packageSource key="local-feed">
                      <package pattern="{PackageFixture.PackageId}" />
                    </packageSource>
                    <packageSource key="nuget.org">
                      <package pattern="*" />
                    </packageSource>
                  </packageSourceMapping>
                </configuration>

                """);
        }

        public string SourcePath(string fileName) => Path.Combine(Directory, fileName);

        public Task<ProcessResult> RestoreAsync() =>
            ProcessRunner.RunDotnetAsync(Directory, RestoreTimeout,
                "restore", ProjectPath, "-nodeReuse:false", "-tl:off", "-nologo");

        /// <summary>A full (non-incremental) build that writes the compiler's diagnostics as SARIF 2.1 to <paramref name="sarifPath"/>.</summary>
        public Task<ProcessResult> BuildAsync(string sarifPath, params string[] extraArguments) =>
            ProcessRunner.RunDotnetAsync(Directory, BuildTimeout,
                new[]
                {
                    "build", ProjectPath,
                    "--no-restore",
                    "--no-incremental",
                    "-c", "Debug",
                    "-p:ErrorLog=" + sarifPath + "%2Cversion=2.1",
                    "-nodeReuse:false", "-tl:off", "-nologo",
                }.Concat(extraArguments).ToArray());

        /// <summary>An ordinary incremental build (what `dotnet build` does by default).</summary>
        public Task<ProcessResult> IncrementalBuildAsync() =>
            ProcessRunner.RunDotnetAsync(Directory, BuildTimeout,
                "build", ProjectPath, "--no-restore", "-c", "Debug", "-nodeReuse:false", "-tl:off", "-nologo");

        /// <summary>
        /// Runs ResolveLockFileAnalyzers (which adds the packages' analyzers as Analyzer items) and returns MSBuild's
        /// JSON (-getProperty/-getItem): the properties and analyzer items the package brought in.
        /// </summary>
        public Task<ProcessResult> QueryAsync(string[] properties, string[] items, params string[] extraArguments)
        {
            var arguments = new[] { "msbuild", ProjectPath, "-t:ResolveLockFileAnalyzers", "-nodeReuse:false", "-nologo" }
                .Concat(properties.Select(p => "-getProperty:" + p))
                .Concat(items.Select(i => "-getItem:" + i))
                .Concat(extraArguments)
                .ToArray();
            return ProcessRunner.RunDotnetAsync(Directory, QueryTimeout, arguments);
        }

        public Task<ProcessResult> FormatAnalyzersAsync(string diagnosticId, string reportDirectory) =>
            ProcessRunner.RunDotnetAsync(Directory, FormatTimeout,
                "format", "analyzers", ProjectPath,
                "--diagnostics", diagnosticId,
                "--severity", "info",
                "--no-restore",
                "--report", reportDirectory,
                "-v", "normal");
    }
}
