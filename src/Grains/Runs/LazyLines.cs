using System.Collections;
using System.Text;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>
/// The lines of one chunk of a decoded run-log record, turned into strings only when read. Replaying a log
/// touches just the last few lines of each chunk (tails, summary), so most lines are never decoded.
/// </summary>
internal sealed class LazyLines(ReadOnlyMemory<byte> payload, int[] starts, int[] lengths) : IReadOnlyList<string>
{
    public int Count => starts.Length;

    public string this[int index] => Encoding.UTF8.GetString(payload.Span.Slice(starts[index], lengths[index]));

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < starts.Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
