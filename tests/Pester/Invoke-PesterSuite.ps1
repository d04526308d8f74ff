<#
.SYNOPSIS
    Runs the Pester suite in tests/Pester with a given Pester module and writes its results; build.ps1 -Task Test
    starts it in a child shell.
.DESCRIPTION
    Writes <ResultDirectory>/pester.xml (NUnit XML) and <ResultDirectory>/pester-summary.json (Passed, Failed,
    Skipped), and exits with 0 only when nothing failed. Tests under a failed BeforeAll count as failed, and so does a
    file that could not run at all or a failed AfterAll, so a suite that could not start never reads as passing.
.EXAMPLE
    ./tests/Pester/Invoke-PesterSuite.ps1 -PesterModule ~/.nuget/packages/pester/5.7.1/tools/Pester.psd1 -ResultDirectory out/TestResults
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [string]$PesterModule,

    [Parameter(Mandatory = $true)]
    [string]$ResultDirectory,

    [string[]]$Path = @($PSScriptRoot),

    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string]$Verbosity = 'Detailed'
)

$ErrorActionPreference = 'Stop'
Import-Module $PesterModule -Force
New-Item -ItemType Directory -Force -Path $ResultDirectory | Out-Null

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = $Verbosity
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = Join-Path $ResultDirectory 'pester.xml'

$result = Invoke-Pester -Configuration $configuration

$summary = [ordered]@{
    Passed  = $result.PassedCount
    # Tests under a failed BeforeAll are counted failed by Pester; a file that failed before it had tests counts once.
    Failed  = $result.FailedCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount + $result.NotRunCount + $result.InconclusiveCount
    Result  = "$($result.Result)"
}
# A failed AfterAll fails the run with every test passed: one failure, so the run never reads as green.
if ($summary.Result -ne 'Passed' -and $summary.Failed -eq 0) { $summary.Failed = 1 }
[pscustomobject]$summary | ConvertTo-Json | Set-Content -Path (Join-Path $ResultDirectory 'pester-summary.json') -Encoding UTF8
if ($summary.Failed -gt 0) { exit 1 }
exit 0
