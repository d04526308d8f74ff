using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Emulator;

public static class Program
{
    /// <summary>Exit code for an unknown option or a bad value.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code when the emulator cannot start, e.g. a port already in use.</summary>
    public const int StartError = 1;

    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            // Handled here so Ctrl+C and SIGTERM end the wait below and the servers stop cleanly (exit code 0).
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        return await RunAsync(args, Console.Out, Console.Error, stop.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// The whole command-line behaviour: parse, start, print the one JSON line, serve until <paramref name="stop"/>
    /// fires. Returns the process exit code. Separate from <see cref="Main"/> so tests can run it in-process.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (Array.IndexOf(args, "--help") >= 0 || Array.IndexOf(args, "-h") >= 0)
        {
            await output.WriteAsync(EmulatorOptions.HelpText).ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        }

        EmulatorOptions options;
        try
        {
            options = EmulatorOptions.Parse(args);
        }
        catch (ArgumentException exception)
        {
            await error.WriteLineAsync("Seedance.Emulator: " + exception.Message).ConfigureAwait(false);
            return UsageError;
        }

        RunflowEmulator emulator;
        try
        {
            emulator = await RunflowEmulator.StartAsync(options, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or FormatException)
        {
            await error.WriteLineAsync("Seedance.Emulator: could not start: " + exception.Message).ConfigureAwait(false);
            return StartError;
        }

        await using (emulator.ConfigureAwait(false))
        {
            await output.WriteLineAsync(StartupLine(emulator)).ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (stop.Register(() => stopped.TrySetResult()))
            {
                await stopped.Task.ConfigureAwait(false);
            }
        }

        return 0;
    }

    /// <summary>The one JSON line a script reads to find the emulator.</summary>
    public static string StartupLine(RunflowEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        return JsonSerializer.Serialize(new
        {
            api_url = emulator.ApiUrl.ToString().TrimEnd('/'),
            file_url = emulator.FileUrl.ToString().TrimEnd('/'),
            api_key = emulator.ApiKey,
            callback_secret = emulator.CallbackSecret,
        });
    }
}
