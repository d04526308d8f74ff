<#
.SYNOPSIS
    Builds, tests, demonstrates and packages the Seedance module.
.DESCRIPTION
    Build   - dotnet build Seedance.sln; the importable module lands in out/Seedance.
    Test    - dotnet test Seedance.sln (engine, emulator and hosted-runspace cmdlet tests), then the Pester suite in
              tests/Pester when Pester 5 is installed.
    Demo    - starts the local Runflow emulator, turns docs/samples/prompts.csv into videos under out/demo, and
              stops the emulator.
    Package - builds Release and zips out/Seedance into out/Seedance-<version>.zip.
    Works in PowerShell 7.4+ and Windows PowerShell 5.1.
.EXAMPLE
    ./build.ps1 -Task Demo
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Package')]
    [string]$Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string]$Configuration = 'Debug'
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
    Invoke-Dotnet build $solution -c $Configuration
}

function Invoke-Test {
    Invoke-Dotnet test $solution -c $Configuration
    $pester = Get-Module -ListAvailable Pester | Where-Object { $_.Version -ge [version]'5.0' } | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) {
        Write-Warning 'Pester 5 is not installed: the Pester suite (tests/Pester) was not run. Install-Module Pester -MinimumVersion 5.0'
        return
    }
    # Pester runs in a child process so the module it imports does not lock this session's copy of out/Seedance.
    $script = "Import-Module Pester -MinimumVersion 5.0; `$c = New-PesterConfiguration; `$c.Run.Path = '$(Join-Path $root 'tests/Pester')'; `$c.Run.Exit = `$true; `$c.Output.Verbosity = 'Detailed'; Invoke-Pester -Configuration `$c"
    $shell = (Get-Process -Id $PID).Path
    & $shell -NoProfile -NonInteractive -Command $script
    if ($LASTEXITCODE -ne 0) { throw "The Pester suite failed ($LASTEXITCODE failed test(s))." }
}

function Start-Emulator {
    $startInfo = New-Object System.Diagnostics.ProcessStartInfo
    $startInfo.FileName = 'dotnet'
    # The built emulator itself, not `dotnet run`: killing `dotnet run` would leave the server it started running.
    $emulatorDll = Join-Path $root "src/Seedance.Emulator/bin/$Configuration/net10.0/Seedance.Emulator.dll"
    $startInfo.Arguments = "`"$emulatorDll`" --urls http://127.0.0.1:0 --queued-ms 500 --dispatching-ms 300 --running-ms 2000"
    $startInfo.RedirectStandardOutput = $true
    $startInfo.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($startInfo)
    # The emulator's endpoint line is the first JSON object it prints.
    do { $line = $process.StandardOutput.ReadLine() } while ($null -ne $line -and -not $line.StartsWith('{'))
    if (-not $line) { throw 'The emulator did not start.' }
    $endpoint = $line | ConvertFrom-Json
    [pscustomobject]@{ Process = $process; ApiUrl = $endpoint.api_url; ApiKey = $endpoint.api_key }
}

function Invoke-Demo {
    Invoke-Build
    $emulator = Start-Emulator
    try {
        Write-Host "Emulator at $($emulator.ApiUrl)"
        Import-Module (Join-Path $moduleDir 'Seedance.psd1') -Force
        Connect-Seedance -ApiKey $emulator.ApiKey -BaseUri $emulator.ApiUrl
        $videos = Join-Path $root 'out/demo'
        Import-Csv (Join-Path $root 'docs/samples/prompts.csv') |
            New-SeedanceRun -ThrottleLimit 4 |
            Wait-SeedanceRun |
            Save-SeedanceVideo -Directory $videos -FileName '{ClientRef}' -IncludeMetadata |
            Format-Table RunId, Status, Bytes, Path -AutoSize
    }
    finally {
        Disconnect-Seedance
        if (-not $emulator.Process.HasExited) { $emulator.Process.Kill() }
    }
}

function Invoke-Package {
    $script:Configuration = 'Release'
    Invoke-Build
    $manifest = Import-PowerShellDataFile (Join-Path $root 'Seedance.psd1')
    $zip = Join-Path $root "out/Seedance-$($manifest.ModuleVersion).zip"
    if (Test-Path $zip) { Remove-Item $zip }
    Compress-Archive -Path $moduleDir -DestinationPath $zip
    Write-Host "Packaged $zip"
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Package' { Invoke-Package }
}
