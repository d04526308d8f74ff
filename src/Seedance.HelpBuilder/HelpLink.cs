namespace Seedance.HelpBuilder;

/// <summary>A RELATED LINKS entry: another command or topic by name, or <c>[text](https://...)</c>.</summary>
internal sealed record HelpLink(string Text, string Uri);
