using System;
using System.Threading.Tasks;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary>The emulator's one clock: the system clock unless a host passes its own, and then every stamp follows it.</summary>
public class ClockTests
{
    [Fact]
    public async Task Without_a_clock_of_its_own_the_emulator_stamps_runs_with_the_real_time()
    {
        var before = DateTimeOffset.UtcNow.AddMilliseconds(-1);
        await using var api = await RawApi.StartAsync();

        var run = await api.GetRunAsync(await api.CreateAsync());
        var after = DateTimeOffset.UtcNow.AddMilliseconds(1);

        Assert.Same(TimeProvider.System, api.Emulator.Clock);
        Assert.InRange(DateTimeOffset.Parse(run["created_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), before, after);
    }

    [Fact]
    public async Task On_a_fake_clock_run_ids_timestamps_and_signatures_follow_it()
    {
        await using var api = await RawApi.StartOnFakeClockAsync(options => options.QueuedMs = 60_000);
        api.Advance(2500);

        var run = await api.GetRunAsync(await api.CreateAsync());
        var (_, upload, _) = await api.PostAsync("/v1/asset-uploads", """{"filename":"a.png","mime_type":"image/png","size_bytes":3}""");
        var (_, balance, _) = await api.GetAsync("/v1/billing/balance");
        var idTime = DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(run["id"]!.GetValue<string>().Replace("-", string.Empty)[..12], 16));

        Assert.Equal(RawApi.Stamp(RawApi.FakeStart.AddMilliseconds(2500)), run["created_at"]!.GetValue<string>());
        Assert.Equal(RawApi.FakeStart.AddMilliseconds(2500), idTime);
        Assert.Contains("X-Amz-Date=20260501T120002Z", upload!["upload_url"]!.GetValue<string>());
        Assert.Equal(RawApi.Stamp(RawApi.FakeStart.AddMilliseconds(2500)), balance!["updated_at"]!.GetValue<string>());
    }
}
