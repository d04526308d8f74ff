#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# User stories of the Seedance module that need a real shell (transcripts, thread jobs, ForEach-Object -Parallel, tab
# completion, table views, help, the ledger, installing by name), against the local Runflow emulator. Runs in pwsh
# 7.4+ and Windows PowerShell 5.1 with Pester 5: `dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test` brings
# both from NuGet. The xunit suites drive many of the same stories in a hosted runspace.

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

    # Starts the built emulator on 127.0.0.1 (free ports, its API and its file origin) and returns its endpoint line
    # ({api_url, file_url, api_key}) with the process.
    function Start-TestEmulator {
        param([string]$Arguments = '--queued-ms 50 --dispatching-ms 20 --running-ms 150 --seed 7')
        $startInfo = New-Object System.Diagnostics.ProcessStartInfo
        $startInfo.FileName = 'dotnet'
        $startInfo.Arguments = "`"$emulatorDll`" --urls http://127.0.0.1:0 --file-urls http://127.0.0.1:0 $Arguments"
        $startInfo.RedirectStandardOutput = $true
        $startInfo.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($startInfo)
        do { $line = $process.StandardOutput.ReadLine() } while ($null -ne $line -and -not $line.StartsWith('{'))
        if (-not $line) { throw "The emulator did not start (exit code $($process.ExitCode))." }
        $null = $process.StandardOutput.ReadToEndAsync()
        $endpoint = $line | ConvertFrom-Json
        $endpoint | Add-Member -NotePropertyName Process -NotePropertyValue $process -PassThru
    }

    function Stop-TestEmulator {
        param($Emulator)
        if ($Emulator -and $Emulator.Process -and -not $Emulator.Process.HasExited) {
            $Emulator.Process.Kill()
            $null = $Emulator.Process.WaitForExit(10000)
        }
    }

    # This same PowerShell, to start as a child process: pwsh, powershell.exe, or dotnet + pwsh.dll when pwsh runs as
    # the .NET tool (`dotnet pwsh`).
    function Get-ChildShell {
        $processPath = $null
        if ([Environment].GetProperty('ProcessPath')) { $processPath = [Environment]::ProcessPath }
        if (-not $processPath) { $processPath = (Get-Process -Id $PID).Path }
        $prefix = @()
        if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
            $entry = [System.Reflection.Assembly]::GetEntryAssembly()
            $prefix = @(if ($entry -and $entry.Location -like '*.dll') { $entry.Location } else { Join-Path $PSHOME 'pwsh.dll' })
        }
        [pscustomobject]@{ Path = $processPath; Arguments = $prefix }
    }

    $script:emulator = Start-TestEmulator
    $script:emulatorProcess = $script:emulator.Process

    # The ledger of paid creates goes to a folder of this run's own, never the user's data folder; set before the
    # module is imported and inherited by the thread jobs, parallel runspaces and child shells below.
    $script:savedLedgerPath = $env:SEEDANCE_LEDGER_PATH
    $script:ledgerDirectory = Join-Path ([System.IO.Path]::GetTempPath()) ("seedance-pester-ledger-" + [guid]::NewGuid())
    $env:SEEDANCE_LEDGER_PATH = $script:ledgerDirectory

    Import-Module $modulePath -Force
    Connect-Seedance -ApiKey $script:emulator.api_key -BaseUri $script:emulator.api_url

    function Get-EmulatorStats {
        Invoke-RestMethod -Uri "$($script:emulator.api_url)/_emulator/stats" -Headers @{ Authorization = "Bearer $($script:emulator.api_key)" }
    }

    function Get-Completion {
        param([string]$Line)
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }

    # The column names of the first non-empty line of a rendered table.
    function Get-TableHeader {
        param([string]$Table)
        $header = ($Table -split "`r?`n" | ForEach-Object { $_.Trim() } | Where-Object { $_ } | Select-Object -First 1)
        @($header -split '\s+')
    }
}

AfterAll {
    Disconnect-Seedance
    Remove-Module Seedance -ErrorAction SilentlyContinue
    Stop-TestEmulator $script:emulator
    $env:SEEDANCE_LEDGER_PATH = $script:savedLedgerPath
    Remove-Item $script:ledgerDirectory -Recurse -Force -ErrorAction SilentlyContinue
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

    It 'tab-completes -Model with quoted paths that narrow to what was typed' {
        $models = Get-Completion 'New-SeedanceRun -Model image'
        $models.ListItemText | Should -Be @('bytedance/seedance/2.0/image-to-video', 'bytedance/seedance/2.0/fast/image-to-video')
        $models[0].CompletionText | Should -Be "'bytedance/seedance/2.0/image-to-video'"
        (Get-Completion 'Get-SeedanceRun -Model fast/text').ListItemText | Should -Be @('bytedance/seedance/2.0/fast/text-to-video')
    }

    It 'tab-completes -Resolution, -AspectRatio, -Duration and -GenerateAudio with the values the API takes' {
        (Get-Completion 'New-SeedanceRun -Resolution ').ListItemText | Should -Be @('480p', '720p', '1080p')
        (Get-Completion 'New-SeedanceRun -Resolution 10').ListItemText | Should -Be @('1080p')
        (Get-Completion 'Measure-SeedanceCost -Resolution ').ListItemText | Should -Be @('480p', '720p', '1080p')
        $ratios = Get-Completion 'New-SeedanceRun -AspectRatio '
        $ratios.ListItemText | Should -Be @('auto', '21:9', '16:9', '4:3', '1:1', '3:4', '9:16')
        # A ratio is quoted, so the completed line parses as one string.
        ($ratios | Where-Object ListItemText -EQ '16:9').CompletionText | Should -Be "'16:9'"
        (Get-Completion 'New-SeedanceRun -Duration ').ListItemText | Should -Be @('auto', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15')
        (Get-Completion 'New-SeedanceRun -GenerateAudio ').ListItemText | Should -Be @('true', 'false')
    }

    It 'tab-completes Get-SeedanceRun -Status with the run statuses' {
        (Get-Completion 'Get-SeedanceRun -Status ').ListItemText |
            Should -Be @('queued', 'dispatching', 'running', 'succeeded', 'failed', 'canceled', 'partial_succeeded')
        (Get-Completion 'Get-SeedanceRun -Status su').ListItemText | Should -Be @('succeeded')
    }

    It 'ships the MIT licence and the gallery metadata, and points at no web page it does not have' {
        $moduleFolder = Split-Path $modulePath
        $license = Get-Content (Join-Path $moduleFolder 'LICENSE') -Raw
        $license | Should -Match '^MIT License'
        $license | Should -Match 'Copyright \(c\) 2026 Seedance contributors'
        $license | Should -Be (Get-Content (Join-Path $repositoryRoot 'LICENSE') -Raw)

        $data = Import-PowerShellDataFile $modulePath
        $data.Copyright | Should -Match 'Seedance contributors.*MIT'
        $data.PrivateData.PSData.Tags | Should -Contain 'Seedance'
        $data.PrivateData.PSData.Tags | Should -Contain 'Runflow'
        $data.PrivateData.PSData.Tags | Should -Contain 'PSEdition_Core'
        $data.PrivateData.PSData.Tags | Should -Contain 'PSEdition_Desktop'
        $data.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
        $data.PrivateData.PSData.Keys | Should -Not -Contain 'ProjectUri'
        $data.PrivateData.PSData.Keys | Should -Not -Contain 'LicenseUri'
        $data.Keys | Should -Not -Contain 'HelpInfoURI'
    }
}

Describe 'Tab completion of the runs this session has seen' {
    BeforeAll {
        # A prefix no other test's client ref shares, so completion narrows to this one run.
        $script:tabPrefix = "pester-tab-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        $script:tabRun = [pscustomobject]@{ prompt = 'A kite over the dunes'; client_ref = "$script:tabPrefix-kite"; duration = '4' } | New-SeedanceRun
    }

    It 'offers the run''s id to Get-SeedanceRun -Id, and narrows to what was typed' {
        (Get-Completion 'Get-SeedanceRun -Id ').ListItemText | Should -Contain $script:tabRun.Id
        $narrowed = Get-Completion "Get-SeedanceRun -Id $($script:tabRun.Id.Substring(0, 13))"
        $narrowed.ListItemText | Should -Be @($script:tabRun.Id)
        # A run id is a UUID, which PowerShell reads back as the same string: no quotes.
        $narrowed[0].CompletionText | Should -Be $script:tabRun.Id
    }

    It 'offers the run''s client ref to Get-SeedanceRun -ClientRef' {
        (Get-Completion "Get-SeedanceRun -ClientRef $script:tabPrefix").ListItemText | Should -Be @("$script:tabPrefix-kite")
    }

    It 'offers the run''s id to Stop-SeedanceRun -Id, Wait-SeedanceRun -Id and Save-SeedanceVideo -RunId' {
        (Get-Completion 'Stop-SeedanceRun -Id ').ListItemText | Should -Contain $script:tabRun.Id
        (Get-Completion 'Wait-SeedanceRun -Id ').ListItemText | Should -Contain $script:tabRun.Id
        (Get-Completion 'Save-SeedanceVideo -RunId ').ListItemText | Should -Contain $script:tabRun.Id
    }

    It 'completes the id that the completed command line then finds' {
        $line = "Get-SeedanceRun -Id $($script:tabRun.Id.Substring(0, 13))"
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completed = $line.Substring(0, $completion.ReplacementIndex) + $completion.CompletionMatches[0].CompletionText
        (Invoke-Expression $completed).ClientRef | Should -Be "$script:tabPrefix-kite"
    }
}

Describe 'The ledger of paid creates' {
    BeforeAll {
        $script:ledgerRef = "pester-ledger-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        $script:ledgerRow = [pscustomobject]@{ prompt = 'A tram crossing a bridge at dusk'; client_ref = $script:ledgerRef; duration = '4' }
    }

    It 'lists a row''s take, its run and its estimated cost after New-SeedanceRun, in the folder SEEDANCE_LEDGER_PATH names' {
        $run = $script:ledgerRow | New-SeedanceRun
        $entry = @(Get-SeedanceLedger -ClientRef $script:ledgerRef)
        $entry.Count | Should -Be 1
        $entry[0].Take | Should -Be 1
        $entry[0].RunId | Should -Be $run.Id
        $entry[0].EstimatedUsd | Should -BeGreaterThan 0
        Test-Path (Join-Path $env:SEEDANCE_LEDGER_PATH 'ledger.jsonl') | Should -BeTrue
    }

    It 'records how the run ended and what it cost once it was waited for' {
        Get-SeedanceRun -ClientRef $script:ledgerRef | Wait-SeedanceRun -Timeout 120 | Out-Null
        $entry = Get-SeedanceLedger -ClientRef $script:ledgerRef
        "$($entry.EffectiveState)" | Should -Be 'Finished'
        $entry.ActualUsd | Should -BeGreaterThan 0
    }

    It 'renders its entries as the default table' {
        $table = Get-SeedanceLedger -ClientRef $script:ledgerRef | Out-String -Width 200
        Get-TableHeader $table | Should -Be @('ClaimedAt', 'ClientRef', 'Take', 'EffectiveState', 'Status', 'RunId', 'EstimatedUsd', 'ActualUsd')
        $table | Should -Match ([regex]::Escape($script:ledgerRef))
    }

    It 'reuses the paid run when the same row is submitted again' {
        $before = (Get-EmulatorStats).runs_created
        $again = $script:ledgerRow | New-SeedanceRun
        $again.Id | Should -Be (Get-SeedanceLedger -ClientRef $script:ledgerRef).RunId
        (Get-EmulatorStats).runs_created | Should -Be $before
    }

    It 'forgets nothing under -WhatIf, and forgets the entry when confirmed' {
        Remove-SeedanceLedgerEntry -ClientRef $script:ledgerRef -WhatIf
        @(Get-SeedanceLedger -ClientRef $script:ledgerRef).Count | Should -Be 1
        Get-SeedanceLedger -ClientRef $script:ledgerRef | Remove-SeedanceLedgerEntry -Confirm:$false
        @(Get-SeedanceLedger -ClientRef $script:ledgerRef).Count | Should -Be 0
    }
}

Describe 'What the console shows' {
    BeforeAll {
        $script:viewDirectory = Join-Path ([System.IO.Path]::GetTempPath()) ("seedance-pester-views-" + [guid]::NewGuid())
    }

    AfterAll {
        Remove-Item $script:viewDirectory -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'renders runs, videos, models and cost reports as their default tables' {
        $run = New-SeedanceRun -Prompt 'A lighthouse in a storm' -Duration 5 -Resolution 480p -ClientRef "view-$([guid]::NewGuid())" | Wait-SeedanceRun -Timeout 120
        $video = $run | Save-SeedanceVideo -Directory $script:viewDirectory

        $runTable = $run | Out-String -Width 200
        Get-TableHeader $runTable | Should -Be @('Id', 'Status', 'Duration', 'Resolution', 'Cost', 'Prompt')
        $runTable | Should -Match ([regex]::Escape($run.Id))
        $runTable | Should -Match 'Succeeded'
        $runTable | Should -Match '480p'
        $runTable | Should -Match 'A lighthouse in a storm'

        $videoTable = $video | Out-String -Width 200
        Get-TableHeader $videoTable | Should -Be @('RunId', 'Status', 'SizeMB', 'Path')
        $videoTable | Should -Match 'Saved'
        $videoTable | Should -Match '\.mp4'

        $modelTable = Get-SeedanceModel | Out-String -Width 200
        Get-TableHeader $modelTable | Should -Be @('Slug', 'Name', 'StatusCode', 'MaxResolution', 'PricingNote')
        $modelTable | Should -Match 'bytedance/seedance/2.0/text-to-video'

        $costTable = [pscustomobject]@{ prompt = 'one'; duration = '5' } | Measure-SeedanceCost | Out-String -Width 200
        Get-TableHeader $costTable | Should -Be @('Count', 'TotalSeconds', 'TotalCost', 'AutoDurationCount', 'AssumedPriceCount', 'InvalidInputs')
    }

    It 'shows the session as a list with the key masked' {
        $list = Get-SeedanceContext | Out-String -Width 200
        $list | Should -Match 'BaseUri\s+:\s+http://127\.0\.0\.1'
        $list | Should -Match 'ApiKey\s+:\s+rf_live_\*\*\*\*'
        $list | Should -Match 'Source\s+:\s+Connect-Seedance'
        $list | Should -Not -Match ([regex]::Escape($script:emulator.api_key))
    }

    It 'finds the about topic and renders examples and parameter help' {
        $examples = Get-Help New-SeedanceRun -Examples | Out-String -Width 200
        $examples | Should -Match 'Example 1'
        $examples | Should -Match 'Import-Csv'
        Get-Help Save-SeedanceVideo -Parameter FileName | Out-String -Width 200 | Should -Match '\{ClientRef\}'
        $about = Get-Help about_Seedance | Out-String -Width 200
        $about | Should -Match 'about_Seedance'
        $about | Should -Match 'RUNFLOW_API_KEY'
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

    Context 'without Connect-Seedance, from RUNFLOW_API_KEY and RUNFLOW_BASE_URL' {
        BeforeAll {
            $script:savedEnvironment = @{ RUNFLOW_API_KEY = $env:RUNFLOW_API_KEY; RUNFLOW_BASE_URL = $env:RUNFLOW_BASE_URL }
            Disconnect-Seedance
            $env:RUNFLOW_API_KEY = $script:emulator.api_key
            $env:RUNFLOW_BASE_URL = $script:emulator.api_url
        }

        AfterAll {
            $env:RUNFLOW_API_KEY = $script:savedEnvironment.RUNFLOW_API_KEY
            $env:RUNFLOW_BASE_URL = $script:savedEnvironment.RUNFLOW_BASE_URL
            Connect-Seedance -ApiKey $script:emulator.api_key -BaseUri $script:emulator.api_url
        }

        It 'uses the environment in ForEach-Object -Parallel' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
            $before = (Get-EmulatorStats).runs_created
            $results = 1..3 | ForEach-Object -ThrottleLimit 3 -Parallel {
                Import-Module $using:modulePath
                $run = New-SeedanceRun -Prompt "environment parallel $_" -ClientRef "environment-parallel-$_"
                [pscustomobject]@{ ClientRef = $run.ClientRef; Source = (Get-SeedanceContext).Source; BaseUri = "$((Get-SeedanceContext).BaseUri)" }
            }

            $results.ClientRef | Sort-Object | Should -Be @('environment-parallel-1', 'environment-parallel-2', 'environment-parallel-3')
            $results.Source | Sort-Object -Unique | Should -Be 'Environment'
            $results.BaseUri | Sort-Object -Unique | Should -Be ($script:emulator.api_url.TrimEnd('/') + '/')
            (Get-EmulatorStats).runs_created | Should -Be ($before + 3)
        }

        It 'uses the environment in thread jobs, end to end' -Skip:(-not (Get-Command Start-ThreadJob -ErrorAction SilentlyContinue)) {
            $directory = Join-Path ([System.IO.Path]::GetTempPath()) ("seedance-pester-jobs-" + [guid]::NewGuid())
            try {
                $jobs = 1..2 | ForEach-Object {
                    Start-ThreadJob -ArgumentList $modulePath, $_, $directory -ScriptBlock {
                        param($module, $index, $directory)
                        Import-Module $module
                        New-SeedanceRun -Prompt "environment job $index" -ClientRef "environment-job-$index" |
                            Wait-SeedanceRun -Timeout 120 |
                            Save-SeedanceVideo -Directory $directory -FileName '{ClientRef}'
                    }
                }
                $videos = $jobs | Receive-Job -Wait -AutoRemoveJob

                $videos.ClientRef | Sort-Object | Should -Be @('environment-job-1', 'environment-job-2')
                foreach ($video in $videos) {
                    "$($video.Status)" | Should -Be 'Saved'
                    (Get-Item $video.Path).Length | Should -Be $video.Bytes
                }
            }
            finally {
                Remove-Item $directory -Recurse -Force -ErrorAction SilentlyContinue
            }
        }

        It 'keeps the environment key out of a transcript' {
            $transcript = Join-Path ([System.IO.Path]::GetTempPath()) ("seedance-transcript-" + [guid]::NewGuid() + '.txt')
            Start-Transcript -Path $transcript | Out-Null
            try {
                Get-SeedanceContext | Format-List | Out-Host
                Get-ChildItem env:RUNFLOW_BASE_URL | Out-Host
                New-SeedanceRun -Prompt 'environment transcript' -Verbose | Wait-SeedanceRun -Verbose | Out-Host
            }
            finally {
                Stop-Transcript | Out-Null
            }
            $text = Get-Content $transcript -Raw
            Remove-Item $transcript
            $text | Should -Match 'Source\s+:\s+Environment'
            $text | Should -Match 'rf_live_\*\*\*\*'
            $text | Should -Not -Match ([regex]::Escape($script:emulator.api_key))
        }
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

    It 'writes a gallery of the saved videos that shows like Get-Item' {
        $page = $script:rows[0..1] | New-SeedanceRun -SkipExisting | Wait-SeedanceRun -Timeout 120 |
            Save-SeedanceVideo -Directory $script:videoDirectory -FileName '{ClientRef}' | Export-SeedanceGallery
        $page.FullName | Should -Be (Join-Path $script:videoDirectory 'index.html')
        ($page | Out-String -Width 200) | Should -Match "index\.html"
        ($page | Out-String -Width 200) | Should -Match "$($page.Length)"
        $html = Get-Content $page.FullName -Raw
        ([regex]::Matches($html, '<video controls preload="none"')).Count | Should -Be 2
        $html | Should -Match 'A lighthouse in a storm'
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

    It 'still waits for and saves the runs paid for before -MaxCost ran out, under -ErrorAction Stop too' {
        $before = (Get-EmulatorStats).runs_created
        $dir = Join-Path $TestDrive 'budget-videos'
        $rows = 1..4 | ForEach-Object { [pscustomobject]@{ prompt = "saved budget row $_"; duration = '10'; resolution = '720p' } }
        $videos = $rows | New-SeedanceRun -MaxCost 7 -ErrorAction Stop | Wait-SeedanceRun | Save-SeedanceVideo -Directory $dir -ErrorVariable refused -ErrorAction SilentlyContinue
        @($videos).Count | Should -Be 2
        @(Get-ChildItem $dir -Filter *.mp4).Count | Should -Be 2
        @($refused | Where-Object FullyQualifiedErrorId -like 'Seedance.BudgetExceeded*').Count | Should -Be 2
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

# The Windows known-folder API ignores HOME and XDG_*, so there the repository list and CurrentUser scope cannot be
# redirected to a temporary folder: the round trip runs where they can (Linux, macOS), in PowerShell 7.4+.
$installSkip = ($PSVersionTable.PSVersion -lt [version]'7.4') -or $IsWindows
Describe 'Installed as PowerShell users install modules' -Skip:$installSkip {
    BeforeAll {
        # Everything the round trip writes goes under one temporary folder: HOME (so PSResourceGet's repository list,
        # the CurrentUser module folder and PowerShell's caches), XDG_*, and PSModulePath.
        $script:sandbox = Join-Path ([System.IO.Path]::GetTempPath()) ("seedance-pester-install-" + [guid]::NewGuid())
        $script:sandboxHome = Join-Path $script:sandbox 'home'
        $script:repository = Join-Path $script:sandbox 'repository'
        $script:emptyModulePath = Join-Path $script:sandbox 'modules'
        $script:workingDirectory = Join-Path $script:sandbox 'cwd'
        # .NET names a special folder on Unix only when it exists (else ''), and PSResourceGet would then keep its
        # repository list relative to the working directory: the folders a real HOME has are made first.
        $homeFolders = '.local/share', '.config', '.cache' | ForEach-Object { Join-Path $script:sandboxHome $_ }
        New-Item -ItemType Directory -Force -Path (@($script:repository, $script:emptyModulePath, $script:workingDirectory) + $homeFolders) | Out-Null

        # What the user's own PSResourceGet store and module folder hold now, to show the test left them alone.
        function Get-UserState {
            $store = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'PSResourceGet/PSResourceRepository.xml'
            $userModules = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'powershell/Modules/Seedance'
            [pscustomobject]@{
                Store      = if (Test-Path $store) { (Get-FileHash $store).Hash } else { 'absent' }
                Seedance   = if (Test-Path $userModules) { @(Get-ChildItem $userModules -Recurse | ForEach-Object FullName) -join ';' } else { 'absent' }
                ModulePath = $env:PSModulePath
                HomePath   = $env:HOME
            }
        }
        $script:userStateBefore = Get-UserState

        $script:roundTripScript = Join-Path $script:sandbox 'round-trip.ps1'
        Set-Content -Path $script:roundTripScript -Encoding UTF8 -Value @'
param($RepositoryRoot, $Repository, $ApiUrl, $ApiKey)
$ErrorActionPreference = 'Stop'
$report = [ordered]@{}
# The Package task's own code writes the .nupkg (from the module already built), into the folder repository.
& (Join-Path $RepositoryRoot 'build.ps1') -Task Package -NoBuild -PackageDirectory $Repository | Out-Null
$report.Packages = @(Get-ChildItem $Repository -Filter *.nupkg | ForEach-Object Name)
Register-PSResourceRepository -Name local -Uri $Repository -Trusted
Install-PSResource Seedance -Repository local -Quiet
$report.Installed = @(Get-InstalledPSResource Seedance | ForEach-Object { "$($_.Name) $($_.Version) $($_.InstalledLocation)" })
$report.RepositoryStore = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'PSResourceGet'
$report.Repositories = @(Get-PSResourceRepository | ForEach-Object { "$($_.Name) $($_.Uri)" })

# By name, as a user would.
Import-Module Seedance
$module = Get-Module Seedance
$report.ModuleBase = $module.ModuleBase
$report.ModuleVersion = "$($module.Version)"
$report.Files = @(Get-ChildItem $module.ModuleBase -Recurse -File | ForEach-Object { $_.FullName.Substring($module.ModuleBase.Length + 1).Replace('\', '/') } | Sort-Object)
$report.Cmdlets = @(Get-Command -Module Seedance).Count

Connect-Seedance -ApiKey $ApiKey -BaseUri $ApiUrl
# No Import-Module in the parallel runspaces and jobs: the cmdlets load by name from PSModulePath.
$report.Parallel = @(1..3 | ForEach-Object -ThrottleLimit 3 -Parallel {
    $run = New-SeedanceRun -Prompt "installed parallel $_" -ClientRef "installed-parallel-$_"
    [pscustomobject]@{ ClientRef = $run.ClientRef; ModuleBase = (Get-Module Seedance).ModuleBase }
})
$jobs = 1..2 | ForEach-Object {
    Start-ThreadJob -ArgumentList $_ -ScriptBlock {
        param($index)
        $run = New-SeedanceRun -Prompt "installed job $index" -ClientRef "installed-job-$index" | Wait-SeedanceRun -Timeout 120
        [pscustomobject]@{ ClientRef = $run.ClientRef; Status = "$($run.Status)"; ModuleBase = (Get-Module Seedance).ModuleBase }
    }
}
$report.ThreadJobs = @($jobs | Receive-Job -Wait -AutoRemoveJob | Select-Object ClientRef, Status, ModuleBase)
Disconnect-Seedance
'RESULT ' + ($report | ConvertTo-Json -Depth 5 -Compress)
'@

        # A child PowerShell (this same one) whose environment alone is redirected: this process's HOME, PSModulePath
        # and PSResourceGet are never changed.
        $shell = Get-ChildShell
        $startInfo = New-Object System.Diagnostics.ProcessStartInfo
        $startInfo.FileName = $shell.Path
        $arguments = @($shell.Arguments) + @('-NoProfile', '-NonInteractive', '-File', $script:roundTripScript,
            '-RepositoryRoot', $repositoryRoot, '-Repository', $script:repository,
            '-ApiUrl', $script:emulator.api_url, '-ApiKey', $script:emulator.api_key)
        $startInfo.Arguments = ($arguments | ForEach-Object { '"' + $_ + '"' }) -join ' '
        $startInfo.UseShellExecute = $false
        $startInfo.WorkingDirectory = $script:workingDirectory
        $startInfo.RedirectStandardOutput = $true
        $startInfo.RedirectStandardError = $true
        $startInfo.Environment['HOME'] = $script:sandboxHome
        $startInfo.Environment['XDG_DATA_HOME'] = Join-Path $script:sandboxHome '.local/share'
        $startInfo.Environment['XDG_CONFIG_HOME'] = Join-Path $script:sandboxHome '.config'
        $startInfo.Environment['XDG_CACHE_HOME'] = Join-Path $script:sandboxHome '.cache'
        $startInfo.Environment['PSModulePath'] = $script:emptyModulePath
        $startInfo.Environment['POWERSHELL_TELEMETRY_OPTOUT'] = '1'
        foreach ($name in 'RUNFLOW_API_KEY', 'RUNFLOW_BASE_URL', 'RUNFLOW_ORGANIZATION_ID') { $null = $startInfo.Environment.Remove($name) }
        $child = [System.Diagnostics.Process]::Start($startInfo)
        $stdout = $child.StandardOutput.ReadToEndAsync()
        $stderr = $child.StandardError.ReadToEndAsync()
        if (-not $child.WaitForExit(300000)) { $child.Kill(); throw 'The install round trip did not finish in 5 minutes.' }
        $script:childOutput = $stdout.Result
        $script:childErrors = $stderr.Result
        $script:childExitCode = $child.ExitCode
        $resultLine = @($script:childOutput -split "`r?`n" | Where-Object { $_.StartsWith('RESULT ') }) | Select-Object -Last 1
        $script:report = if ($resultLine) { $resultLine.Substring(7) | ConvertFrom-Json } else { $null }
        $script:because = "the child shell printed:`n$($script:childOutput)`n$($script:childErrors)"
    }

    AfterAll {
        Remove-Item $script:sandbox -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'packs the module as a .nupkg that Install-PSResource installs from a folder repository' {
        $script:childExitCode | Should -Be 0 -Because $script:because
        $script:report | Should -Not -BeNullOrEmpty -Because $script:because
        $version = (Import-PowerShellDataFile $modulePath).ModuleVersion
        $script:report.Packages | Should -Be @("Seedance.$version.nupkg")
        @($script:report.Repositories | Where-Object { $_ -like 'local file:*' -and $_.EndsWith($script:repository.Replace('\', '/')) }).Count | Should -Be 1 -Because ($script:report.Repositories -join ', ')
        $script:report.Installed.Count | Should -Be 1
        $script:report.Installed[0] | Should -BeLike "Seedance $version *"
    }

    It 'imports by name from the installed folder, with the licence, help, formats and dependencies' {
        $script:report.ModuleBase | Should -BeLike "$($script:sandboxHome)*" -Because $script:because
        $script:report.ModuleVersion | Should -Be (Import-PowerShellDataFile $modulePath).ModuleVersion
        $script:report.Cmdlets | Should -Be (Test-ModuleManifest $modulePath).ExportedCmdlets.Count
        foreach ($file in 'LICENSE', 'Seedance.psd1', 'Seedance.dll', 'Seedance.Engine.dll', 'Seedance.format.ps1xml',
            'en-US/Seedance.dll-Help.xml', 'en-US/about_Seedance.help.txt', 'dependencies/System.Text.Json.dll') {
            $script:report.Files | Should -Contain $file
        }
    }

    It 'runs the installed cmdlets in ForEach-Object -Parallel and in thread jobs' {
        $script:report.Parallel.ClientRef | Sort-Object | Should -Be @('installed-parallel-1', 'installed-parallel-2', 'installed-parallel-3') -Because $script:because
        $script:report.Parallel.ModuleBase | Sort-Object -Unique | Should -Be $script:report.ModuleBase
        $script:report.ThreadJobs.ClientRef | Sort-Object | Should -Be @('installed-job-1', 'installed-job-2')
        $script:report.ThreadJobs.Status | Sort-Object -Unique | Should -Be 'Succeeded'
        $script:report.ThreadJobs.ModuleBase | Sort-Object -Unique | Should -Be $script:report.ModuleBase
    }

    It 'kept PSResourceGet''s repository list in the temporary HOME and left the user''s own alone' {
        $script:report.RepositoryStore | Should -Be (Join-Path $script:sandboxHome '.local/share/PSResourceGet') -Because $script:because
        Get-Content (Join-Path $script:report.RepositoryStore 'PSResourceRepository.xml') -Raw | Should -Match 'Name="local"'
        # Nothing fell back to a path relative to the working directory.
        @(Get-ChildItem $script:workingDirectory -Force).Count | Should -Be 0
        $after = Get-UserState
        $after.Store | Should -Be $script:userStateBefore.Store
        $after.Seedance | Should -Be $script:userStateBefore.Seedance
        $after.ModulePath | Should -Be $script:userStateBefore.ModulePath
        $after.HomePath | Should -Be $script:userStateBefore.HomePath
    }
}
