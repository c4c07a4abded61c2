<#
.SYNOPSIS
    Writes docs/commands.md, the online command reference, from the MAML help (module/en-US/PSSecurityFeeds.dll-Help.xml).
.DESCRIPTION
    The MAML file is the one source of the help: Get-Help reads it offline, and this script turns it into the page
    each cmdlet's HelpUri points to (Get-Help <command> -Online), one "## <command>" heading per command.
    build.ps1 Docs runs it; a Pester test fails when docs/commands.md is not what it makes.
.EXAMPLE
    ./tools/Export-CommandReference.ps1 -Path ./docs/commands.md
#>
[CmdletBinding()]
param(
    [string] $HelpPath = (Join-Path $PSScriptRoot '../module/en-US/PSSecurityFeeds.dll-Help.xml'),
    [Parameter(Mandatory)] [string] $Path
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$namespaces = @{
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
    msh     = 'http://msh'
}
$help = [xml](Get-Content -LiteralPath $HelpPath -Raw -Encoding utf8)

# Always an array (the comma keeps PowerShell from unrolling a single text), so [0] is the first text, not its first character.
function Select-Text([System.Xml.XmlNode] $Node, [string] $XPath) {
    , @(Select-Xml -Xml $Node -XPath $XPath -Namespace $namespaces | ForEach-Object { $_.Node.InnerText.Trim() })
}

function Format-SyntaxParameter([System.Xml.XmlNode] $Parameter) {
    $name = "-$((Select-Text $Parameter 'maml:name')[0])"
    $value = Select-Text $Parameter 'command:parameterValue'
    $text = if ($value) { "$name <$($value[0])>" } else { $name }
    if ($Parameter.position -ne 'named') { $text = "[$name] " + $(if ($value) { "<$($value[0])>" } else { '' }) }
    if ($Parameter.required -ne 'true') { $text = "[$text]" }
    $text.Trim()
}

$commands = @(Select-Xml -Xml $help -XPath '/msh:helpItems/command:command' -Namespace $namespaces | ForEach-Object Node)
$page = [System.Collections.Generic.List[string]]::new()
$page.Add('# PSSecurityFeeds commands')
$page.Add('')
$page.Add('<!-- Made by tools/Export-CommandReference.ps1 (./build.ps1 Docs) from module/en-US/PSSecurityFeeds.dll-Help.xml: edit the MAML help, not this page. -->')
$page.Add('')
$page.Add('The same text as `Get-Help <command> -Full`; each command''s `Get-Help <command> -Online` opens its heading here.')
$page.Add('')
foreach ($command in $commands) {
    $name = (Select-Text $command 'command:details/command:name')[0]
    $page.Add("- [$name](#$($name.ToLowerInvariant())) — $((Select-Text $command 'command:details/maml:description/maml:para')[0])")
}

foreach ($command in $commands) {
    $name = (Select-Text $command 'command:details/command:name')[0]
    $page.Add('')
    $page.Add("## $name")
    $page.Add('')
    $page.Add((Select-Text $command 'command:details/maml:description/maml:para')[0])
    $page.Add('')
    $page.Add('### Syntax')
    $page.Add('')
    $page.Add('```')
    foreach ($syntax in Select-Xml -Xml $command -XPath 'command:syntax/command:syntaxItem' -Namespace $namespaces | ForEach-Object Node) {
        $parameters = @(Select-Xml -Xml $syntax -XPath 'command:parameter' -Namespace $namespaces | ForEach-Object { Format-SyntaxParameter $_.Node })
        $page.Add((@($name) + $parameters) -join ' ')
    }
    $page.Add('```')
    $page.Add('')
    $page.Add('### Description')
    foreach ($paragraph in Select-Text $command 'maml:description/maml:para') {
        $page.Add('')
        $page.Add($paragraph)
    }

    $parameters = @(Select-Xml -Xml $command -XPath 'command:parameters/command:parameter' -Namespace $namespaces | ForEach-Object Node)
    if ($parameters) {
        $page.Add('')
        $page.Add('### Parameters')
        $page.Add('')
        foreach ($parameter in $parameters) {
            $type = (Select-Text $parameter 'dev:type/maml:name')[0]
            $facts = @("``$type``")
            if ($parameter.required -eq 'true') { $facts += 'required' }
            if ($parameter.position -ne 'named') { $facts += "position $($parameter.position)" }
            if ($parameter.pipelineInput -ne 'False') { $facts += "pipeline input: $($parameter.pipelineInput)" }
            $default = Select-Text $parameter 'dev:defaultValue'
            if ($default -and $default[0] -notin 'None', 'False') { $facts += "default $($default[0])" }
            $page.Add("- **-$((Select-Text $parameter 'maml:name')[0])** ($($facts -join ', ')): $((Select-Text $parameter 'maml:description/maml:para') -join ' ')")
        }
    }

    $page.Add('')
    $page.Add('### Examples')
    $number = 0
    foreach ($example in Select-Xml -Xml $command -XPath 'command:examples/command:example' -Namespace $namespaces | ForEach-Object Node) {
        $number++
        $page.Add('')
        $page.Add("Example $number.")
        $page.Add('')
        $page.Add('```powershell')
        $page.Add((Select-Text $example 'dev:code')[0])
        $page.Add('```')
        foreach ($remark in Select-Text $example 'dev:remarks/maml:para') {
            $page.Add('')
            $page.Add($remark)
        }
    }

    $outputs = Select-Text $command 'command:returnValues/command:returnValue/dev:type/maml:name'
    $page.Add('')
    $page.Add("### Outputs")
    $page.Add('')
    $page.Add(($outputs | ForEach-Object { "``$_``" }) -join ', ')
    $links = Select-Text $command 'command:relatedLinks/maml:navigationLink/maml:linkText'
    if ($links) {
        $page.Add('')
        $page.Add('### Related')
        $page.Add('')
        $page.Add(($links | ForEach-Object { if ($_ -like 'about_*') { $_ } else { "[$_](#$($_.ToLowerInvariant()))" } }) -join ', ')
    }
}

# LF line endings and UTF-8 without BOM on every platform, so the page is the same wherever it is made.
[System.IO.File]::WriteAllText($Path, (($page -join "`n") + "`n"), [System.Text.UTF8Encoding]::new($false))
