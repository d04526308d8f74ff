<#
.SYNOPSIS
    Builds, tests, demonstrates and packages the Seedance module.
.DESCRIPTION
    Build   - dotnet build Seedance.sln; the importable module lands in out/Seedance.
    Test    - builds, runs the xunit suites (dotnet test Seedance.sln), then the Pester suite in tests/Pester in a
              child shell of the same PowerShell, with Pester restored from NuGet (tests/Pester/Pester.Restore.csproj).
              Prints the Pester counts and fails when any test of either failed.
    Demo    - builds the module and the emulator, starts the emulator, turns docs/samples/prompts.csv into videos under
              out/demo/videos through the real cmdlets, prints a summary, writes out/demo/videos/index.html
              (Export-SeedanceGallery) and prints its path, and stops the emulator.
    Package - builds Release and writes out/Seedance.<version>.nupkg, which Install-PSResource installs from a folder
              repository (needs Microsoft.PowerShell.PSResourceGet 1.1+, bundled with PowerShell 7.4+).
    Works in PowerShell 7.4+ (also as the .NET tool: dotnet tool restore, then dotnet pwsh ./build.ps1) and Windows
    PowerShell 5.1.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Demo
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Package')]
    [string]$Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string]$Configuration = 'Debug',

    # Package: the folder the .nupkg is written to (default out/).
    [string]$PackageDirectory,

    # Package and Test: use what out/Seedance (and the built tests) already hold instead of building first.
    [switch]$NoBuild
)

$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$solution = Join-Path $root 'Seedance.sln'
$moduleDir = Join-Path $root 'out/Seedance'

function Invoke-Dotnet {
    param([Parameter(ValueFromRemainingArguments = $true)][string[]]$Arguments)
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    Invoke-Dotnet build $solution -c $Configuration --nologo
}

function Get-ChildShell {
    # The PowerShell running this script, to start again: pwsh, powershell.exe, or - when pwsh runs as the .NET tool
    # (dotnet pwsh) and this process is dotnet itself - dotnet with pwsh.dll as its first argument.
    $processPath = $null
    if ([Environment].GetProperty('ProcessPath')) { $processPath = [Environment]::ProcessPath }  # .NET 6+
    if (-not $processPath) { $processPath = (Get-Process -Id $PID).Path }
    $prefix = @()
    if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
        $entry = [System.Reflection.Assembly]::GetEntryAssembly()
        $pwshDll = if ($entry -and $entry.Location -like '*.dll') { $entry.Location } else { Join-Path $PSHOME 'pwsh.dll' }
        $prefix = @($pwshDll)
    }
    [pscustomobject]@{ Path = $processPath; Arguments = $prefix }
}

function Get-PesterModule {
    # Pester from NuGet, pinned by tests/Pester/Pester.Restore.csproj: a restore puts it in the NuGet global packages
    # folder, whose location `dotnet nuget locals` tells (NUGET_PACKAGES and NuGet.Config included).
    $project = Join-Path $root 'tests/Pester/Pester.Restore.csproj'
    $version = ([xml](Get-Content $project -Raw)).SelectSingleNode('//PesterVersion').InnerText
    Invoke-Dotnet restore $project --nologo --verbosity quiet | Out-Host
    $packages = $null
    foreach ($line in (& dotnet nuget locals global-packages --list)) {
        if ($line -match '^\s*global-packages:\s*(.+?)\s*$') { $packages = $Matches[1] }
    }
    if (-not $packages) { throw 'dotnet nuget locals global-packages --list did not name the NuGet packages folder.' }
    $module = Join-Path $packages "pester/$version/tools/Pester.psd1"
    if (-not (Test-Path $module)) { throw "Pester $version was restored but $module is missing." }
    $module
}

