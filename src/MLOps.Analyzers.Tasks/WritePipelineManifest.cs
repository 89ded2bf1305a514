using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MLOps.Analyzers.Generators;

namespace MLOps.Analyzers.Tasks
{
    /// <summary>
    /// Writes the pipeline manifest that the MLOps.Analyzers generator handed out through the compiler's generated-files
    /// output (a comment-only source file, see <see cref="ManifestCarrier"/>) to <see cref="OutputPath"/> as UTF-8
    /// without a BOM. The assembly carries nothing.
    /// </summary>
    /// <remarks>
    /// The file is only written when its bytes would change, so an unchanged rebuild leaves it (and its timestamp) alone.
    /// No generated file (no ML.NET, another language): nothing is written or deleted. A manifest without pipelines is
    /// written only with <see cref="WriteEmpty"/>; otherwise a manifest left at <see cref="OutputPath"/> by an earlier
    /// build (when the project still had pipelines) is deleted. A problem reading or writing is a warning (MLOPS001),
    /// never an error: the manifest is a by-product of the build and must not break it.
    /// </remarks>
    public sealed class WritePipelineManifest : Task
    {
        /// <summary>The code of every warning this task logs.</summary>
        public const string WarningCode = "MLOPS001";

        private static readonly UTF8Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

        /// <summary>The generator's comment-only file under $(CompilerGeneratedFilesOutputPath).</summary>
        [Required]
        public string ManifestSourcePath { get; set; } = string.Empty;

        /// <summary>Where the manifest goes, usually $(OutDir)$(AssemblyName).mlops.json.</summary>
        [Required]
        public string OutputPath { get; set; } = string.Empty;

        /// <summary>Write the manifest even when it lists no pipeline (MLOpsManifestWhenEmpty).</summary>
        public bool WriteEmpty { get; set; }

        /// <summary>
        /// True when, after the task, <see cref="OutputPath"/> holds the compilation's manifest: written now, or already
        /// identical. False when there is none to write or a problem was reported.
        /// </summary>
        [Output]
        public bool ManifestWritten { get; set; }

        /// <summary>True when a manifest left by an earlier build was deleted (the project has no pipeline any more).</summary>
        [Output]
        public bool ManifestDeleted { get; set; }

        public override bool Execute()
        {
            ManifestWritten = false;
            ManifestDeleted = false;

            string json;
            int pipelines;
            try
            {
                if (!File.Exists(ManifestSourcePath))
                {
                    Log.LogMessage(MessageImportance.Low, "MLOps.Analyzers: no pipeline manifest was generated ('{0}' does not exist: no ML.NET, or another language); nothing written to '{1}'.", ManifestSourcePath, OutputPath);
                    return true;
                }

                if (!ManifestCarrier.TryRead(File.ReadAllText(ManifestSourcePath, Encoding.UTF8), out json, out pipelines))
                {
                    Warn("'{0}' holds no pipeline manifest in the expected format; nothing written to '{1}'.", ManifestSourcePath, OutputPath);
                    return true;
                }
            }
            catch (Exception e) when (IsIOProblem(e))
            {
                Warn("Could not read the pipeline manifest from '{0}': {1} Nothing written to '{2}'.", ManifestSourcePath, e.Message, OutputPath);
                return true;
            }

            try
            {
                if (pipelines == 0 && !WriteEmpty)
                {
                    if (File.Exists(OutputPath))
                    {
                        File.Delete(OutputPath);
                        ManifestDeleted = true;
                        Log.LogMessage(MessageImportance.Normal, "MLOps.Analyzers: the project has no pipeline any more; deleted '{0}'.", OutputPath);
                    }
                    else
                    {
                        Log.LogMessage(MessageImportance.Low, "MLOps.Analyzers: the project has no pipeline; no manifest written (MLOpsManifestWhenEmpty=true writes one).");
                    }

                    return true;
                }

                var bytes = Utf8NoBom.GetBytes(json);
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
                Log.LogMessage(MessageImportance.Low, "MLOps.Analyzers: pipeline manifest written to '{0}' ({1} bytes).", OutputPath, bytes.Length);
                ManifestWritten = true;
                return true;
            }
            catch (Exception e) when (IsIOProblem(e))
            {
                Warn("Could not write the pipeline manifest to '{0}': {1}", OutputPath, e.Message);
                return true;
            }
        }

        private void Warn(string format, params object[] arguments) =>
            Log.LogWarning(subcategory: null, warningCode: WarningCode, helpKeyword: null, file: null, lineNumber: 0, columnNumber: 0, endLineNumber: 0, endColumnNumber: 0, message: "MLOps.Analyzers: " + format, messageArgs: arguments);

        private static bool IsIOProblem(Exception e) =>
            e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException || e is System.Security.SecurityException;

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
}
