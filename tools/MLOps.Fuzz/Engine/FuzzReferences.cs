using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using Microsoft.CodeAnalysis;

namespace MLOps.Fuzz.Engine
{
    /// <summary>
    /// The references of every compilation the harness makes, loaded once and shared (so Roslyn reuses the assembly
    /// symbols across compilations): the running runtime, the real ML.NET 5.0.1 assemblies, ASP.NET Core (for the
    /// serving rules' inputs) and xunit (for the scaffolding generator's test projects), all found next to the host
    /// program (the fuzz tool or the test assembly), which references those packages.
    /// </summary>
    public sealed class FuzzReferences
    {
        private FuzzReferences(
            ImmutableArray<MetadataReference> runtime,
            ImmutableArray<MetadataReference> mlNet,
            ImmutableArray<MetadataReference> aspNetCore,
            ImmutableArray<MetadataReference> xunit)
        {
            Runtime = runtime;
            MLNet = mlNet;
            AspNetCore = aspNetCore;
            Xunit = xunit;
        }

        public ImmutableArray<MetadataReference> Runtime { get; }

        public ImmutableArray<MetadataReference> MLNet { get; }

        public ImmutableArray<MetadataReference> AspNetCore { get; }

        public ImmutableArray<MetadataReference> Xunit { get; }

        /// <summary>Loads the references; <paramref name="aspNetCoreDirectory"/> is the ASP.NET Core shared framework's directory, if any.</summary>
        public static FuzzReferences Load(string? aspNetCoreDirectory)
        {
            var runtime = LoadDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "*.dll");
            var mlNet = LoadDirectory(AppContext.BaseDirectory, "Microsoft.ML*.dll");
            if (mlNet.IsEmpty)
            {
                throw new InvalidOperationException("No ML.NET assembly next to " + AppContext.BaseDirectory + ": the host must reference the Microsoft.ML packages.");
            }

            var aspNetCore = aspNetCoreDirectory is null ? ImmutableArray<MetadataReference>.Empty : LoadDirectory(aspNetCoreDirectory, "*.dll");
            var xunit = LoadDirectory(AppContext.BaseDirectory, "xunit.*.dll", path => !Path.GetFileName(path).Contains("runner", StringComparison.OrdinalIgnoreCase));
            return new FuzzReferences(runtime, mlNet, aspNetCore, xunit);
        }

        /// <summary>Runtime and ML.NET, with ASP.NET Core when the source mentions it.</summary>
        public ImmutableArray<MetadataReference> For(bool aspNetCore) => aspNetCore ? Runtime.AddRange(MLNet).AddRange(AspNetCore) : Runtime.AddRange(MLNet);

        private static ImmutableArray<MetadataReference> LoadDirectory(string directory, string pattern, Func<string, bool>? filter = null) =>
            Directory.GetFiles(directory, pattern)
                .Where(path => filter is null || filter(path))
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
