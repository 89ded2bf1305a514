using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MLOps.Analyzers.Model
{
    /// <summary>
    /// The files DVC pins, read from the project's <c>AdditionalFiles</c>: every <c>*.dvc</c> file (the file or directory
    /// named like it, and each <c>path:</c> of its <c>outs</c>) and every <c>dvc.lock</c> (each <c>path:</c> of its stages'
    /// <c>deps</c> and <c>outs</c>), resolved against the directory of the file that lists it. A pinned directory pins every
    /// file under it. The package's props add these files and expose the project directory as
    /// <c>build_property.MSBuildProjectDirectory</c>, against which the relative paths of the C# code are resolved.
    /// </summary>
    internal sealed class DvcPins
    {
        public const string ProjectDirectoryKey = "build_property.MSBuildProjectDirectory";

        /// <summary>Declared compiler-visible by the .NET SDK itself (with a trailing separator): the fallback.</summary>
        public const string ProjectDirKey = "build_property.ProjectDir";

        private readonly List<string> _pinned;
        private readonly string? _projectDirectory;
        private readonly bool _hasDvcFiles;

        private DvcPins(List<string> pinned, string? projectDirectory, bool hasDvcFiles)
        {
            _pinned = pinned;
            _projectDirectory = projectDirectory;
            _hasDvcFiles = hasDvcFiles;
        }

        public static DvcPins Create(AnalyzerOptions options, CancellationToken cancellationToken)
        {
            var projectDirectory = GetProjectDirectory(options);

            var pinned = new List<string>();
            var hasDvcFiles = false;
            foreach (var file in options.AdditionalFiles)
            {
                var filePath = file.Path;
                if (string.IsNullOrEmpty(filePath))
                {
                    continue;
                }

                var normalized = Normalize(filePath);
                var slash = normalized.LastIndexOf('/');
                var fileDirectory = slash >= 0 ? normalized.Substring(0, slash) : string.Empty;
                var fileName = slash >= 0 ? normalized.Substring(slash + 1) : normalized;
                var isDvcFile = fileName.Length > 4 && fileName.EndsWith(".dvc", StringComparison.OrdinalIgnoreCase);
                var isLock = string.Equals(fileName, "dvc.lock", StringComparison.OrdinalIgnoreCase);
                if (!isDvcFile && !isLock)
                {
                    continue;
                }

                hasDvcFiles = true;
                if (isDvcFile)
                {
                    pinned.Add(Combine(fileDirectory, fileName.Substring(0, fileName.Length - 4)));
                }

                var text = file.GetText(cancellationToken);
                if (text is null)
                {
                    continue;
                }

                foreach (var line in text.Lines)
                {
                    if (ReadPathEntry(line.ToString()) is { } entry)
                    {
                        pinned.Add(Combine(fileDirectory, entry));
                    }
                }
            }

            return new DvcPins(pinned, projectDirectory, hasDvcFiles);
        }

        /// <summary>The project directory, normalized; null when the build does not tell.</summary>
        public static string? GetProjectDirectory(AnalyzerOptions options)
        {
            var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
            if ((global.TryGetValue(ProjectDirectoryKey, out var directory) && !string.IsNullOrWhiteSpace(directory))
                || (global.TryGetValue(ProjectDirKey, out directory) && !string.IsNullOrWhiteSpace(directory)))
            {
                var normalized = Normalize(directory.Trim());
                return normalized.Length == 0 ? null : normalized;
            }

            return null;
        }

        /// <summary>
        /// True when the path (relative to the project directory) is pinned. When DVC files are present but the project
        /// directory is unknown nothing can be matched, and every path counts as pinned (the rule stays silent).
        /// </summary>
        public bool IsPinned(string relativePath)
        {
            if (_projectDirectory is null)
            {
                return _hasDvcFiles;
            }

            var absolute = Combine(_projectDirectory, relativePath);
            foreach (var pin in _pinned)
            {
                if (string.Equals(absolute, pin, StringComparison.OrdinalIgnoreCase)
                    || (absolute.Length > pin.Length + 1
                        && absolute[pin.Length] == '/'
                        && absolute.StartsWith(pin, StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The value of a YAML <c>path:</c> key (<c>- path: data/raw.csv</c> or <c>  path: data.xml</c>).</summary>
        internal static string? ReadPathEntry(string line)
        {
            var text = line.Trim();
            if (text.StartsWith("-", StringComparison.Ordinal))
            {
                text = text.Substring(1).TrimStart();
            }

            if (!text.StartsWith("path:", StringComparison.Ordinal))
            {
                return null;
            }

            var value = text.Substring(5).Trim();
            if (value.Length >= 2 && (value[0] == '\'' || value[0] == '"') && value[value.Length - 1] == value[0])
            {
                value = value.Substring(1, value.Length - 2);
            }
            else if (value.IndexOf(" #", StringComparison.Ordinal) is var comment and > 0)
            {
                value = value.Substring(0, comment).TrimEnd();
            }

            return value.Length == 0 || value.IndexOf("://", StringComparison.Ordinal) >= 0 ? null : value;
        }

        private static string Combine(string directory, string path)
        {
            var normalizedPath = path.Replace('\\', '/');
            if (DataPaths.IsRooted(normalizedPath) || directory.Length == 0)
            {
                return Normalize(normalizedPath);
            }

            return Normalize(directory + "/" + normalizedPath);
        }

        /// <summary>Forward slashes, no <c>.</c> or empty segments, <c>..</c> applied, no trailing slash.</summary>
        internal static string Normalize(string path)
        {
            var text = path.Replace('\\', '/');
            var rooted = text.StartsWith("/", StringComparison.Ordinal);
            var segments = new List<string>();
            foreach (var segment in text.Split('/'))
            {
                if (segment.Length == 0 || segment == ".")
                {
                    continue;
                }

                if (segment == ".." && segments.Count > 0 && segments[segments.Count - 1] != "..")
                {
                    segments.RemoveAt(segments.Count - 1);
                    continue;
                }

                segments.Add(segment);
            }

            var builder = new StringBuilder();
            if (rooted)
            {
                builder.Append('/');
            }

            for (var i = 0; i < segments.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append('/');
                }

                builder.Append(segments[i]);
            }

            return builder.ToString();
        }
    }
}
