using System.Collections.Generic;
using System.Linq;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>Tab-completes run statuses with their documented API spellings.</summary>
public sealed class StatusCompleter : KnownValuesCompleter
{
    protected override IEnumerable<string> ValuesFor(string parameterName) => RunStatuses.Documented.Select(RunStatuses.ToApiString);
}
