using System;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace MLOps.Analyzers.Tasks
{
    /// <summary>
    /// Writes the pipeline manifest that the MLOps.Analyzers generator embedded in an assembly,
    /// <c>[assembly: AssemblyMetadata("MLOps.Manifest", json)]</c>, to <see cref="OutputPath"/> as UTF-8 without a BOM.
    /// </summary>
    /// <remarks>
    /// The file is only written when its bytes would change, so an unchanged rebuild leaves it (and its timestamp)
    /// alone. An assembly without the attribute (no ML.NET, generator switched off, another language) writes nothing
    /// and deletes nothing. A problem reading the assembly or writing the file is a warning (MLOPS001), never an
    /// error: the manifest is a by-product of the build and must not break it.
    /// </remarks>
    public sealed class WritePipelineManifest : Task
    {
        /// <summary>The key of the assembly metadata attribute the generator emits.</summary>
        public const string MetadataKey = "MLOps.Manifest";

        /// <summary>The code of every warning this task logs.</summary>
        public const string WarningCode = "MLOPS001";

        private static readonly UTF8Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

        /// <summary>The compiled (implementation) assembly to read: the project's obj/ assembly, not a reference assembly.</summary>
        [Required]
        public string AssemblyPath { get; set; } = string.Empty;

        /// <summary>Where the manifest goes, usually $(OutDir)$(AssemblyName).mlops.json.</summary>
        [Required]
        public string OutputPath { get; set; } = string.Empty;

        /// <summary>
        /// True when, after the task, <see cref="OutputPath"/> holds the assembly's manifest: written now, or already
        /// identical. False when the assembly carries no manifest or a problem was reported.
        /// </summary>
        [Output]
        public bool ManifestWritten { get; set; }

        public override bool Execute()
        {
            ManifestWritten = false;

            string? manifest;
            try
            {
                var result = ManifestReader.Read(AssemblyPath, out manifest);
                switch (result)
                {
                    case ManifestReadResult.Found:
                        break;
                    case ManifestReadResult.NotFound:
                        Log.LogMessage(MessageImportance.Low, "MLOps.Analyzers: '{0}' carries no pipeline manifest (no '{1}' assembly metadata); nothing written to '{2}'.", AssemblyPath, MetadataKey, OutputPath);
                        return true;
                    case ManifestReadResult.NullValue:
                        Log.LogMessage(MessageImportance.Low, "MLOps.Analyzers: the '{0}' assembly metadata of '{1}' is null; nothing written to '{2}'.", MetadataKey, AssemblyPath, OutputPath);
                        return true;
                    case ManifestReadResult.ReferenceAssembly:
                        Warn("'{0}' is a reference assembly; the pipeline manifest is read from the implementation assembly. Nothing written to '{1}'.", AssemblyPath, OutputPath);
                        return true;
                    case ManifestReadResult.NoMetadata:
                        Warn("'{0}' is not a .NET assembly; no pipeline manifest written to '{1}'.", AssemblyPath, OutputPath);
                        return true;
                    case ManifestReadResult.Missing:
                        Warn("The assembly '{0}' does not exist; no pipeline manifest written to '{1}'.", AssemblyPath, OutputPath);
                        return true;
                    default:
                        throw new InvalidOperationException("Unexpected result " + result + ".");
                }
            }
            catch (Exception e) when (IsReadProblem(e))
            {
                Warn("Could not read the pipeline manifest from '{0}': {1} Nothing written to '{2}'.", AssemblyPath, e.Message, OutputPath);
                return true;
            }

            var bytes = Utf8NoBom.GetBytes(manifest!);
            try
            {
                if (File.Exists(OutputPath) && BytesEqual(File.ReadAllBytes(OutputPath), bytes))
                {
                    Log.LogMessage(MessageImportance.Low, "MLOps.Analyzers: pipeline manifest '{0}' is up to date.", OutputPath);
                    ManifestWritten = true;
                    return true;
                }

                var directory = Path.GetDirectoryName(Path.GetFullPath(OutputPath));
                if (!string.IsNullOrEmpty(directory))
                {
                    Directory.CreateDirectory(directory);
                }

                File.WriteAllBytes(OutputPath, bytes);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException || e is System.Security.SecurityException)
            {
                Warn("Could not write the pipeline manifest to '{0}': {1}", OutputPath, e.Message);
                return true;
            }

            Log.LogMessage(MessageImportance.Low, "MLOps.Analyzers: pipeline manifest written to '{0}' ({1} bytes).", OutputPath, bytes.Length);
            ManifestWritten = true;
            return true;
        }

        private void Warn(string format, params object[] arguments) =>
            Log.LogWarning(subcategory: null, warningCode: WarningCode, helpKeyword: null, file: null, lineNumber: 0, columnNumber: 0, endLineNumber: 0, endColumnNumber: 0, message: "MLOps.Analyzers: " + format, messageArgs: arguments);

        private static bool IsReadProblem(Exception e) =>
            e is IOException || e is UnauthorizedAccessException || e is BadImageFormatException || e is InvalidOperationException
            || e is ArgumentException || e is NotSupportedException || e is System.Security.SecurityException;

        private static bool BytesEqual(byte[] left, byte[] right)
        {
            if (left.Length != right.Length)
            {
                return false;
            }

            for (var i = 0; i < left.Length; i++)
            {
                if (left[i] != right[i])
                {
                    return false;
                }
            }

            return true;
        }
    }

    internal enum ManifestReadResult
    {
        Found,
        NotFound,
        NullValue,
        ReferenceAssembly,
        NoMetadata,
        Missing,
    }

    /// <summary>Finds <c>[assembly: AssemblyMetadata("MLOps.Manifest", value)]</c> in an assembly's metadata, without loading it.</summary>
    internal static class ManifestReader
    {
        public static ManifestReadResult Read(string assemblyPath, out string? manifest)
        {
            manifest = null;
            if (!File.Exists(assemblyPath))
            {
                return ManifestReadResult.Missing;
            }

            // Shared read: the compiler, an IDE or an antivirus may hold the file; nothing stays open after this call.
            using var stream = new FileStream(assemblyPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var peReader = new PEReader(stream, PEStreamOptions.PrefetchEntireImage);
            if (!peReader.HasMetadata)
            {
                return ManifestReadResult.NoMetadata;
            }

            var reader = peReader.GetMetadataReader();
            if (!reader.IsAssembly)
            {
                return ManifestReadResult.NoMetadata;
            }

            var found = false;
            var isReferenceAssembly = false;
            foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
            {
                var attribute = reader.GetCustomAttribute(handle);
                if (!TryGetAttributeType(reader, attribute, out var ns, out var name))
                {
                    continue;
                }

                if (name == "ReferenceAssemblyAttribute" && ns == "System.Runtime.CompilerServices")
                {
                    isReferenceAssembly = true;
                    continue;
                }

                if (found || name != "AssemblyMetadataAttribute" || ns != "System.Reflection" || !HasTwoStringParameters(reader, attribute))
                {
                    continue;
                }

                if (TryReadTwoStrings(reader, attribute.Value, out var key, out var value) && key == WritePipelineManifest.MetadataKey)
                {
                    found = true;
                    manifest = value;
                }
            }

            if (isReferenceAssembly)
            {
                manifest = null;
                return ManifestReadResult.ReferenceAssembly;
            }

            if (!found)
            {
                return ManifestReadResult.NotFound;
            }

            return manifest is null ? ManifestReadResult.NullValue : ManifestReadResult.Found;
        }

        /// <summary>The namespace and name of the type that declares the attribute's constructor.</summary>
        private static bool TryGetAttributeType(MetadataReader reader, CustomAttribute attribute, out string ns, out string name)
        {
            ns = name = string.Empty;
            EntityHandle type;
            switch (attribute.Constructor.Kind)
            {
                case HandleKind.MemberReference:
                    type = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
                    break;
                case HandleKind.MethodDefinition:
                    type = reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType();
                    break;
                default:
                    return false;
            }

            switch (type.Kind)
            {
                case HandleKind.TypeReference:
                    var reference = reader.GetTypeReference((TypeReferenceHandle)type);
                    ns = reader.GetString(reference.Namespace);
                    name = reader.GetString(reference.Name);
                    return true;
                case HandleKind.TypeDefinition:
                    var definition = reader.GetTypeDefinition((TypeDefinitionHandle)type);
                    ns = reader.GetString(definition.Namespace);
                    name = reader.GetString(definition.Name);
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>True for an instance constructor <c>void .ctor(string, string)</c>.</summary>
        private static bool HasTwoStringParameters(MetadataReader reader, CustomAttribute attribute)
        {
            BlobHandle signature;
            switch (attribute.Constructor.Kind)
            {
                case HandleKind.MemberReference:
                    signature = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Signature;
                    break;
                case HandleKind.MethodDefinition:
                    signature = reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).Signature;
                    break;
                default:
                    return false;
            }

            var blob = reader.GetBlobReader(signature);
            var header = blob.ReadSignatureHeader();
            if (header.Kind != SignatureKind.Method || header.IsGeneric || !header.IsInstance)
            {
                return false;
            }

            return blob.ReadCompressedInteger() == 2
                && blob.ReadSignatureTypeCode() == SignatureTypeCode.Void
                && blob.ReadSignatureTypeCode() == SignatureTypeCode.String
                && blob.ReadSignatureTypeCode() == SignatureTypeCode.String;
        }

        /// <summary>
        /// Decodes a custom attribute value blob for a (string, string) constructor (ECMA-335 II.23.3): the prolog 0x0001,
        /// then two SerStrings, each a compressed length and UTF-8 bytes, or the single byte 0xFF for null.
        /// </summary>
        private static bool TryReadTwoStrings(MetadataReader reader, BlobHandle value, out string? first, out string? second)
        {
            first = second = null;
            if (value.IsNil)
            {
                return false;
            }

            var blob = reader.GetBlobReader(value);
            if (blob.Length < 2 || blob.ReadUInt16() != 0x0001)
            {
                return false;
            }

            first = blob.ReadSerializedString();
            second = blob.ReadSerializedString();
            return true;
        }
    }
}
