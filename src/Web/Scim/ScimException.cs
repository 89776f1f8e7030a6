namespace Orleans.Wandb.Web.Scim;

/// <summary>
/// A SCIM request the server refuses, answered with RFC 7644's error body (section 3.12): the HTTP status, the
/// <c>scimType</c> keyword (<c>invalidFilter</c>, <c>invalidValue</c>, <c>invalidPath</c>, <c>uniqueness</c>,
/// <c>mutability</c>, <c>invalidSyntax</c>, <c>tooMany</c>; null where RFC 7644 defines none) and a detail for people.
/// </summary>
public sealed class ScimException(int status, string? scimType, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string? ScimType { get; } = scimType;

    public static ScimException BadRequest(string scimType, string detail) => new(400, scimType, detail);

    public static ScimException NotFound(string detail) => new(404, null, detail);
}
