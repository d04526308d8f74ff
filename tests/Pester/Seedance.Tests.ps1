#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# User stories of the Seedance module against the local Runflow emulator, for machines with pwsh (or Windows
# PowerShell 5.1) and Pester 5. The xunit suite drives the same stories in a hosted runspace on CI.

BeforeAll {
    $repositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $modulePath = Join-Path $repositoryRoot 'out/Seedance/Seedance.psd1'
    if (-not (Test-Path $modulePath)) {
        throw "Build the module first: dotnet build $(Join-Path $repositoryRoot 'Seedance.sln')"
    }

    # The built emulator itself, not `dotnet run`: killing `dotnet run` would leave the server it started running.
    $emulatorDll = Get-ChildItem (Join-Path $repositoryRoot 'src/Seedance.Emulator/bin') -Recurse -Filter 'Seedance.Emulator.dll' -ErrorAction SilentlyContinue |
        Where-Object { $_.Directory.Name -eq 'net10.0' } | Sort-Object LastWriteTime -Descending | Select-Object -First 1 -ExpandProperty FullName
    if (-not $emulatorDll) {
        throw "Build the emulator first: dotnet build $(Join-Path $repositoryRoot 'Seedance.sln')"
    }

    $startInfo = New-Object System.Diagnostics.ProcessStartInfo
    $startInfo.FileName = 'dotnet'
    $startInfo.Arguments = "`"$emulatorDll`" --urls http://127.0.0.1:0 --queued-ms 50 --dispatching-ms 20 --running-ms 150 --seed 7"
    $startInfo.RedirectStandardOutput = $true
    $startInfo.UseShellExecute = $false
    $script:emulatorProcess = [System.Diagnostics.Process]::Start($startInfo)
    do { $line = $script:emulatorProcess.StandardOutput.ReadLine() } while ($null -ne $line -and -not $line.StartsWith('{'))
    $script:emulator = $line | ConvertFrom-Json

    Import-Module $modulePath -Force
    Connect-Seedance -ApiKey $script:emulator.api_key -BaseUri $script:emulator.api_url

    function Get-EmulatorStats {
        Invoke-RestMethod -Uri "$($script:emulator.api_url)/_emulator/stats" -Headers @{ Authorization = "Bearer $($script:emulator.api_key)" }
    }
}

AfterAll {
    Disconnect-Seedance
    Remove-Module Seedance -ErrorAction SilentlyContinue
    if ($script:emulatorProcess -and -not $script:emulatorProcess.HasExited) { $script:emulatorProcess.Kill() }
}

Describe 'The module' {
    It 'has a valid manifest that lists every cmdlet' {
        $manifest = Test-ModuleManifest (Join-Path $repositoryRoot 'out/Seedance/Seedance.psd1')
        $manifest.ExportedCmdlets.Keys | Should -Contain 'New-SeedanceRun'
        (Get-Command -Module Seedance).Count | Should -Be $manifest.ExportedCmdlets.Count
    }

    It 'has full help with examples for every cmdlet' {
        foreach ($command in Get-Command -Module Seedance) {
            $help = Get-Help $command.Name -Full
            $help.Synopsis | Should -Not -BeNullOrEmpty -Because $command.Name
            @($help.Examples.Example).Count | Should -BeGreaterThan 0 -Because $command.Name
        }
    }

    It 'tab-completes -Model with the Seedance models' {
        $line = 'New-SeedanceRun -Model '
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completion.CompletionMatches.ListItemText | Should -Contain 'bytedance/seedance/2.0/fast/text-to-video'
    }
}

Describe 'Sessions' {
    It 'masks the key in the context and in its text form' {
        $context = Get-SeedanceContext
        $context.ApiKey | Should -Not -Be $script:emulator.api_key
        "$context" | Should -Not -Match ([regex]::Escape($script:emulator.api_key))
    }

    It 'refuses a wrong key with an error that says what to do' {
        { Connect-Seedance -ApiKey 'rf_live_wrong' -BaseUri $script:emulator.api_url -ErrorAction Stop } |
            Should -Throw -ErrorId 'Seedance.Unauthorized*'
        Connect-Seedance -ApiKey $script:emulator.api_key -BaseUri $script:emulator.api_url
    }

    It 'shares the connected session with ForEach-Object -Parallel' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
        $before = (Get-EmulatorStats).runs_created
        $created = 1..3 | ForEach-Object -ThrottleLimit 3 -Parallel {
            Import-Module $using:modulePath
            New-SeedanceRun -Prompt "parallel $_" -ClientRef "parallel-$_"
        }

        $created.ClientRef | Sort-Object | Should -Be @('parallel-1', 'parallel-2', 'parallel-3')
        (Get-EmulatorStats).runs_created | Should -Be ($before + 3)
    }

    It 'shares the connected session with thread jobs' -Skip:(-not (Get-Command Start-ThreadJob -ErrorAction SilentlyContinue)) {
        $before = (Get-EmulatorStats).runs_created
        $jobs = 1..3 | ForEach-Object {
            Start-ThreadJob -ArgumentList $modulePath, $_ -ScriptBlock {
                param($module, $index)
                Import-Module $module
                New-SeedanceRun -Prompt "thread job $index" -ClientRef "thread-job-$index"
            }
        }
        $created = $jobs | Receive-Job -Wait -AutoRemoveJob

        $created.ClientRef | Sort-Object | Should -Be @('thread-job-1', 'thread-job-2', 'thread-job-3')
        (Get-EmulatorStats).runs_created | Should -Be ($before + 3)
    }
}

Describe 'A CSV of prompts' {
    BeforeAll {
        $script:videoDirectory = Join-Path ([System.IO.Path]::GetTempPath()) ("seedance-pester-" + [guid]::NewGuid())
        $script:rows = @(
            [pscustomobject]@{ client_ref = "pester-$([guid]::NewGuid())"; prompt = 'A lighthouse in a storm'; duration = '5'; aspect_ratio = '16:9'; generate_audio = 'yes' }
            [pscustomobject]@{ client_ref = "pester-$([guid]::NewGuid())"; prompt = 'A paper crane unfolding'; duration = '4'; aspect_ratio = '1:1'; generate_audio = 'no' }
            [pscustomobject]@{ client_ref = "pester-$([guid]::NewGuid())"; prompt = 'This row is bad'; duration = '99'; aspect_ratio = '16:9'; generate_audio = 'no' }
        )
    }

    AfterAll {
        Remove-Item $script:videoDirectory -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'estimates the cost without sending anything' {
        $report = $script:rows[0..1] | Measure-SeedanceCost
        $report.Count | Should -Be 2
        $report.TotalCost | Should -BeGreaterThan 0
    }

    It 'submits nothing under -WhatIf' {
        $before = (Get-EmulatorStats).runs_created
        $script:rows | New-SeedanceRun -WhatIf -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        (Get-EmulatorStats).runs_created | Should -Be $before
    }

    It 'turns the good rows into videos on disk and reports the bad row' {
        $videos = $script:rows | New-SeedanceRun -ErrorVariable rowErrors -ErrorAction SilentlyContinue |
            Wait-SeedanceRun -Timeout 120 |
            Save-SeedanceVideo -Directory $script:videoDirectory -FileName '{ClientRef}'
        @($videos).Count | Should -Be 2
        foreach ($video in $videos) { Test-Path $video.Path | Should -BeTrue }
        @($rowErrors).Count | Should -Be 1
        $rowErrors[0].FullyQualifiedErrorId | Should -BeLike 'Seedance.InvalidDuration*'
    }

    It 'skips complete files and creates no new run when the same CSV is run again' {
        $before = (Get-EmulatorStats).runs_created
        $videos = $script:rows[0..1] | New-SeedanceRun -SkipExisting | Wait-SeedanceRun -Timeout 120 |
            Save-SeedanceVideo -Directory $script:videoDirectory -FileName '{ClientRef}'
        @($videos).Count | Should -Be 2
        foreach ($video in $videos) { "$($video.Status)" | Should -Be 'Skipped' }
        (Get-EmulatorStats).runs_created | Should -Be $before
    }

    It 'finds a row''s run again by its client reference' {
        $run = Get-SeedanceRun -ClientRef $script:rows[0].client_ref
        $run.Prompt | Should -Be 'A lighthouse in a storm'
        "$($run.Status)" | Should -Be 'Succeeded'
    }

    It 'stops with a terminating error before the row that would go over -MaxCost' {
        $before = (Get-EmulatorStats).runs_created
        $rows = 1..4 | ForEach-Object { [pscustomobject]@{ prompt = "budget row $_"; duration = '10'; resolution = '720p' } }
        { $rows | New-SeedanceRun -MaxCost 7 -ErrorAction Stop } | Should -Throw -ErrorId 'Seedance.BudgetExceeded*'
        # 10 s at 720p costs about 3.03: two rows fit in 7.
        (Get-EmulatorStats).runs_created | Should -Be ($before + 2)
    }

    It 'submits rows in batches with -Batch and keeps each row''s client reference' {
        $before = (Get-EmulatorStats).runs_created
        $refs = 1..5 | ForEach-Object { "pester-batch-$([guid]::NewGuid())" }
        $runs = $refs | ForEach-Object { [pscustomobject]@{ prompt = "batched $_"; client_ref = $_; duration = '4' } } | New-SeedanceRun -Batch
        @($runs).Count | Should -Be 5
        ($runs.ClientRef | Sort-Object) | Should -Be ($refs | Sort-Object)
        (Get-EmulatorStats).runs_created | Should -Be ($before + 5)
    }
}

Describe 'Secrets' {
    It 'keeps the key out of a transcript of a verbose, debug, failing pipeline' {
        $transcript = Join-Path ([System.IO.Path]::GetTempPath()) ("seedance-transcript-" + [guid]::NewGuid() + '.txt')
        Start-Transcript -Path $transcript | Out-Null
        try {
            Get-SeedanceContext | Format-List | Out-Host
            # $DebugPreference rather than -Debug, which makes Windows PowerShell 5.1 ask before every debug line.
            $DebugPreference = 'Continue'
            'transcribed scene', 'bad [fail]' | New-SeedanceRun -Verbose -ErrorAction SilentlyContinue |
                Wait-SeedanceRun -Verbose -ErrorAction SilentlyContinue | Out-Host
            # A refused key is a terminating error (-ErrorAction cannot silence it); show it, as a console would.
            try { Connect-Seedance -ApiKey ($script:emulator.api_key + 'x') -BaseUri $script:emulator.api_url }
            catch { $_ | Out-Host }
        }
        finally {
            Stop-Transcript | Out-Null
            Connect-Seedance -ApiKey $script:emulator.api_key -BaseUri $script:emulator.api_url
        }
        $text = Get-Content $transcript -Raw
        Remove-Item $transcript
        $text | Should -Match 'rf_live_\*\*\*\*'
        $text | Should -Not -Match ([regex]::Escape($script:emulator.api_key))
    }
}

Describe 'Callbacks' {
    It 'verifies a signature and rejects a tampered body' {
        $secret = 'whsec_pester'
        $body = '{"event":"run.completed","run_id":"0190b6a4-0000-7000-8000-000000000001","status":"succeeded","output":null,"metadata":null}'
        $hmac = New-Object System.Security.Cryptography.HMACSHA256 (, [System.Text.Encoding]::UTF8.GetBytes($secret))
        $signature = -join ($hmac.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($body)) | ForEach-Object { $_.ToString('x2') })
        Test-SeedanceSignature -Body $body -Signature $signature -Secret $secret | Should -BeTrue
        Test-SeedanceSignature -Body ($body + ' ') -Signature $signature -Secret $secret | Should -BeFalse
        $run = ConvertFrom-SeedanceCallback -Body $body -Signature $signature -Secret $secret
        $run.Id | Should -Be '0190b6a4-0000-7000-8000-000000000001'
        "$($run.Status)" | Should -Be 'Succeeded'
    }
}
