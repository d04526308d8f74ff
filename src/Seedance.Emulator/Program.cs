using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Emulator;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (Array.IndexOf(args, "--help") >= 0 || Array.IndexOf(args, "-h") >= 0)
        {
            Console.Out.Write(EmulatorOptions.HelpText);
            return 0;
        }

        EmulatorOptions options;
        try
        {
            options = EmulatorOptions.Parse(args);
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine("Seedance.Emulator: " + exception.Message);
            return 2;
        }

        await using var emulator = await RunflowEmulator.StartAsync(options);
        Console.Out.WriteLine(StartupLine(emulator));
        Console.Out.Flush();
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, eventArgs) =>
        {
            eventArgs.Cancel = true;
            stop.Cancel();
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (TaskCanceledException)
        {
        }

        return 0;
    }

    /// <summary>The one JSON line a script reads to find the emulator.</summary>
    public static string StartupLine(RunflowEmulator emulator) => JsonSerializer.Serialize(new
    {
        api_url = emulator.ApiUrl.ToString().TrimEnd('/'),
        file_url = emulator.FileUrl.ToString().TrimEnd('/'),
        api_key = emulator.ApiKey,
        callback_secret = emulator.CallbackSecret,
    });
}
