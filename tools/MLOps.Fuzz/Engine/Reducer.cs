using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MLOps.Fuzz.Engine
{
    /// <summary>
    /// Shrinks a failing input to a minimal repro: removes chunks of lines of the file (halves, quarters, ... single lines,
    /// delta-debugging style) while the same failure signature still occurs, within a budget of checks.
    /// </summary>
    public static class Reducer
    {
        public static async Task<FuzzInput> ReduceAsync(FuzzInput input, Func<FuzzInput, Task<bool>> stillFails, int budget, CancellationToken cancellationToken)
        {
            var current = input;
            var checks = 0;
            for (var fileIndex = 0; fileIndex < current.Files.Length; fileIndex++)
            {
                var lines = current.Files[fileIndex].Text.Split('\n').ToList();
                var chunk = Math.Max(1, lines.Count / 2);
                while (chunk >= 1 && checks < budget)
                {
                    var removedAny = false;
                    for (var start = 0; start < lines.Count && checks < budget;)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var candidateLines = lines.Take(start).Concat(lines.Skip(start + chunk)).ToList();
                        var candidate = current.WithFile(fileIndex, string.Join("\n", candidateLines));
                        checks++;
                        if (candidateLines.Count < lines.Count && await stillFails(candidate).ConfigureAwait(false))
                        {
                            lines = candidateLines;
                            current = candidate;
                            removedAny = true;
                        }
                        else
                        {
                            start += chunk;
                        }
                    }

                    if (!removedAny)
                    {
                        chunk /= 2;
                    }
                }

                // Drop whole other files that are not needed.
                if (current.Files.Length > 1 && checks < budget)
                {
                    for (var other = current.Files.Length - 1; other >= 0 && checks < budget; other--)
                    {
                        if (other == fileIndex || current.Files[other].Text.Length == 0)
                        {
                            continue;
                        }

                        var candidate = current.WithFile(other, string.Empty);
                        checks++;
                        if (await stillFails(candidate).ConfigureAwait(false))
                        {
                            current = candidate;
                        }
                    }
                }
            }

            return current;
        }
    }
}
