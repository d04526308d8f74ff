using System;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace Seedance.Tests.Cmdlets;

[Collection("Module")]
public sealed class NewSeedanceRunTests : ConnectedModule
{
    [Fact]
    public void Piped_prompts_become_runs_that_remember_their_position()
    {
        var result = Run("'a lighthouse', 'a harbor', 'a crane' | New-SeedanceRun");

        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Output.Count);
        Assert.All(result.Output, run => Assert.Equal("Seedance.SeedanceRun", run.TypeNames[0]));
        Assert.Equal(new[] { 0, 1, 2 }, result.Output.Select(run => run.Property<int>("InputIndex")).OrderBy(index => index));
        Assert.Equal(new[] { "a crane", "a harbor", "a lighthouse" }, result.Output.Select(run => run.Property<string>("Prompt")).OrderBy(text => text));
        Assert.All(result.Output, run => Assert.Equal("bytedance/seedance/2.0/text-to-video", run.Property<string>("Model")));
        Assert.All(result.Output, run => Assert.Equal(run.Property<string>("Id"), run.ToString()));
        Assert.Equal(3, Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public void Csv_rows_with_snake_case_columns_and_written_booleans_bind_as_users_write_them()
    {
        var result = Run("""
            $rows = @(
                [pscustomobject]@{ client_ref = 'row-a'; prompt = 'A'; duration = '10'; aspect_ratio = '16:9'; generate_audio = 'no'; resolution = '480P'; seed = 42; extra = 'ignored' }
                [pscustomobject]@{ client_ref = 'row-b'; prompt = 'B'; duration = 'auto'; aspect_ratio = ''; generate_audio = 'Yes'; end_user_id = 'u-7' }
                [pscustomobject]@{ ClientRef = 'row-c'; Prompt = 'C'; Duration = 4; GenerateAudio = '0' }
            )
            $rows | New-SeedanceRun | Sort-Object -Property ClientRef
            """.Replace("| Sort-Object -Property ClientRef", string.Empty));

        Assert.Empty(result.Errors);
        var runs = result.Output.OrderBy(run => run.Property<string>("ClientRef")).ToList();
        var first = (System.Collections.Generic.IDictionary<string, object?>)runs[0].Property("Input")!;
        Assert.Equal("10", first["duration"]);
        Assert.Equal("16:9", first["aspect_ratio"]);
        Assert.Equal(false, first["generate_audio"]);
        Assert.Equal("480p", first["resolution"]);
        Assert.Equal("42", first["seed"]);
        var second = (System.Collections.Generic.IDictionary<string, object?>)runs[1].Property("Input")!;
        Assert.Equal("auto", second["duration"]);
        Assert.False(second.ContainsKey("aspect_ratio"));
        Assert.Equal(true, second["generate_audio"]);
        Assert.Equal("u-7", second["end_user_id"]);
        var third = (System.Collections.Generic.IDictionary<string, object?>)runs[2].Property("Input")!;
        Assert.Equal("4", third["duration"]);
        Assert.Equal(false, third["generate_audio"]);
        Assert.Equal(new[] { "row-a", "row-b", "row-c" }, runs.Select(run => run.Property<string>("ClientRef")));
        Assert.Equal("A", ((PSObject)runs[0].Property("InputObject")!).Properties["prompt"].Value);
    }

    [Fact]
    public void A_bad_row_gets_its_own_error_record_and_the_other_rows_are_submitted()
    {
        var result = Run("""
            @(
                [pscustomobject]@{ prompt = 'good one'; duration = '5' }
                [pscustomobject]@{ prompt = 'bad one'; duration = '3'; client_ref = 'the-bad-row' }
                [pscustomobject]@{ prompt = 'bad audio'; generate_audio = 'maybe' }
                [pscustomobject]@{ prompt = '   ' }
                [pscustomobject]@{ prompt = 'good two'; aspect_ratio = '9:16' }
            ) | New-SeedanceRun
            """);

        Assert.Equal(new[] { "good one", "good two" }, result.Output.Select(run => run.Property<string>("Prompt")).OrderBy(text => text));
        Assert.Equal(2, Emulator.GetStats().RunsCreated);
        Assert.Equal(3, result.Errors.Count);
        var duration = result.Errors.Single(error => error.FullyQualifiedErrorId.StartsWith("Seedance.InvalidDuration,"));
        Assert.Equal("3", duration.TargetObject);
        Assert.Equal(ErrorCategory.InvalidArgument, duration.CategoryInfo.Category);
        Assert.Contains("Input 1 (client ref 'the-bad-row')", duration.ErrorDetails.Message);
        Assert.Contains("4 to 15", duration.ErrorDetails.Message);
        Assert.Equal("maybe", result.Errors.Single(error => error.FullyQualifiedErrorId.StartsWith("Seedance.InvalidGenerateAudio,")).TargetObject);
        Assert.Contains(result.Errors, error => error.FullyQualifiedErrorId.StartsWith("Seedance.MissingPrompt,"));
    }

    [Fact]
    public void WhatIf_sends_nothing_and_prices_every_row()
    {
        var result = Run("1..5 | ForEach-Object { [pscustomobject]@{ prompt = \"scene $_\"; duration = '10' } } | New-SeedanceRun -WhatIf");

        Assert.Empty(result.Output);
        Assert.Empty(result.Errors);
        Assert.Equal(0, Emulator.GetStats().RunsCreated);
        var lines = Shell.Host.Lines.Where(line => line.StartsWith("What if:", System.StringComparison.Ordinal)).ToList();
        Assert.Equal(5, lines.Count);
        Assert.All(lines, line => Assert.Contains("$3.03", line));
    }

    [Fact]
    public void Fast_and_image_options_pick_the_model_and_a_local_image_is_uploaded_once()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var image = System.IO.Path.Combine(Directory, "frame.png");
        System.IO.File.WriteAllBytes(image, new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 1, 2, 3 });

