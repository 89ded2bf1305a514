using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MLOps.Analyzers.EndToEnd.Tests
{
    /// <summary>The outcome of one child process: its command line, exit code and interleaved output.</summary>
    public sealed class ProcessResult
    {
        public ProcessResult(string commandLine, string workingDirectory, int exitCode, bool timedOut, TimeSpan elapsed, string output)
        {
            CommandLine = commandLine;
            WorkingDirectory = workingDirectory;
            ExitCode = exitCode;
            TimedOut = timedOut;
            Elapsed = elapsed;
            Output = output;
        }

        public string CommandLine { get; }
        public string WorkingDirectory { get; }
        public int ExitCode { get; }
        public bool TimedOut { get; }
        public TimeSpan Elapsed { get; }

        /// <summary>stdout and stderr, interleaved in arrival order; stderr lines are prefixed with "stderr: ".</summary>
        public string Output { get; }

        public bool Succeeded => !TimedOut && ExitCode == 0;

        /// <summary>A block for assertion messages: the command, how it ended, and its output (the end of it if long).</summary>
        public string Describe(int maxOutputChars = 40_000)
        {
            var output = Output.Length <= maxOutputChars
                ? Output
                : "[... " + (Output.Length - maxOutputChars) + " characters cut ...]" + Environment.NewLine + Output.Substring(Output.Length - maxOutputChars);
            var ending = TimedOut ? "TIMED OUT (killed)" : "exit code " + ExitCode;
            return $"$ {CommandLine}{Environment.NewLine}  (in {WorkingDirectory}; {ending} after {Elapsed.TotalSeconds:F1} s){Environment.NewLine}{output}";
        }
    }

    /// <summary>Runs the dotnet CLI with a timeout, capturing its output, in an environment that leaves nothing running behind.</summary>
    public static class ProcessRunner
    {
        /// <summary>The dotnet host that runs the tests (so the same SDK installation), else "dotnet" from PATH.</summary>
        public static string DotnetExecutable { get; } = FindDotnet();

        public static Task<ProcessResult> RunDotnetAsync(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
            RunAsync(DotnetExecutable, "dotnet", workingDirectory, timeout, arguments);

        /// <summary>Runs another program (an installed .NET tool, say) in the same environment as the dotnet CLI.</summary>
        public static async Task<ProcessResult> RunAsync(string executable, string displayName, string workingDirectory, TimeSpan timeout, params string[] arguments)
        {
            var startInfo = new ProcessStartInfo(executable)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = false,
                UseShellExecute = false,
                CreateNoWindow = true,
            };
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            PrepareEnvironment(startInfo.Environment);

            var commandLine = displayName + " " + string.Join(" ", arguments.Select(Quote));
            var output = new StringBuilder();
            var gate = new object();
            var stopwatch = Stopwatch.StartNew();

            using var process = new Process { StartInfo = startInfo };
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (gate) { output.AppendLine(e.Data); }
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (gate) { output.Append("stderr: ").AppendLine(e.Data); }
                }
            };

            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var timedOut = false;
            using (var cancellation = new CancellationTokenSource(timeout))
            {
                try
                {
                    // Also waits for stdout/stderr to close, so the output is complete when it returns.
                    await process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    timedOut = true;
                    try
                    {
                        process.Kill(entireProcessTree: true);
                    }
                    catch (InvalidOperationException)
                    {
                        // Exited in the meantime.
                    }

                    process.WaitForExit(10_000);
                }
            }

            stopwatch.Stop();
            string text;
            lock (gate) { text = output.ToString(); }
            return new ProcessResult(commandLine, workingDirectory, timedOut ? -1 : process.ExitCode, timedOut, stopwatch.Elapsed, text);
        }

        private static void PrepareEnvironment(IDictionary<string, string?> environment)
        {
            // `dotnet test` runs this process under MSBuild/VSTest, which leaves MSBuild variables behind
            // (MSBuildExtensionsPath, MSBuildSDKsPath, MSBUILD_EXE_PATH, ...). The child CLI must resolve its own SDK.
            foreach (var key in environment.Keys.ToList())
            {
                if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) ||
                    key.StartsWith("VSTEST_", StringComparison.OrdinalIgnoreCase) ||
                    key.Equals("TestingPlatformDotnetTestSupport", StringComparison.OrdinalIgnoreCase))
                {
                    environment.Remove(key);
                }
            }

            environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            environment["DOTNET_NOLOGO"] = "1";
            environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
            // Nothing may outlive the command: a lingering MSBuild node, MSBuild server or compiler server would keep
            // the output pipes open (and the machine busy) after the test ends.
            environment["MSBUILDDISABLENODEREUSE"] = "1";
            environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            environment["UseSharedCompilation"] = "false";
        }

        private static string FindDotnet()
        {
            var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
            {
                return hostPath;
            }

            var processPath = Environment.ProcessPath;
            if (processPath is not null &&
                Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            {
                return processPath;
            }

            return "dotnet";
        }

        private static string Quote(string argument) =>
            argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '"', '\'', ';' }) < 0 ? argument : "\"" + argument.Replace("\"", "\\\"") + "\"";
    }
}
