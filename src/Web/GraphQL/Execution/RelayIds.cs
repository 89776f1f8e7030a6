using System.Security.Cryptography;
using System.Text;

namespace Orleans.Wandb.Web.GraphQL.Execution;

/// <summary>
/// W&amp;B's relay-style object ids: <c>base64("Run:&lt;token&gt;")</c>. Clients treat them as opaque but some decode
/// them (artifact ids to hex), so they must be valid standard base64. Every id the endpoint hands out comes from here.
/// The store's numbers never appear in them: each is a <see cref="PublicIdCipher"/> token under the server's key
/// (<c>PublicIds:Key</c>), so ids neither count objects nor can be guessed from one another.
/// </summary>
public static class RelayIds
{
    // One key per server, set at start by the composition root (UsePublicIdKey) before any request is served; until then
    // (schema tools, unit tests) a random one.
    private static PublicIdCipher _cipher = new(RandomNumberGenerator.GetBytes(32));

    /// <summary>Sets the key ids are made with; every silo of a cluster must use the same one.</summary>
    public static void UseKey(ReadOnlySpan<byte> key) => _cipher = new PublicIdCipher(key);

    /// <summary>The opaque token that stands for a store number inside an id.</summary>
    public static string Token(long number) => _cipher.Encode(number);

    public static string Run(long id) => Encode("Run", Number(id));

    public static string Project(long id) => Encode("Project", Number(id));

    public static string User(long id) => Encode("User", Number(id));

    public static string Entity(string name) => Encode("Entity", name);

    public static string ApiKey(long id) => Encode("ApiKey", Number(id));

    public static string Invite(long id) => Encode("Invite", Number(id));

    public static string File(long runId, string name) => Encode("File", $"{Number(runId)}:{name}");

    /// <summary>A sweep's id: its grain key (<c>entity/project/sweep</c>), so a mutation addressing it by id alone finds it.</summary>
    public static string Sweep(string sweepKey) => Encode("Sweep", sweepKey);

    /// <summary>An agent's id: its sweep's key and its name (the heartbeat names nothing else).</summary>
    public static string Agent(string sweepKey, string agent) => Encode("Agent", $"{sweepKey}/{agent}");

    /// <summary>The text after <c>"{type}:"</c> in an encoded id, or null when the id is not of that type.</summary>
    public static string? TryDecodeText(string? id, string type)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 4096)
        {
            return null;
        }

        var buffer = new byte[id.Length];
        if (!Convert.TryFromBase64String(id, buffer, out var written))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, written);
        return text.StartsWith(type + ":", StringComparison.Ordinal) ? text[(type.Length + 1)..] : null;
    }

    /// <summary>Builds <c>base64("{type}:{value}")</c>.</summary>
    public static string Encode(string type, string value) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{type}:{value}"));

    /// <summary>
    /// Reads the number out of an id of the given type; false for any id this server did not hand out (bare or
    /// guessed numbers included).
    /// </summary>
    public static bool TryDecodeNumber(string? id, string type, out long value)
    {
        value = 0;
        return TryDecodeText(id, type) is { } token && _cipher.TryDecode(token, out value);
    }

    /// <summary>The number a bare <see cref="Token"/> stands for (SCIM ids); false for anything this server did not make.</summary>
    public static bool TryDecodeToken(string token, out long value) => _cipher.TryDecode(token, out value);

    /// <summary>Reads the run id and the file name out of a <see cref="File"/> id.</summary>
    public static bool TryDecodeFile(string? id, out long runId, out string name)
    {
        (runId, name) = (0, "");
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        var buffer = new byte[id.Length];
        if (!Convert.TryFromBase64String(id, buffer, out var written))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, written);
        var parts = text.Split(':', 3);
        if (parts is not ["File", var token, { Length: > 0 } file] || !_cipher.TryDecode(token, out runId))
        {
            return false;
        }

        name = file;
        return true;
    }

    private static string Number(long id) => Token(id);
}
