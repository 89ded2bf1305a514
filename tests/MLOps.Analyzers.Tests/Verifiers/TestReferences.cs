using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace MLOps.Analyzers.Tests.Verifiers
{
    /// <summary>
    /// References for test compilations, taken from this machine: the running .NET runtime's assemblies and the real
    /// ML.NET 5.0.1 assemblies restored for this test project. No reference-assembly package is downloaded at test time.
    /// </summary>
    internal static class TestReferences
    {
        /// <summary>A target framework with no package: the references come from <see cref="Runtime"/>.</summary>
        public static readonly ReferenceAssemblies NoPackages = new ReferenceAssemblies("net10.0");

        public static readonly ImmutableArray<MetadataReference> Runtime = LoadRuntime();

        public static readonly ImmutableArray<MetadataReference> MLNet = LoadMLNet();

        /// <summary>The ASP.NET Core shared framework (controllers, middleware, DI, hosting) of the running SDK.</summary>
        public static readonly ImmutableArray<MetadataReference> AspNetCore = LoadDirectory(
            Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Mvc.ControllerBase).Assembly.Location)!, "*.dll");

        private static ImmutableArray<MetadataReference> LoadRuntime() =>
            LoadDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "*.dll");

        private static ImmutableArray<MetadataReference> LoadMLNet()
        {
            // Touch the ML.NET packages the tests use so their assemblies are certainly copied next to the tests.
            _ = typeof(Microsoft.ML.MLContext);
            _ = typeof(Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer);
            _ = typeof(Microsoft.ML.Trainers.LightGbm.LightGbmBinaryTrainer);
            return LoadDirectory(AppContext.BaseDirectory, "Microsoft.ML*.dll");
        }

        private static ImmutableArray<MetadataReference> LoadDirectory(string directory, string pattern) =>
            Directory.GetFiles(directory, pattern)
                .Where(IsManagedAssembly)
                .OrderBy(path => path, StringComparer.Ordinal)
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToImmutableArray();

        private static bool IsManagedAssembly(string path)
        {
            try
            {
                using var stream = File.OpenRead(path);
                using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
                return reader.HasMetadata && reader.GetMetadataReader().IsAssembly;
            }
            catch (BadImageFormatException)
            {
                return false;
            }
        }
    }
}
