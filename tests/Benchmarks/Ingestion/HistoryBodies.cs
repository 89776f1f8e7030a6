using System.Globalization;
using System.Text;

namespace Orleans.Wandb.Benchmarks.Ingestion;

/// <summary>
/// file_stream bodies shaped like the Python client's: history lines with N float metrics plus _timestamp,
/// _runtime and _step, at consecutive offsets. The metric part is rendered once per line slot so the load
/// generator spends its CPU on sending, not on formatting doubles.
/// </summary>
public sealed class HistoryBodies
{
    private readonly string[] _linePrefixes;

    public HistoryBodies(int rowsPerBody, int metrics)
    {
        var random = new Random(42);
        _linePrefixes = new string[rowsPerBody];
        for (var row = 0; row < rowsPerBody; row++)
        {
            var line = new StringBuilder("{");
            for (var m = 0; m < metrics; m++)
            {
                line.Append(CultureInfo.InvariantCulture, $"\\\"metric_{m}\\\": {random.NextDouble():R}, ");
            }

            _linePrefixes[row] = line.ToString();
        }
    }

    public int RowsPerBody => _linePrefixes.Length;

    /// <summary>The body that writes rows [offset, offset + RowsPerBody) of one run.</summary>
    public byte[] Build(int offset)
    {
        var body = new StringBuilder(_linePrefixes.Length * (_linePrefixes[0].Length + 80) + 100);
        body.Append("{\"files\":{\"wandb-history.jsonl\":{\"offset\":").Append(offset).Append(",\"content\":[");
        for (var row = 0; row < _linePrefixes.Length; row++)
        {
            var step = offset + row;
            body.Append(row == 0 ? "\"" : ",\"").Append(_linePrefixes[row])
                .Append(CultureInfo.InvariantCulture, $"\\\"_timestamp\\\": {1795673711.0 + step * 0.01:R}, \\\"_runtime\\\": {step * 0.01:R}, \\\"_step\\\": {step}}}\"");
        }

        body.Append("]}},\"dropped\":0}");
        return Encoding.UTF8.GetBytes(body.ToString());
    }
}