        var result = Run("""
            $fast = New-SeedanceRun -Prompt 'quick' -Fast
            $images = 'wave one', 'wave two' | New-SeedanceRun -Image $image
            $fast; $images
            """, new System.Collections.Generic.Dictionary<string, object?> { ["image"] = image });

        Assert.Empty(result.Errors);
        Assert.Equal("bytedance/seedance/2.0/fast/text-to-video", result.Output[0].Property<string>("Model"));
        Assert.All(result.Output.Skip(1), run => Assert.Equal("bytedance/seedance/2.0/image-to-video", run.Property<string>("Model")));
        Assert.All(result.Output.Skip(1), run => Assert.StartsWith(Emulator.FileUrl.ToString(), run.Property<string>("ImageUrl")));
        Assert.Equal(1, Emulator.GetStats().Requests("POST /v1/asset-uploads"));
    }

    [Fact]
    public void Wait_emits_finished_runs_and_metadata_and_callback_travel_with_them()
    {
        var result = Run("New-SeedanceRun -Prompt 'lighthouse' -Metadata @{ campaign = 'spring'; row = 3 } -CallbackUrl 'https://hooks.example.test/runflow' -ClientRef 'meta-1' -Wait");

        var run = Assert.Single(result.Output);
        Assert.Equal("Succeeded", run.Property("Status")!.ToString());
        var metadata = (System.Collections.Generic.IDictionary<string, object?>)run.Property("Metadata")!;
        Assert.Equal("spring", metadata["campaign"]);
        Assert.Equal(3L, metadata["row"]);
        Assert.Equal("https://hooks.example.test/runflow", run.Property<string>("CallbackUrl"));
        Assert.NotNull(run.Property("VideoUrl"));
    }

    [Fact]
    public void Bad_parameters_are_refused_before_any_request()
    {
        var result = Run("""
            New-SeedanceRun -Prompt 'x' -CallbackUrl 'ftp://example.test/hook'
            New-SeedanceRun -Prompt 'x' -Metadata @{ handle = [System.IO.MemoryStream]::new() }
            New-SeedanceRun -Prompt 'x' -Image "$dir/missing.png"
            New-SeedanceRun -Prompt 'x' -Model 'bytedance/seedance/2.0/text-to-video' -Image 'https://example.test/a.png'
            """);

        Assert.Equal(new[] { "Seedance.InvalidCallbackUrl", "Seedance.InvalidMetadata", "Seedance.ImageNotFound", "Seedance.ImageNeedsImageModel" },
            result.Errors.Select(error => error.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal(0, Emulator.GetStats().RunsCreated);
        Assert.Equal(0, Emulator.GetStats().Requests("POST /v1/asset-uploads"));
    }

    [Fact]
    public void A_budget_refuses_the_row_that_would_exceed_it_and_every_later_row_each_with_its_own_error()
    {
        var result = Run("1..5 | ForEach-Object { \"scene $_\" } | New-SeedanceRun -Duration 10 -MaxCost 7");

        Assert.Equal(2, result.Output.Count);
        Assert.Equal(2, Emulator.GetStats().RunsCreated);
        Assert.Equal(3, result.Errors.Count);
        Assert.All(result.Errors, error =>
        {
            Assert.Equal("Seedance.BudgetExceeded,Seedance.Cmdlets.NewSeedanceRunCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.QuotaExceeded, error.CategoryInfo.Category);
        });
        Assert.Equal(new[] { "Input 2", "Input 3", "Input 4" }, result.Errors.Select(error => error.ToString().Substring(0, 7)));
        Assert.Contains("2 run(s) were submitted before it", result.Errors[0].ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("-ErrorAction Stop")]
    public void Runs_paid_for_before_the_budget_ran_out_are_still_waited_for_and_saved(string errorAction)
    {
        var result = Run($"1..5 | ForEach-Object {{ \"scene $_\" }} | New-SeedanceRun -Duration 10 -MaxCost 7 {errorAction} | Wait-SeedanceRun | Save-SeedanceVideo -Directory $dir");

        Assert.Equal(2, Emulator.GetStats().RunsCreated);
        Assert.Equal(2, System.IO.Directory.GetFiles(Directory, "*.mp4").Length);
        Assert.Equal(2, result.Output.Count);
        Assert.Null(result.TerminatingError);
        Assert.Equal(3, result.Errors.Count(error => error.FullyQualifiedErrorId.StartsWith("Seedance.BudgetExceeded", StringComparison.Ordinal)));
    }

    [Fact]
    public void Verbose_traces_each_request_and_debug_adds_bodies_without_the_key()
    {
        var result = Run("New-SeedanceRun -Prompt 'traced' -Verbose -Debug -ErrorAction Stop");

        Assert.Contains(result.Verbose, line => line.Contains("POST /v1/models/bytedance/seedance/2.0/text-to-video/runs -> 201"));
        Assert.Contains(result.Debug, line => line.Contains("\"prompt\":\"traced\""));
        Assert.DoesNotContain(Emulator.ApiKey, result.AllText());
        Assert.DoesNotContain(Emulator.ApiKey, string.Join("\n", Shell.Host.Lines));
    }

    [Fact]
    public void Tracing_follows_the_preference_variables_as_well_as_the_switches()
    {
        var result = Run("""
            $VerbosePreference = 'Continue'
            New-SeedanceRun -Prompt 'verbose by preference' -ErrorAction Stop
            $VerbosePreference = 'SilentlyContinue'
            $DebugPreference = 'Continue'
            New-SeedanceRun -Prompt 'debug by preference' -ErrorAction Stop
            """);

        Assert.Single(result.Verbose, line => line.Contains("POST /v1/models/bytedance/seedance/2.0/text-to-video/runs -> 201"));
        Assert.Contains(result.Debug, line => line.Contains("\"prompt\":\"debug by preference\""));
        Assert.DoesNotContain(result.Debug, line => line.Contains("verbose by preference"));
    }

    [Fact]
    public void A_second_row_with_a_client_ref_already_in_the_pipeline_is_refused_before_paying()
    {
        var result = Run("""
            @([pscustomobject]@{ client_ref = 'twin'; prompt = 'first twin' }, [pscustomobject]@{ client_ref = 'twin'; prompt = 'second twin' }) |
                New-SeedanceRun
            """);

        Assert.Single(result.Output);
        Assert.Equal(1, Emulator.GetStats().RunsCreated);
        var refused = Assert.Single(result.Errors);
        Assert.Equal("Seedance.DuplicateClientRef", refused.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidArgument, refused.CategoryInfo.Category);
        Assert.Contains("second twin", refused.TargetObject!.ToString());
    }

    [Fact]
    public void A_row_edited_under_a_client_ref_already_paid_for_is_refused_showing_both_inputs_unless_a_new_take_is_asked_for()
    {
        Run("[pscustomobject]@{ client_ref = 'edited'; prompt = 'A red kite' } | New-SeedanceRun").AssertNoErrors();

        var refused = Run("[pscustomobject]@{ client_ref = 'edited'; prompt = 'A blue kite' } | New-SeedanceRun");
        var retaken = Run("[pscustomobject]@{ client_ref = 'edited'; prompt = 'A blue kite' } | New-SeedanceRun -NewTake");

        var error = Assert.Single(refused.Errors);
        Assert.Equal("Seedance.InputChanged", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("A red kite", error.ToString());
        Assert.Contains("A blue kite", error.ToString());
        Assert.Contains("-NewTake", error.ErrorDetails.RecommendedAction);
        retaken.AssertNoErrors();
        Assert.Equal(2, Emulator.GetStats().RunsCreated);
        Assert.Equal(2, Run("Get-SeedanceLedger -ClientRef edited").Output.Count);
    }
}
