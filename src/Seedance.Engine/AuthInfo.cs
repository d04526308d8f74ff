using System.Collections.Generic;
using System.Text.Json;

namespace Seedance.Engine;

/// <summary>What <c>GET /v1/auth/me</c> says about the key's account (the payload shape is undocumented, so every field
/// is kept and the usual ones are typed when present).</summary>
public sealed class AuthInfo
{
    private AuthInfo()
    {
    }

    public string? Id { get; private set; }

    public string? Email { get; private set; }

    public string? Name { get; private set; }

    public string? OrganizationId { get; private set; }

    public IDictionary<string, object?> Properties { get; private set; } = new Dictionary<string, object?>();

    public override string ToString() =>
        Email ?? Name ?? (OrganizationId is null ? Id ?? "authenticated" : "organization " + OrganizationId);

    internal static AuthInfo FromElement(JsonElement element)
    {
        var user = JsonValues.TryGet(element, "user", out var nested) && nested.ValueKind == JsonValueKind.Object ? nested : element;
        return new AuthInfo
        {
            Id = JsonValues.String(user, "id", "user_id"),
            Email = JsonValues.String(user, "email"),
            Name = JsonValues.String(user, "name", "display_name"),
            OrganizationId = JsonValues.String(element, "org_id", "organization_id") ?? JsonValues.String(user, "org_id"),
            Properties = element.ValueKind == JsonValueKind.Object
                ? (IDictionary<string, object?>)JsonValues.ToPlain(element)!
                : new Dictionary<string, object?>(),
        };
    }
}
