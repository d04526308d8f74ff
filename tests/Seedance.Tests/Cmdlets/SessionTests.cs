using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Seedance.Tests.Integration;
using Xunit;

namespace Seedance.Tests.Cmdlets;

[Collection("Module")]
public sealed class SessionTests : ConnectedModule
{
    [Fact]
    public void The_context_shows_the_session_with_the_key_masked()
    {
        var result = Run("$c = Get-SeedanceContext; $c; \"$c\"; $c.ToString()");
        result.AssertNoErrors();

        var context = result.Output[0];
        Assert.Equal("Seedance.SeedanceSession", context.TypeNames[0]);
        Assert.Equal("rf_live_****", context.Property<string>("ApiKey"));
        Assert.Equal("emulator@seedance.local", context.Property<string>("Account"));
        Assert.DoesNotContain(Emulator.ApiKey, result.AllText());
    }

    [Fact]
    public void A_wrong_key_is_refused_with_an_authentication_error_that_says_what_to_do()
    {
        var result = Run("Connect-Seedance -ApiKey 'rf_live_notthekey0000' -BaseUri $url");

        var error = Assert.Single(result.Errors);
        Assert.Equal("Seedance.Unauthorized,Seedance.Cmdlets.ConnectSeedanceCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains("Connect-Seedance", error.ErrorDetails.RecommendedAction);
        Assert.DoesNotContain("notthekey", result.AllText());
        Assert.Equal("rf_live_****", Run("(Get-SeedanceContext).ApiKey").Output.Single().ToString());
    }

    [Fact]
    public void Plain_http_to_another_machine_is_refused_unless_allowed()
    {
        var refused = Run("Connect-Seedance -ApiKey $key -BaseUri 'http://api.example.test' -SkipValidation");
        var allowed = Run("Connect-Seedance -ApiKey $key -BaseUri 'http://api.example.test' -SkipValidation -AllowInsecureHttp -PassThru");

        Assert.Equal("Seedance.InvalidConfiguration,Seedance.Cmdlets.ConnectSeedanceCommand", Assert.Single(refused.Errors).FullyQualifiedErrorId);
        allowed.AssertNoErrors();
        Assert.Equal("http://api.example.test/", allowed.Output.Single().Property("BaseUri")!.ToString());
    }

    [Fact]
    public async Task Two_sessions_drive_two_accounts_from_one_runspace()
    {
        // Another seed: two emulators seeded alike mint the same run ids in the same millisecond.
        await using var other = await Emulated.StartAsync(options => options.Seed = 4242);
        var result = Run("""
            $second = Connect-Seedance -ApiKey $otherKey -BaseUri $otherUrl -PassThru
            Connect-Seedance -ApiKey $key -BaseUri $url
            New-SeedanceRun -Prompt 'for the first account' | Out-Null
            New-SeedanceRun -Prompt 'for the second account' -Session $second | Out-Null
            New-SeedanceRun -Prompt 'again for the second' -Session $second | Out-Null
            """, new Dictionary<string, object?> { ["otherKey"] = other.Emulator.ApiKey, ["otherUrl"] = other.Emulator.ApiUrl.ToString() });

        result.AssertNoErrors();
        Assert.Equal(1, Emulator.GetStats().RunsCreated);
        Assert.Equal(2, other.Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public async Task Runs_made_with_another_session_are_waited_for_and_saved_through_it_without_repeating_session()
    {
        // Another seed: two emulators seeded alike mint the same run ids in the same millisecond.
        await using var other = await Emulated.StartAsync(options => options.Seed = 4242);
        var result = Run("""
            $second = Connect-Seedance -ApiKey $otherKey -BaseUri $otherUrl -PassThru
            Connect-Seedance -ApiKey $key -BaseUri $url
            @(
                New-SeedanceRun -Prompt 'first account scene' -ClientRef 'acct-1'
                New-SeedanceRun -Prompt 'second account scene' -ClientRef 'acct-2' -Session $second
            ) | Wait-SeedanceRun | Save-SeedanceVideo -Directory $dir -FileName '{ClientRef}'
            Get-SeedanceRun -Id (Get-SeedanceRun -Session $second -First 1).Id -Session $second | Save-SeedanceVideo -Directory $dir -FileName 'again-{ClientRef}'
            """, new Dictionary<string, object?> { ["otherKey"] = other.Emulator.ApiKey, ["otherUrl"] = other.Emulator.ApiUrl.ToString() });

        result.AssertNoErrors();
        Assert.True(3 == result.Output.Count, "outputs: " + string.Join(" | ", result.Output.Select(item => item.ToString())) + " warnings: " + string.Join(" | ", result.Warnings));
        Assert.Equal(1, Emulator.GetStats().RunsCreated);
        Assert.Equal(1, other.Emulator.GetStats().RunsCreated);
        var second = Assert.Single(other.Emulator.RunIdsForClientRef("acct-2"));
        Assert.Equal(other.Emulator.GetVideoBytes(second), System.IO.File.ReadAllBytes(System.IO.Path.Combine(Directory, "acct-2.mp4")));
        Assert.Equal(other.Emulator.GetVideoBytes(second), System.IO.File.ReadAllBytes(System.IO.Path.Combine(Directory, "again-acct-2.mp4")));
        Assert.True(System.IO.File.Exists(System.IO.Path.Combine(Directory, "acct-1.mp4")));
    }

    [Fact]
    public async Task Disconnect_with_a_session_closes_that_session_only()
    {
        // Another seed: two emulators seeded alike mint the same run ids in the same millisecond.
        await using var other = await Emulated.StartAsync(options => options.Seed = 4242);
        var result = Run("""
            $second = Connect-Seedance -ApiKey $otherKey -BaseUri $otherUrl -PassThru
            Connect-Seedance -ApiKey $key -BaseUri $url
            Disconnect-Seedance -Session $second
            New-SeedanceRun -Prompt 'on the closed session' -Session $second
            New-SeedanceRun -Prompt 'on the runspace session' | ForEach-Object Prompt
            (Get-SeedanceContext).BaseUri.ToString()
            """, new Dictionary<string, object?> { ["otherKey"] = other.Emulator.ApiKey, ["otherUrl"] = other.Emulator.ApiUrl.ToString() });

        Assert.Equal("Seedance.SessionDisconnected", Assert.Single(result.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(new[] { "on the runspace session", Emulator.ApiUrl.ToString() }, result.Output.Select(item => item.ToString()));
        Assert.Equal(0, other.Emulator.GetStats().RunsCreated);
        Assert.Equal(1, Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public void Without_connect_the_environment_variables_define_the_session()
    {
        Run("Disconnect-Seedance");
        var result = Run("""
            $env:RUNFLOW_API_KEY = $key
            $env:RUNFLOW_BASE_URL = $url
            try { New-SeedanceRun -Prompt 'from the environment'; (Get-SeedanceContext).Source }
            finally { $env:RUNFLOW_API_KEY = $null; $env:RUNFLOW_BASE_URL = $null }
            """);
        var none = Run("New-SeedanceRun -Prompt 'no session at all'");

        result.AssertNoErrors();
        Assert.Equal("Environment", result.Output[1].ToString());
        Assert.Equal(1, Emulator.GetStats().RunsCreated);
        Assert.Contains("Seedance.NoSession", none.Errors.Single().FullyQualifiedErrorId);
        Assert.Contains("Connect-Seedance", none.Errors.Single().ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void A_credential_carries_the_key_and_the_session_survives_parallel_runspaces()
    {
        var result = Run("""
            $secure = [System.Security.SecureString]::new(); foreach ($c in $key.ToCharArray()) { $secure.AppendChar($c) }
            Connect-Seedance -Credential ([pscredential]::new('api', $secure)) -BaseUri $url
            $ps = [powershell]::Create([initialsessionstate]::CreateDefault2())
            try { $ps.AddScript("Import-Module '$modulePath'; New-SeedanceRun -Prompt 'from another runspace'").Invoke() | ForEach-Object Prompt }
            finally { $ps.Dispose() }
            """, new Dictionary<string, object?> { ["modulePath"] = ModuleRunspace.ModuleManifestPath });

        result.AssertNoErrors();
        Assert.Equal("from another runspace", Assert.Single(result.Output).ToString());
        Assert.Equal(1, Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public void ForEach_Object_Parallel_shares_the_connected_session_and_then_the_environment_session()
    {
        var variables = new Dictionary<string, object?> { ["modulePath"] = ModuleRunspace.ModuleManifestPath };
        var connected = Run("""
            1..12 | ForEach-Object -ThrottleLimit 6 -Parallel {
                Import-Module $using:modulePath
                New-SeedanceRun -Prompt "parallel scene $_" -ClientRef "parallel-$_" | Wait-SeedanceRun | Save-SeedanceVideo -Directory $using:dir
            }
            """, variables);

        connected.AssertNoErrors();
        Assert.Equal(12, connected.Output.Count);
        Assert.Equal(12, Emulator.GetStats().RunsCreated);
        Assert.Equal(12, System.IO.Directory.GetFiles(Directory, "*.mp4").Length);
        Assert.Equal(Enumerable.Range(1, 12).Select(index => "parallel-" + index).OrderBy(value => value),
            connected.Output.Select(video => video.Property<string>("ClientRef")).OrderBy(value => value));

        Run("Disconnect-Seedance");
        var fromEnvironment = Run("""
            $env:RUNFLOW_API_KEY = $key
            $env:RUNFLOW_BASE_URL = $url
            try {
                1..6 | ForEach-Object -ThrottleLimit 6 -Parallel {
                    Import-Module $using:modulePath
                    New-SeedanceRun -Prompt "environment scene $_" | ForEach-Object { (Get-SeedanceContext).Source }
                }
            }
            finally { $env:RUNFLOW_API_KEY = $null; $env:RUNFLOW_BASE_URL = $null }
            """, variables);

        fromEnvironment.AssertNoErrors();
        Assert.Equal(Enumerable.Repeat("Environment", 6), fromEnvironment.Output.Select(item => item.ToString()));
        Assert.Equal(18, Emulator.GetStats().RunsCreated);
    }
}
