using System.Buffers;
using System.Text;
using System.Text.Json;
using Orleans.Wandb.Grains.Json;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>The SDK's own settings inside a run's config: <c>config["_wandb"]["value"]</c>.</summary>
internal static class WandbConfig
{
    /// <summary>
    /// The branch point the clients put in the config of a forked or rewound run
    /// (<c>_wandb.branch_point = {"run_id": …, "step": …}</c>), or null when there is none.
    /// </summary>
    public static (string Run, double Step)? BranchPoint(string config)
    {
        if (LenientJson.Resolve(config, ["_wandb", "value", "branch_point"]) is not { } point
            || LenientJson.Resolve(point, ["run_id"]) is not { } rawRun
            || LenientJson.GetTopLevelNumber(point, "step") is not { } step)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<string>(rawRun) is { Length: > 0 } run ? (run, step) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The requested keys (all when null) of the SDK settings as a standard JSON object; <c>{}</c> when absent.</summary>
    public static string Select(string config, IReadOnlyList<string>? keys)
    {
        var settings = LenientJson.Resolve(config, ["_wandb", "value"]);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (settings is not null)
            {
                var state = (Writer: writer, Keys: keys is null ? null : new HashSet<string>(keys, StringComparer.Ordinal), Seen: new HashSet<string>(StringComparer.Ordinal));
                LenientJson.VisitMembers(settings, ref state, static (ref (Utf8JsonWriter Writer, HashSet<string>? Keys, HashSet<string> Seen) s, ReadOnlySpan<char> rawKey, JsonValueKind kind, ReadOnlySpan<char> raw) =>
                {
                    var key = LenientJson.UnescapeKey(rawKey);
                    if ((s.Keys is null || s.Keys.Contains(key)) && s.Seen.Add(key))
                    {
                        s.Writer.WritePropertyName(key);
                        LenientJson.WriteStandard(s.Writer, raw.ToString());
                    }
                });
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
