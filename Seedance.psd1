@{
    RootModule             = 'Seedance.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = 'bea14e37-497a-44c3-9d2b-d28a2cec105f'
    Author                 = 'Seedance contributors'
    CompanyName            = 'Seedance'
    Description            = 'Generate videos with ByteDance Seedance 2.0 on the Runflow API from PowerShell: CSV-driven batches, waiting, safe downloads, budgets and callbacks.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('Seedance.format.ps1xml')
    CmdletsToExport        = @(
        'Connect-Seedance'
        'ConvertFrom-SeedanceCallback'
        'Disconnect-Seedance'
        'Get-SeedanceBalance'
        'Get-SeedanceContext'
        'Get-SeedanceModel'
        'Get-SeedanceRun'
        'Measure-SeedanceCost'
        'New-SeedanceRun'
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
        }
    }
}
