using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace Seedance.Tests.Gallery;

/// <summary>
/// Debian's Chromium (apt-get install chromium; .ci/run installs it) run headless, one process per page, with a
/// profile folder of its own and everything that would reach out to the network at start-up turned off. When no
/// Chromium is found the test fails: a gallery nobody has seen in a browser is not tested.
/// </summary>
internal sealed class HeadlessChromium
{
    private static readonly string[] CommandNames = { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome" };

    private static readonly string[] WindowsPaths =
    {
        @"C:\Program Files\Google\Chrome\Application\chrome.exe",
        @"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
    };

    private HeadlessChromium(string executable)
    {
        Executable = executable;
    }

    public string Executable { get; }

    /// <summary>Chromium from SEEDANCE_CHROMIUM, the PATH, or where Chrome and Edge install on Windows.</summary>
    public static HeadlessChromium Locate()
    {
        var configured = Environment.GetEnvironmentVariable("SEEDANCE_CHROMIUM");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? new HeadlessChromium(configured)
                : throw new Xunit.Sdk.XunitException($"SEEDANCE_CHROMIUM names {configured}, which does not exist.");
        }

        var extensions = OperatingSystem.IsWindows() ? new[] { ".exe" } : new[] { string.Empty };
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(folder => CommandNames.SelectMany(name => extensions.Select(extension => Path.Combine(folder, name + extension))))
            .Concat(OperatingSystem.IsWindows() ? WindowsPaths : Array.Empty<string>())
            .FirstOrDefault(File.Exists);
        return found is not null
            ? new HeadlessChromium(found)
            : throw new Xunit.Sdk.XunitException(
                "No Chromium was found (looked for " + string.Join(", ", CommandNames) + " on the PATH). Install it with "
                + "'apt-get update && apt-get install -y chromium' (.ci/run does so when it is missing), or set SEEDANCE_CHROMIUM to a Chromium or Chrome binary.");
    }

    /// <summary>Runs Chromium on one page with the extra arguments and returns what it printed; fails after the timeout.</summary>
    public (string Output, string Errors) Run(Uri page, TimeSpan timeout, params string[] arguments)
    {
        var profile = Path.Combine(Path.GetTempPath(), "seedance-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in BaseArguments(profile).Concat(arguments).Append(page.AbsoluteUri))
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException($"Chromium did not finish {page} within {timeout.TotalSeconds:0} s.");
            }

            process.WaitForExit();
            return (output.Result, errors.Result);
        }
        finally
        {
            TryDelete(profile);
        }
    }

    private static IEnumerable<string> BaseArguments(string profile)
    {
        // Chromium's sandbox refuses to run as root (CI containers): it must be turned off there.
        if (!OperatingSystem.IsWindows() && Environment.UserName == "root")
        {
            yield return "--no-sandbox";
        }

        yield return "--headless";
        yield return "--disable-gpu";
        yield return "--no-first-run";
        yield return "--disable-background-networking";
        yield return "--disable-component-update";
        yield return "--disable-sync";
        yield return "--user-data-dir=" + profile;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A helper process may hold the profile a moment longer; the temporary folder is not worth failing over.
        }
    }
}
