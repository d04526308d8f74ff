@{
    RootModule             = 'Seedance.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = 'bea14e37-497a-44c3-9d2b-d28a2cec105f'
    Author                 = 'Seedance contributors'
    CompanyName            = 'Seedance'
    Copyright              = '(c) 2026 Seedance contributors. MIT License.'
    Description            = 'Generate videos with ByteDance Seedance 2.0 on the Runflow API from PowerShell: CSV-driven batches, waiting, safe downloads, budgets and callbacks.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('Seedance.format.ps1xml')
    CmdletsToExport        = @(
        'Connect-Seedance'
        'ConvertFrom-SeedanceCallback'
        'Disconnect-Seedance'
        'Export-SeedanceGallery'
        'Get-SeedanceBalance'
        'Get-SeedanceContext'
        'Get-SeedanceLedger'
        'Get-SeedanceModel'
        'Get-SeedanceRun'
        'Measure-SeedanceCost'
        'New-SeedanceRun'
        'Remove-SeedanceLedgerEntry'
        'Save-SeedanceVideo'
        'Stop-SeedanceRun'
        'Test-SeedanceSignature'
        'Wait-SeedanceRun'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Seedance', 'Runflow', 'ByteDance', 'Video', 'AI', 'GenerativeAI', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ReleaseNotes = @'
0.1.0: first release. Cmdlets for Seedance 2.0 text-to-video and image-to-video runs on the Runflow API: CSV-driven
creates (client references and idempotency keys, so a retried create is never paid twice), -Batch, -MaxCost budgets,
-WhatIf with cost, waiting for many runs at once, resumable checked downloads, callback signature checks, tab
completion, help with examples. Windows PowerShell 5.1 and PowerShell 7.4+. MIT licence (LICENSE in the module folder).
'@
        }
    }
}
