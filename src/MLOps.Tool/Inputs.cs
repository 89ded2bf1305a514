using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Extensions.FileSystemGlobbing;

namespace MLOps.Tool
{
    /// <summary>Turns the command line's inputs (files, folders, globs) into files, and files into manifests.</summary>
    public static class Inputs
    {
        public const string ManifestPattern = "*.mlops.json";

        /// <summary>Files, folders (every *.mlops.json below, bin/ and obj/ included) and globs (`**/*.mlops.json`),
        /// in a stable order (ordinal by path, each file once).</summary>
        public static IReadOnlyList<string> ExpandFiles(IEnumerable<string> inputs, string pattern, string what)
        {
            var files = new List<string>();
            foreach (var input in inputs)
            {
                if (input.IndexOfAny(new[] { '*', '?' }) >= 0)
                {
                    var (root, glob) = SplitGlob(input);
                    var matcher = new Matcher(StringComparison.Ordinal);
                    matcher.AddInclude(glob);
                    var matched = Directory.Exists(root) ? matcher.GetResultsInFullPath(root).ToList() : new List<string>();
                    if (matched.Count == 0)
                    {
                        throw new InputException($"{input}: no {what} matches this pattern");
                    }

                    files.AddRange(matched.OrderBy(f => f, StringComparer.Ordinal));
                }
                else if (Directory.Exists(input))
                {
                    var found = Directory.GetFiles(input, pattern, SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList();
                    if (found.Count == 0)
                    {
                        throw new InputException($"{input}: no {pattern} file in this folder");
                    }

                    files.AddRange(found);
                }
                else if (File.Exists(input))
                {
                    files.Add(input);
                }
                else
                {
                    throw new InputException($"{input}: no such file or folder");
                }
            }

            return files.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList();
        }

        public static IReadOnlyList<Manifest> LoadManifests(IEnumerable<string> inputs)
        {
            var manifests = ExpandFiles(inputs, ManifestPattern, "manifest").Select(LoadManifest).ToList();
            return manifests;
        }

        public static Manifest LoadManifest(string path) => Manifest.Parse(ReadText(path), Display(path));

        public static string ReadText(string path)
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"{Display(path)}: cannot be read ({Manifest.OneLine(e.Message)})");
            }
        }

        /// <summary>A path for output: relative to the current directory with '/' when it is below it, else the file
        /// name alone, so no output carries a machine's absolute path.</summary>
        public static string Display(string path)
        {
            var full = Path.GetFullPath(path);
            var relative = Path.GetRelativePath(Environment.CurrentDirectory, full);
            if (Path.IsPathRooted(relative) || relative.StartsWith("..", StringComparison.Ordinal))
            {
                return Path.GetFileName(full);
            }

            return relative.Replace('\\', '/');
        }

        private static (string Root, string Glob) SplitGlob(string input)
        {
            var normalized = input.Replace('\\', '/');
            var wildcard = normalized.IndexOfAny(new[] { '*', '?' });
            var slash = normalized.LastIndexOf('/', wildcard);
            if (slash < 0)
            {
                return (Environment.CurrentDirectory, normalized);
            }

            var root = normalized.Substring(0, slash);
            return (root.Length == 0 ? "/" : root, normalized.Substring(slash + 1));
        }
    }
}
