using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace MLOps.Analyzers.EndToEnd.Tests
{
    /// <summary>Reads a built assembly's metadata (System.Reflection.Metadata) without loading it.</summary>
    internal static class AssemblyInspection
    {
        /// <summary>Every type of the assembly, as Namespace.Name.</summary>
        public static List<string> TypeNames(string path)
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            var reader = pe.GetMetadataReader();
            var names = new List<string>();
            foreach (var handle in reader.TypeDefinitions)
            {
                var type = reader.GetTypeDefinition(handle);
                var ns = reader.GetString(type.Namespace);
                names.Add(ns.Length == 0 ? reader.GetString(type.Name) : ns + "." + reader.GetString(type.Name));
            }

            return names;
        }

        /// <summary>What the package could have put in the assembly: MLOps types, MLOps.* assembly metadata keys.</summary>
        public static List<string> MLOpsMetadata(string path)
        {
            var found = new List<string>();
            foreach (var type in TypeNames(path))
            {
                if (type.StartsWith("MLOps", StringComparison.Ordinal))
                {
                    found.Add("type " + type);
                }
            }

            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            var reader = pe.GetMetadataReader();
            foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
            {
                var attribute = reader.GetCustomAttribute(handle);
                if (attribute.Constructor.Kind != HandleKind.MemberReference)
                {
                    continue;
                }

                var parent = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
                if (parent.Kind != HandleKind.TypeReference || reader.GetString(reader.GetTypeReference((TypeReferenceHandle)parent).Name) != "AssemblyMetadataAttribute")
                {
                    continue;
                }

                var blob = reader.GetBlobReader(attribute.Value);
                if (blob.ReadUInt16() == 1 && blob.ReadSerializedString() is { } key && key.StartsWith("MLOps", StringComparison.Ordinal))
                {
                    found.Add("metadata " + key);
                }
            }

            return found;
        }
    }
}
