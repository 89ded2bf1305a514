using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;
using Xunit.Abstractions;

namespace MLOps.Analyzers.EndToEnd.Tests
{
    /// <summary>
    /// Generated tests as a new user gets them: a fresh solution outside the repository with an ML.NET library (a
    /// BuildPipeline(MLContext) factory and a data file) and an xunit project referencing it and the packed nupkg;
    /// `dotnet test` runs the tests generated from the library's manifest. Both projects treat warnings as errors and the
    /// library gives the tests its internals (InternalsVisibleTo), the setup in which a generated type defined in both
    /// would break the build (CS0436).
    /// </summary>
    [Collection(PackageCollection.Name)]
    public sealed class ScaffoldEndToEndTests
    {
        private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(6);
        private readonly PackageFixture _fixture;
        private readonly ITestOutputHelper _output;

        public ScaffoldEndToEndTests(PackageFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        [Fact]
        public async Task GeneratedTests_PassOnAWorkingPipeline_AndFailClearlyOnATypoAndOnAGateAboveTheModel()
        {
            var root = CreateSolution("scaffold");

            var green = await TestAsync(root);
            Assert.True(green.Result.Succeeded, green.Result.Describe());
            Assert.Equal((5, 0, 0), (green.Passed, green.Failed, green.Skipped));

            // InternalsVisibleTo and warnings as errors in both projects: no CS0436 (the build succeeded), and the
            // library's Release dll carries nothing of the package: no MLOps type, no MLOps assembly metadata.
            Assert.DoesNotContain("CS0436", green.Result.Output, StringComparison.Ordinal);
            var libraryDll = Path.Combine(root, "Pricing", "bin", "Release", "net10.0", "Pricing.dll");
            Assert.Empty(AssemblyInspection.MLOpsMetadata(libraryDll));
            Assert.True(File.Exists(Path.Combine(root, "Pricing", "bin", "Release", "net10.0", "Pricing.mlops.json")), "The library's manifest file was not written.");
            // The test project uses ML.NET but defines no pipeline: no manifest unless asked (MLOpsManifestWhenEmpty).
            var testsManifest = Path.Combine(root, "Pricing.Tests", "bin", "Release", "net10.0", "Pricing.Tests.mlops.json");
            Assert.False(File.Exists(testsManifest), "A manifest was written for the test project, which has no pipeline.");

            // MLOpsGenerateTests=false: no generated tests, yet Gates.cs' [assembly: QualityGate] still compiles.
            // MLOpsManifestWhenEmpty=true (same build, its own effect): the test project gets its empty manifest.
            var testsOff = await ProcessRunner.RunDotnetAsync(root, TestTimeout,
                "build", Path.Combine(root, "Pricing.Tests", "Pricing.Tests.csproj"), "-c", "Release",
                "-p:MLOpsGenerateTests=false", "-p:MLOpsManifestWhenEmpty=true", "-nodeReuse:false", "-tl:off", "-nologo");
            _output.WriteLine(testsOff.Describe(8_000));
            Assert.True(testsOff.Succeeded, "With MLOpsGenerateTests=false the test project does not compile." + Environment.NewLine + testsOff.Describe());
            var testTypes = AssemblyInspection.TypeNames(Path.Combine(root, "Pricing.Tests", "bin", "Release", "net10.0", "Pricing.Tests.dll"));
            Assert.Contains("MLOps.Testing.QualityGateAttribute", testTypes);
            Assert.DoesNotContain(testTypes, t => t.EndsWith("_Tests", StringComparison.Ordinal));
            Assert.True(File.Exists(testsManifest), "MLOpsManifestWhenEmpty=true wrote no manifest for the test project.");
            Assert.Contains("\"pipelines\": []", File.ReadAllText(testsManifest), StringComparison.Ordinal);

            // A gate above what the model achieves fails with the measured value.
            var gates = Path.Combine(root, "Pricing.Tests", "Gates.cs");
            File.WriteAllText(gates, File.ReadAllText(gates).Replace("Minimum = 0.8", "Minimum = 0.9999", StringComparison.Ordinal));
            var gate = await TestAsync(root);
            Assert.Equal((4, 1, 0), (gate.Passed, gate.Failed, gate.Skipped));
            Assert.Matches(new Regex(@"Quality gate of 'BuildPipeline' failed: RSquared = 0\.\d+ on the held-out data, below the minimum 0\.9999\."), gate.Result.Output);
            File.WriteAllText(gates, File.ReadAllText(gates).Replace("Minimum = 0.9999", "Minimum = 0.8", StringComparison.Ordinal));

            // A column name typo in the library's pipeline fails every test with the data's real columns.
            var model = Path.Combine(root, "Pricing", "HouseModel.cs");
            File.WriteAllText(model, File.ReadAllText(model).Replace("nameof(House.Area), \"NeighbourhoodEncoded\"", "\"Aera\", \"NeighbourhoodEncoded\"", StringComparison.Ordinal));
            var typo = await TestAsync(root);
            Assert.Equal(0, typo.Passed);
            Assert.Equal(5, typo.Failed);
            Assert.Contains("cannot be fitted on its training data: Could not find input column 'Aera'", typo.Result.Output, StringComparison.Ordinal);
            Assert.Contains("The data has the columns: Rooms (Single), Area (Single), Neighbourhood (String), Price (Single)", typo.Result.Output, StringComparison.Ordinal);
        }

        private async Task<(ProcessResult Result, int Passed, int Failed, int Skipped)> TestAsync(string root)
        {
            var result = await ProcessRunner.RunDotnetAsync(root, TestTimeout,
                "test", Path.Combine(root, "Pricing.Tests", "Pricing.Tests.csproj"), "-c", "Release", "-nodeReuse:false", "-tl:off", "-nologo");
            _output.WriteLine(result.Describe(8_000));
            var summary = Regex.Match(result.Output, @"Failed:\s+(\d+),\s+Passed:\s+(\d+),\s+Skipped:\s+(\d+)");
            Assert.True(summary.Success, "No test summary in the output." + Environment.NewLine + result.Describe());
            int Group(int i) => int.Parse(summary.Groups[i].Value, CultureInfo.InvariantCulture);
            return (result, Group(2), Group(1), Group(3));
        }

        private string CreateSolution(string name)
        {
            var root = Path.Combine(_fixture.TempRoot, name);
            var assets = Path.Combine(_fixture.RepositoryRoot, "tests", "MLOps.Analyzers.EndToEnd.Tests", "TestAssets", "ScaffoldSolution");
            foreach (var file in Directory.GetFiles(assets, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(root, Path.GetRelativePath(assets, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            ConsumerProject.WriteIsolation(_fixture, root);
            var versions = ReadPinnedVersions();
            var package = $"""<PackageReference Include="{PackageFixture.PackageId}" Version="{_fixture.PackageVersion}" PrivateAssets="all" />""";
            File.WriteAllText(Path.Combine(root, "Pricing", "Pricing.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <NuGetAudit>false</NuGetAudit>
                  </PropertyGroup>
                  <ItemGroup>
                    {package}
                    <PackageReference Include="Microsoft.ML" Version="{ConsumerProject.MLNetVersion}" />
                    <PackageReference Include="Microsoft.ML.FastTree" Version="{ConsumerProject.MLNetVersion}" />
                    <None Include="data/houses.csv" CopyToOutputDirectory="PreserveNewest" />
                  </ItemGroup>
                </Project>

                """);
            File.WriteAllText(Path.Combine(root, "Pricing.Tests", "Pricing.Tests.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <IsTestProject>true</IsTestProject>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <NuGetAudit>false</NuGetAudit>
                  </PropertyGroup>
                  <ItemGroup>
                    {package}
                    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="{versions("Microsoft.NET.Test.Sdk")}" />
                    <PackageReference Include="xunit" Version="{versions("xunit")}" />
                    <PackageReference Include="xunit.runner.visualstudio" Version="{versions("xunit.runner.visualstudio")}" />
                    <ProjectReference Include="../Pricing/Pricing.csproj" />
                  </ItemGroup>
                </Project>

                """);

            // 400 houses: the price follows area, rooms and neighbourhood, with a deterministic wobble.
            var csv = new StringBuilder("Rooms,Area,Neighbourhood,Price\n");
            var neighbourhoods = new[] { "North", "Harbour", "Old Town" };
            for (var i = 0; i < 400; i++)
            {
                var rooms = 1 + (i % 5);
                var area = 25 + (rooms * 18) + ((i * 37) % 23);
                var neighbourhood = i * 7 % 3;
                var price = (area * 2_900) + (neighbourhood * 40_000) + (rooms * 5_000) + ((i * 7919) % 9_000);
                csv.Append(CultureInfo.InvariantCulture, $"{rooms},{area},{neighbourhoods[neighbourhood]},{price}\n");
            }

            Directory.CreateDirectory(Path.Combine(root, "Pricing", "data"));
            File.WriteAllText(Path.Combine(root, "Pricing", "data", "houses.csv"), csv.ToString());
            return root;
        }

        /// <summary>The repository's pinned test-package versions (Directory.Packages.props), so the fresh project restores what CI has.</summary>
        private Func<string, string> ReadPinnedVersions()
        {
            var props = XDocument.Load(Path.Combine(_fixture.RepositoryRoot, "Directory.Packages.props"));
            var versions = props.Descendants("PackageVersion").ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
            return id => versions[id];
        }
    }
}
