using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace Seedance.Emulator;

/// <summary>A create body checked under the state lock: its problems, and what creates and renders the run or batch
/// when there are none.</summary>
internal sealed record CreatePlan(List<(string Field, string Message, string Code)> Problems, Func<JsonObject> Create);
