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
    /// Issue 13, with the .NET 10 SDK's compiler (C# 14): one consumer solution with every scaffolding case that used to
    /// produce generated tests that did not compile. Two ML projects declare the same Models.Pipelines.Build and
    /// Models.Row (the test project references the second with Aliases="Second"); a C# 14 static extension member is a
    /// factory; a factory takes ref MLContext; overloads with optional parameters; char seeds; types named var in the
    /// namespaces generated code lives in. The test project builds with warnings as errors and its generated tests run.
    /// </summary>
    [Collection(PackageCollection.Name)]
    public sealed class ScaffoldCasesEndToEndTests
    {
        private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(8);
        private readonly PackageFixture _fixture;
        private readonly ITestOutputHelper _output;

        public ScaffoldCasesEndToEndTests(PackageFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        [Fact]
        public async Task Same_names_in_two_projects_an_extension_member_a_ref_parameter_and_overloads_build_and_their_generated_tests_run()
        {
            var root = CreateSolution("scaffold-cases");
            var result = await ProcessRunner.RunDotnetAsync(root, TestTimeout,
                "test", Path.Combine(root, "Models.Tests", "Models.Tests.csproj"), "-nodeReuse:false", "-tl:off", "-nologo");
            _output.WriteLine(result.Describe(12_000));
            Assert.True(result.Succeeded, result.Describe());
            var summary = Regex.Match(result.Output, @"Failed:\s+(\d+),\s+Passed:\s+(\d+),\s+Skipped:\s+(\d+)");
            Assert.True(summary.Success, "No test summary in the output." + Environment.NewLine + result.Describe());

            // Four test classes of four tests: both Models.Pipelines.Build (one through the alias), the extension member,
            // and the overload Build(ml) calls.
            Assert.Equal("0 16 0", $"{summary.Groups[1].Value} {summary.Groups[2].Value} {summary.Groups[3].Value}");

            var generated = Path.Combine(root, "Models.Tests", "obj", "generated");
            string Generated(string name)
            {
                var files = Directory.GetFiles(generated, name, SearchOption.AllDirectories);
                Assert.True(files.Length == 1, name + " not generated; generated: " + string.Join(", ", Directory.GetFiles(generated, "*.g.cs", SearchOption.AllDirectories).Select(Path.GetFileName)));
                return File.ReadAllText(files[0]);
            }

            var second = Generated("Models_Second_Models_Pipelines_Build_Tests.g.cs");
            Assert.Contains("extern alias Second;", second, StringComparison.Ordinal);
            Assert.Contains("return Second::Models.Pipelines.Build(ml);", second, StringComparison.Ordinal);
            var first = Generated("Models_First_Models_Pipelines_Build_Tests.g.cs");
            Assert.Contains("return global::Models.Pipelines.Build(ml);", first, StringComparison.Ordinal);
            Assert.Contains("private const int Seed = 65;", first, StringComparison.Ordinal);
            Assert.Contains("testFraction: 0.2, samplingKeyColumnName: null, seed: 66)", first, StringComparison.Ordinal);
            Assert.Contains("return global::Models.PipelineExtensions.BuildWithMoreTrees(ml);", Generated("PipelineExtensions_BuildWithMoreTrees_Tests.g.cs"), StringComparison.Ordinal);
            Assert.Contains("return global::Models.Tuned.Build(ml);", Generated("Tuned_Build_Tests.g.cs"), StringComparison.Ordinal);

            var notTestable = Generated("MLOps.Testing.NotTestable.g.cs");
            Assert.Contains("not testable: its MLContext parameter is passed by ref", notTestable, StringComparison.Ordinal);
            Assert.Equal(2, Regex.Matches(notTestable, @"not testable: a call with only the MLContext, Ambiguous\.Build\(ml\), is ambiguous between its overloads").Count);
            Assert.Contains("not testable: a call with only the MLContext, Tuned.Build(ml), calls another overload", notTestable, StringComparison.Ordinal);
        }

        private string CreateSolution(string name)
        {
            var root = Path.Combine(_fixture.TempRoot, name);
            var assets = Path.Combine(_fixture.RepositoryRoot, "tests", "MLOps.Analyzers.EndToEnd.Tests", "TestAssets", "ScaffoldCasesSolution");
            foreach (var file in Directory.GetFiles(assets, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(root, Path.GetRelativePath(assets, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            ConsumerProject.WriteIsolation(_fixture, root);
            var props = XDocument.Load(Path.Combine(_fixture.RepositoryRoot, "Directory.Packages.props"));
            var versions = props.Descendants("PackageVersion").ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
            var package = $"""<PackageReference Include="{PackageFixture.PackageId}" Version="{_fixture.PackageVersion}" PrivateAssets="all" />""";
            foreach (var (project, data) in new[] { ("Models.First", "first.csv"), ("Models.Second", "second.csv") })
            {
                File.WriteAllText(Path.Combine(root, project, project + ".csproj"), $"""
                    <Project Sdk="Microsoft.NET.Sdk">
                      <PropertyGroup>
                        <TargetFramework>net10.0</TargetFramework>
                        <LangVersion>14</LangVersion>
                        <Nullable>enable</Nullable>
                        <NuGetAudit>false</NuGetAudit>
                      </PropertyGroup>
                      <ItemGroup>
                        {package}
                        <PackageReference Include="Microsoft.ML" Version="{ConsumerProject.MLNetVersion}" />
                        <PackageReference Include="Microsoft.ML.FastTree" Version="{ConsumerProject.MLNetVersion}" />
                        <None Include="data/{data}" CopyToOutputDirectory="PreserveNewest" />
                      </ItemGroup>
                    </Project>

                    """);

                // 200 rows: the label follows size and age, with a deterministic wobble.
                var csv = new StringBuilder("Size,Age,Label\n");
                for (var i = 0; i < 200; i++)
                {
                    var size = 20 + (i * 37 % 90);
                    var age = i * 13 % 40;
                    csv.Append(CultureInfo.InvariantCulture, $"{size},{age},{(size * 3) - age + (i * 7919 % 11)}\n");
                }

                Directory.CreateDirectory(Path.Combine(root, project, "data"));
                File.WriteAllText(Path.Combine(root, project, "data", data), csv.ToString());
            }

            File.WriteAllText(Path.Combine(root, "Models.Tests", "Models.Tests.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <IsTestProject>true</IsTestProject>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
                    <CompilerGeneratedFilesOutputPath>obj/generated</CompilerGeneratedFilesOutputPath>
                    <NuGetAudit>false</NuGetAudit>
                  </PropertyGroup>
                  <ItemGroup>
                    {package}
                    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="{versions["Microsoft.NET.Test.Sdk"]}" />
                    <PackageReference Include="xunit" Version="{versions["xunit"]}" />
                    <PackageReference Include="xunit.runner.visualstudio" Version="{versions["xunit.runner.visualstudio"]}" />
                    <ProjectReference Include="../Models.First/Models.First.csproj" />
                    <ProjectReference Include="../Models.Second/Models.Second.csproj" Aliases="Second" />
                  </ItemGroup>
                </Project>

                """);
            return root;
        }
    }
}