function Invoke-PesterSuite {
    $pesterModule = Get-PesterModule
    $results = Join-Path $root 'out/TestResults'
    New-Item -ItemType Directory -Force -Path $results | Out-Null
    $summary = Join-Path $results 'pester-summary.json'
    if (Test-Path $summary) { Remove-Item $summary }
    # A child process, so the module the suite imports does not lock or shadow this session's copy of out/Seedance.
    $shell = Get-ChildShell
    $runner = Join-Path $root 'tests/Pester/Invoke-PesterSuite.ps1'
    Write-Host "Pester $(Split-Path (Split-Path (Split-Path $pesterModule)) -Leaf) in $($shell.Path) $($shell.Arguments -join ' ')"
    # Out-Host: the suite's output is shown as it comes, not returned with the counts.
    & $shell.Path @($shell.Arguments) -NoProfile -NonInteractive -File $runner -PesterModule $pesterModule -ResultDirectory $results | Out-Host
    $exitCode = $LASTEXITCODE
    if (Test-Path $summary) {
        $counts = Get-Content $summary -Raw | ConvertFrom-Json
    }
    else {
        # The runner died before Pester finished (a broken import, say): no counts, one failure.
        $counts = [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
        Write-Warning "The Pester suite did not finish (exit code $exitCode)."
    }
    if ($exitCode -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1 }
    # The one line .ci/run adds to the xunit counts.
    Write-Host ('Pester: {0} passed, {1} failed, {2} skipped' -f $counts.Passed, $counts.Failed, $counts.Skipped)
    $counts
}

function Invoke-Test {
    if (-not $NoBuild) { Invoke-Build }
    & dotnet test $solution -c $Configuration --no-build
    $xunitExitCode = $LASTEXITCODE
    $pester = Invoke-PesterSuite
    $problems = @()
    if ($xunitExitCode -ne 0) { $problems += "dotnet test failed with exit code $xunitExitCode" }
    if ($pester.Failed -gt 0) { $problems += "the Pester suite failed ($($pester.Failed) failed test(s))" }
    if ($problems) { throw "Tests failed: $($problems -join '; ')." }
    Write-Host 'All test suites passed (xunit and Pester).'
}

function Start-Emulator {
    param([string[]]$Options = @())
    $startInfo = New-Object System.Diagnostics.ProcessStartInfo
    $startInfo.FileName = 'dotnet'
    # The built emulator itself, not `dotnet run`: killing `dotnet run` would leave the server it started running.
    $emulatorDll = Join-Path $root "src/Seedance.Emulator/bin/$Configuration/net10.0/Seedance.Emulator.dll"
    if (-not (Test-Path $emulatorDll)) { throw "The emulator is not built: $emulatorDll" }
    $startInfo.Arguments = (@("`"$emulatorDll`"", '--urls', 'http://127.0.0.1:0', '--file-urls', 'http://127.0.0.1:0') + $Options) -join ' '
    $startInfo.RedirectStandardOutput = $true
    $startInfo.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($startInfo)
    # The emulator's endpoint line is the first JSON object it prints.
    do { $line = $process.StandardOutput.ReadLine() } while ($null -ne $line -and -not $line.StartsWith('{'))
    if (-not $line) { throw 'The emulator did not start.' }
    # Keep reading what it prints later, so a full pipe never blocks it.
    $null = $process.StandardOutput.ReadToEndAsync()
    $endpoint = $line | ConvertFrom-Json
    [pscustomobject]@{ Process = $process; ApiUrl = $endpoint.api_url; ApiKey = $endpoint.api_key }
}

function Stop-Emulator {
    param($Emulator)
    if ($Emulator -and -not $Emulator.Process.HasExited) {
        $Emulator.Process.Kill()
        $null = $Emulator.Process.WaitForExit(10000)
    }
}

function Format-Bytes {
    param([long]$Bytes)
    if ($Bytes -ge 1MB) { return '{0:0.0} MB' -f ($Bytes / 1MB) }
    if ($Bytes -ge 1KB) { return '{0:0.0} KB' -f ($Bytes / 1KB) }
    "$Bytes bytes"
}

function Invoke-Demo {
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $csv = Join-Path $root 'docs/samples/prompts.csv'
    $demoRoot = Join-Path $root 'out/demo'
    $videos = Join-Path $demoRoot 'videos'
    # Each demo starts clean, with its own videos and its own ledger/state folder, never the user's.
    if (Test-Path $demoRoot) { Remove-Item $demoRoot -Recurse -Force }
    New-Item -ItemType Directory -Force -Path $videos | Out-Null

    Write-Host 'Building the module and the emulator...'
    # Those two projects only: the demo needs none of the test projects, which would double a fresh clone's build.
    foreach ($project in 'src/Seedance/Seedance.csproj', 'src/Seedance.Emulator/Seedance.Emulator.csproj') {
        Invoke-Dotnet build (Join-Path $root $project) -c $Configuration --nologo --verbosity quiet
    }
    $buildSeconds = $clock.Elapsed.TotalSeconds
    # Runs take about 4 s each and the emulator runs two at a time, so the progress bar has something to show.
    $emulator = Start-Emulator -Options '--queued-ms', '800', '--dispatching-ms', '400', '--running-ms', '3000', '--concurrency', '2'
    $savedLedger = $env:SEEDANCE_LEDGER_PATH
    $wasLoaded = [bool](Get-Module Seedance)
    try {
        Write-Host "Runflow emulator at $($emulator.ApiUrl) (process $($emulator.Process.Id), key $($emulator.ApiKey.Substring(0, 8))****)"
        $env:SEEDANCE_LEDGER_PATH = Join-Path $demoRoot 'state'
        Import-Module (Join-Path $moduleDir 'Seedance.psd1') -Force
        Connect-Seedance -ApiKey $emulator.ApiKey -BaseUri $emulator.ApiUrl

        $rows = @(Import-Csv $csv)
        $estimate = $rows | Measure-SeedanceCost
        Write-Host ("{0} rows in docs/samples/prompts.csv: {1} s of video, estimated `${2:0.00}. Submitting, waiting and saving:" -f $rows.Count, $estimate.TotalSeconds, $estimate.TotalCost)
        Write-Host '  Import-Csv prompts.csv | New-SeedanceRun | Wait-SeedanceRun | Save-SeedanceVideo -Directory out/demo/videos'

        $pipelineClock = [System.Diagnostics.Stopwatch]::StartNew()
        $rows |
            New-SeedanceRun -ThrottleLimit 4 -ErrorVariable createErrors |
            Wait-SeedanceRun -ErrorVariable waitErrors |
            Tee-Object -Variable finished |
            Save-SeedanceVideo -Directory $videos -FileName '{ClientRef}' -IncludeMetadata -ErrorVariable saveErrors |
            Tee-Object -Variable saved |
            Format-Table ClientRef, Status,
                @{ Name = 'KB'; Expression = { '{0:0.0}' -f ($_.Bytes / 1KB) }; Alignment = 'Right' },
                @{ Name = 'Cost'; Expression = { '{0:0.00}' -f $_.Cost }; Alignment = 'Right' },
                @{ Name = 'File'; Expression = { Split-Path -Leaf $_.Path } } |
            Out-Host
        $pipelineClock.Stop()
        $demoErrors = @($createErrors) + @($waitErrors) + @($saveErrors)

        $runs = @($finished)
        $saved = @($saved)
        $succeeded = @($runs | Where-Object { "$($_.Status)" -eq 'Succeeded' }).Count
        $written = @($saved | Where-Object { "$($_.Status)" -eq 'Saved' })
        $bytes = [long]0
        foreach ($video in $saved) { $bytes += $video.Bytes }
        $actual = [decimal]0
        foreach ($run in $runs) { if ($null -ne $run.Cost) { $actual += $run.Cost } }
        $clock.Stop()

        Write-Host 'Seedance demo summary'
        Write-Host ('  Rows read:     {0} (docs/samples/prompts.csv)' -f $rows.Count)
        Write-Host ('  Runs:          {0} created, {1} succeeded, {2} failed or canceled' -f $runs.Count, $succeeded, ($runs.Count - $succeeded))
        Write-Host ('  Videos saved:  {0} of {1}, {2}' -f $written.Count, $rows.Count, (Format-Bytes $bytes))
        Write-Host ('  Cost:          estimated ${0:0.00}, actual ${1:0.00} (emulated: nothing was paid)' -f $estimate.TotalCost, $actual)
        Write-Host ('  Files:         {0} (each .mp4 with a .json sidecar)' -f $videos)
        Write-Host ('  Time:          {0:0.0} s in all: build {1:0.0} s, submit, wait and save {2:0.0} s' -f $clock.Elapsed.TotalSeconds, $buildSeconds, $pipelineClock.Elapsed.TotalSeconds)
        if ($demoErrors.Count -gt 0) { Write-Host ('  Errors:        {0} (shown above)' -f $demoErrors.Count) }
        # Last, the page to look at them all: every video and sidecar of the folder, failed runs included.
        $gallery = $saved | Export-SeedanceGallery -Directory $videos
        Write-Host ('  Gallery:       {0} (open it in a browser)' -f $gallery.FullName)
        if ($written.Count -ne $rows.Count) { throw "The demo saved $($written.Count) of $($rows.Count) videos." }
    }
    finally {
        if (Get-Command Disconnect-Seedance -ErrorAction SilentlyContinue) { Disconnect-Seedance }
        if (-not $wasLoaded) { Remove-Module Seedance -ErrorAction SilentlyContinue }
        $env:SEEDANCE_LEDGER_PATH = $savedLedger
        Stop-Emulator $emulator
        Write-Host 'Emulator stopped.'
    }
}

function Invoke-Package {
    if (-not $NoBuild) {
        $script:Configuration = 'Release'
        # A clean module folder, so nothing left by an older build ends up in the package.
        if (Test-Path $moduleDir) { Remove-Item $moduleDir -Recurse -Force }
        Invoke-Build
    }
    if (-not (Get-Command Compress-PSResource -ErrorAction SilentlyContinue)) {
        throw 'Packaging needs Compress-PSResource (Microsoft.PowerShell.PSResourceGet 1.1 or later, bundled with PowerShell 7.4+; on Windows PowerShell: Install-Module Microsoft.PowerShell.PSResourceGet).'
    }
    $manifest = Import-PowerShellDataFile (Join-Path $moduleDir 'Seedance.psd1')
    $destination = if ($PackageDirectory) { $PackageDirectory } else { Join-Path $root 'out' }
    New-Item -ItemType Directory -Force -Path $destination | Out-Null
    $destination = (Resolve-Path $destination).Path
    $nupkg = Join-Path $destination "Seedance.$($manifest.ModuleVersion).nupkg"
    if (Test-Path $nupkg) { Remove-Item $nupkg }
    Compress-PSResource -Path $moduleDir -DestinationPath $destination
    if (-not (Test-Path $nupkg)) { throw "Compress-PSResource did not write $nupkg." }
    Write-Host "Packaged $nupkg"
    Write-Host "Install it: Register-PSResourceRepository -Name local -Uri '$destination' -Trusted; Install-PSResource Seedance -Repository local"
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Package' { Invoke-Package }
}
